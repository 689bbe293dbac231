"""What every reader shares: the rejection record, whole-file reading with its limits, and article assembly.

A reader never raises for bad content: it yields :class:`Rejected` with a one-line reason and goes on, so one
broken article never sinks a batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import IngestError
from detente.ingest.boilerplate import clean_scraped_text
from detente.ingest.dates import find_date
from detente.ingest.decode import decode_text
from detente.model.article import Article, DateSource

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIN_CHARS = 20


@dataclass(frozen=True)
class Rejected:
    """An input that yielded no article, and why."""

    path: str
    line: int | None
    reason: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def too_large(size: int, limit: int) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one article;"
        " split it or raise --max-bytes"
    )


def read_text_file(path: Path, max_bytes: int) -> str | Rejected:
    """The decoded text of a one-article file, or why it cannot be one (too large, undecodable)."""
    size = path.stat().st_size
    if size > max_bytes:
        return Rejected(str(path), None, too_large(size, max_bytes))
    try:
        return decode_text(path.read_bytes(), where=str(path))
    except IngestError as err:
        return Rejected(str(path), None, err.what)


def parse_date(value: object) -> date | None:
    """A calendar date from a metadata value ("2016-09-09", "2016-09-09T10:00Z", "Sept. 9, 2016"), or None."""
    if isinstance(value, (int, float)) or not value:
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return find_date(text)


def article_from_text(
    text: str,
    where: str,
    line: int | None,
    metadata: dict[str, Any],
    default_date: date | None,
    *,
    fmt: str,
) -> Article | Rejected:
    """An article from plain (possibly scraped) text, its boilerplate removed; ``metadata`` wins over the text."""
    cleaned = clean_scraped_text(text, title=metadata.get("title"))
    return build_article(
        body=cleaned.body,
        where=where,
        line=line,
        fmt=fmt,
        title=cleaned.title,
        byline=metadata.get("byline") or cleaned.byline,
        source=metadata.get("source") or cleaned.source,
        url=metadata.get("url"),
        metadata_date=metadata.get("date"),
        text_date=cleaned.dateline,
        default_date=default_date,
    )


def build_article(
    *,
    body: str,
    where: str,
    line: int | None,
    fmt: str,
    title: str | None,
    byline: str | None,
    source: str | None,
    url: str | None,
    metadata_date: str | None,
    text_date: str | None,
    default_date: date | None,
) -> Article | Rejected:
    """The article, dated by its metadata, else ``default_date`` (the user's ``--date``), else the page's own date
    line; rejected when nearly empty."""
    if len(body.strip()) < MIN_CHARS:
        return Rejected(where, line, "empty: no article text left after removing page boilerplate")
    published: date | None = parse_date(metadata_date) if metadata_date else None
    date_source: DateSource = "metadata" if published else "none"
    if published is None and default_date is not None:
        published, date_source = default_date, "cli"
    if published is None and text_date and (published := parse_date(text_date)):
        date_source = "text"
    return Article.from_parts(
        text=body,
        path=where,
        line=line,
        format=fmt,
        title=title,
        byline=byline,
        source=source,
        url=url,
        published=published,
        published_source=date_source,
    )
