"""Readers: one input file to articles, one reader per format (plain text, HTML, JSONL).

A reader never raises for bad content: it yields :class:`Rejected` with a one-line reason and goes on, so one
broken article never sinks a batch.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from detente.errors import IngestError
from detente.ingest.boilerplate import clean_scraped_text
from detente.ingest.dates import find_date
from detente.ingest.decode import decode_text
from detente.model.article import Article, DateSource, InputFormat

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MIN_CHARS = 20
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_MARKUP = re.compile(r"<(?:p|div|br|article|span|a|h[1-6])\b[^>]*>", re.I)
_TEXT_FIELDS = ("text", "body", "content", "article")
_DATE_FIELDS = ("date", "published", "publication_date", "pub_date", "datetime")
_SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "sitename")
_BYLINE_FIELDS = ("byline", "author", "authors")


@dataclass(frozen=True)
class Rejected:
    """An input that yielded no article, and why."""

    path: str
    line: int | None
    reason: str

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


def format_of(path: Path, head: bytes) -> InputFormat:
    """The input format, from the suffix, or by sniffing the first bytes when the suffix says nothing."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if _HTML_START.match(head):
        return "html"
    if head.lstrip().startswith(b"{"):
        return "jsonl"
    return "text"


def parse_date(value: object) -> date | None:
    """A calendar date from a metadata value ("2016-09-09", "2016-09-09T10:00Z", "Sept. 9, 2016"), or None."""
    if isinstance(value, (int, float)) or not value:
        return None
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return find_date(text)


def read_input(
    path: Path, *, default_date: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejected]:
    """Read one input file into articles (several for JSONL), rejecting what is not usable."""
    where = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            yield Rejected(where, None, "empty file")
            return
        with path.open("rb") as handle:
            head = handle.read(1024)
        fmt = format_of(path, head)
        if fmt == "jsonl":
            yield from _read_jsonl(path, default_date=default_date, max_bytes=max_bytes)
            return
        if size > max_bytes:
            yield Rejected(where, None, _too_large(size, max_bytes))
            return
        text = decode_text(path.read_bytes(), where=where)
        yield (
            _article_from_html(text, where, None, {}, default_date)
            if fmt == "html"
            else _article_from_text(text, where, None, {}, default_date, fmt="text")
        )
    except IngestError as err:
        yield Rejected(where, None, err.what)
    except OSError as err:
        yield Rejected(where, None, f"cannot read file ({err.strerror or err})")


def _too_large(size: int, limit: int) -> str:
    return (
        f"too large: {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one article;"
        " split it or raise --max-bytes"
    )


def _read_jsonl(path: Path, *, default_date: date | None, max_bytes: int) -> Iterator[Article | Rejected]:
    where = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Rejected(where, number, _too_large(len(raw), max_bytes))
                continue
            try:
                record = json.loads(decode_text(raw, where=f"{where}:{number}"))
            except IngestError as err:
                yield Rejected(where, number, err.what)
                continue
            except json.JSONDecodeError as err:
                yield Rejected(where, number, f"invalid JSON ({err.msg} at column {err.colno}); fix or remove the line")
                continue
            if not isinstance(record, dict):
                yield Rejected(where, number, "not a JSON object; each line must be one article object")
                continue
            yield _article_from_record(record, where, number, default_date)


def _first(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _article_from_record(
    record: dict[str, Any], where: str, line: int, default_date: date | None
) -> Article | Rejected:
    metadata: dict[str, Any] = {
        "title": _first(record, ("title", "headline")),
        "source": _first(record, _SOURCE_FIELDS),
        "url": record.get("url"),
        "byline": _first(record, _BYLINE_FIELDS),
        "date": _first(record, _DATE_FIELDS),
    }
    if isinstance(metadata["byline"], list):
        metadata["byline"] = ", ".join(map(str, metadata["byline"]))
    metadata = {k: (str(v).strip() if v is not None else None) for k, v in metadata.items()}
    text = _first(record, _TEXT_FIELDS)
    if text is None and record.get("html"):
        text = str(record["html"])
    if isinstance(text, str) and _MARKUP.search(text):
        return _article_from_html(text, where, line, metadata, default_date)
    if not isinstance(text, str):
        fields = ", ".join(_TEXT_FIELDS)
        return Rejected(where, line, f"no article text: the object has none of the fields {fields} (or 'html')")
    return _article_from_text(text, where, line, metadata, default_date, fmt="jsonl")


def _article_from_text(
    text: str,
    where: str,
    line: int | None,
    metadata: dict[str, Any],
    default_date: date | None,
    *,
    fmt: InputFormat,
) -> Article | Rejected:
    cleaned = clean_scraped_text(text, title=metadata.get("title"))
    return _build(
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


def _article_from_html(
    html: str, where: str, line: int | None, metadata: dict[str, Any], default_date: date | None
) -> Article | Rejected:
    import trafilatura  # imported here: it takes a while to load, and text-only batches never need it

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as err:  # trafilatura raises a variety of lxml errors on broken markup
        return Rejected(where, line, f"unparseable HTML ({type(err).__name__}: {err})")
    found = doc if doc is not None and not isinstance(doc, dict) else None
    text = found.text if found is not None else None
    if not text:
        # lxml stops at 256 levels of nesting: pathological markup still gives up its text through the stdlib parser
        text = markup_text(html)
    if not text:
        return Rejected(where, line, "no article text found in the HTML (only page furniture, or empty body)")
    title = metadata.get("title") or getattr(found, "title", None)
    cleaned = clean_scraped_text(text, title=title)
    return _build(
        body=cleaned.body,
        where=where,
        line=line,
        fmt="html" if line is None else "jsonl",
        title=cleaned.title,
        byline=metadata.get("byline") or getattr(found, "author", None) or cleaned.byline,
        source=metadata.get("source") or getattr(found, "sitename", None) or cleaned.source,
        url=metadata.get("url") or getattr(found, "url", None),
        metadata_date=metadata.get("date") or getattr(found, "date", None),
        text_date=cleaned.dateline,
        default_date=default_date,
    )


class _TextCollector(HTMLParser):
    SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "noscript", "template", "head"})
    BLOCK = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "article", "section", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def markup_text(html: str) -> str:
    """The visible text of markup by the standard library's tolerant parser (no nesting limit), paragraphs kept."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    paragraphs = (" ".join(p.split()) for p in "".join(collector.parts).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _build(
    *,
    body: str,
    where: str,
    line: int | None,
    fmt: InputFormat,
    title: str | None,
    byline: str | None,
    source: str | None,
    url: str | None,
    metadata_date: str | None,
    text_date: str | None,
    default_date: date | None,
) -> Article | Rejected:
    if len(body.strip()) < MIN_CHARS:
        return Rejected(where, line, "empty: no article text left after removing page boilerplate")
    # the file's metadata, then the date the user gave, then the page's own date line
    published: date | None = parse_date(metadata_date)
    date_source: DateSource = "metadata" if published else "none"
    if published is None and default_date is not None:
        published, date_source = default_date, "cli"
    if published is None and (published := parse_date(text_date)):
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
