"""The conflict system as data: plain pydantic models, no behaviour beyond validation."""

from detente.model.article import Article, DateSource, content_hash

__all__ = ["Article", "DateSource", "content_hash"]
