"""The JSONL reader: one article object a line (text or markup, with its metadata fields)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import IngestError
from detente.ingest.decode import decode_text
from detente.ingest.readers.common import Rejected, article_from_text, too_large
from detente.ingest.readers.html import article_from_html
from detente.ingest.readers.registry import register_reader
from detente.model.article import Article

_MARKUP = re.compile(r"<(?:p|div|br|article|span|a|h[1-6])\b[^>]*>", re.I)
_TEXT_FIELDS = ("text", "body", "content", "article")
_DATE_FIELDS = ("date", "published", "publication_date", "pub_date", "datetime")
_SOURCE_FIELDS = ("source", "outlet", "publisher", "site", "sitename")
_BYLINE_FIELDS = ("byline", "author", "authors")


def _looks_like_jsonl(head: bytes) -> bool:
    return head.lstrip().startswith(b"{")


@register_reader("jsonl", suffixes=(".jsonl", ".ndjson", ".json"), sniff=_looks_like_jsonl, priority=5)
def read_jsonl(path: Path, default_date: date | None, max_bytes: int) -> Iterator[Article | Rejected]:
    where = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Rejected(where, number, too_large(len(raw), max_bytes))
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
        return article_from_html(text, where, line, metadata, default_date)
    if not isinstance(text, str):
        fields = ", ".join(_TEXT_FIELDS)
        return Rejected(where, line, f"no article text: the object has none of the fields {fields} (or 'html')")
    return article_from_text(text, where, line, metadata, default_date, fmt="jsonl")
