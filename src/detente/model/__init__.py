"""The conflict system as data: plain pydantic models, no behaviour beyond validation."""

from detente.model.article import Article, DateSource, content_hash
from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention

__all__ = ["Article", "DateSource", "Event", "Mention", "StatedRelation", "content_hash"]
