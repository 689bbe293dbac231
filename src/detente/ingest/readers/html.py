"""The HTML reader: the article's text and metadata by trafilatura, the standard library's parser as fallback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from detente.ingest.boilerplate import clean_scraped_text
from detente.ingest.readers.common import Rejected, build_article, read_text_file
from detente.ingest.readers.registry import register_reader
from detente.model.article import Article

_HTML_START = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.I)


def _looks_like_html(head: bytes) -> bool:
    return _HTML_START.match(head) is not None


@register_reader("html", suffixes=(".html", ".htm", ".xhtml"), sniff=_looks_like_html, priority=10)
def read_html(path: Path, default_date: date | None, max_bytes: int) -> Iterator[Article | Rejected]:
    text = read_text_file(path, max_bytes)
    if isinstance(text, Rejected):
        yield text
    else:
        yield article_from_html(text, str(path), None, {}, default_date)


def article_from_html(
    html: str, where: str, line: int | None, metadata: dict[str, Any], default_date: date | None
) -> Article | Rejected:
    """An article from a page's markup (a whole file, or a JSONL record's markup when ``line`` is given)."""
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
    return build_article(
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
