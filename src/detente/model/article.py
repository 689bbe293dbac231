"""Article: one news text as read from an input, immutable, identified by the hash of its content."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DateSource = Literal["metadata", "text", "cli", "none"]
"""Where an article's publication date came from: the file's metadata (HTML meta tags, JSONL fields),
a dateline in the text, the ``--date`` option, or nowhere."""

InputFormat = str
"""The name of the reader an article was read with ("text", "html", "jsonl", ...: see ``detente.ingest.readers``)."""

_SPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """Unicode NFC, whitespace collapsed: two copies of one article differing only in layout hash alike."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """The SHA-256 hex digest of the normalised body text: the article's id."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


class Article(BaseModel):
    """One article: body text plus the metadata found for it. ``id`` is the content hash of ``text``."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=64, max_length=64)
    text: str = Field(min_length=1)
    title: str | None = None
    byline: str | None = None
    source: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: DateSource = "none"
    path: str
    line: int | None = None
    format: InputFormat

    @classmethod
    def from_parts(cls, *, text: str, path: str, format: InputFormat, **metadata: object) -> Article:
        """Build an article, deriving its id from its text."""
        return cls(id=content_hash(text), text=text, path=path, format=format, **metadata)  # type: ignore[arg-type]

    @property
    def short_id(self) -> str:
        """The first 12 hex digits of the id, enough to name an article on the command line."""
        return self.id[:12]

    @property
    def location(self) -> str:
        """Where the article came from: the path, with the line for JSONL inputs."""
        return f"{self.path}:{self.line}" if self.line is not None else self.path
