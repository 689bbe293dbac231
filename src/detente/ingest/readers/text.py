"""The plain-text reader: one file, one article (scraped pages keep their furniture; it is removed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from detente.ingest.readers.common import Rejected, article_from_text, read_text_file
from detente.ingest.readers.registry import register_reader
from detente.model.article import Article


@register_reader("text", suffixes=(".txt", ".text", ".md"))
def read_text(path: Path, default_date: date | None, max_bytes: int) -> Iterator[Article | Rejected]:
    text = read_text_file(path, max_bytes)
    if isinstance(text, Rejected):
        yield text
    else:
        yield article_from_text(text, str(path), None, {}, default_date, fmt="text")
