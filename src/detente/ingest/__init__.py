"""Ingest: paths, folders, plain text, HTML and JSONL in; immutable :class:`~detente.model.Article` out.

Ingest reads and returns articles; the store saves them (``detente.store.articles.ingest_paths``).
"""

from __future__ import annotations

from typing import Any

from detente.ingest.batch import IngestReport, Outcome, discover, read_paths
from detente.ingest.boilerplate import CleanedText, clean_scraped_text
from detente.ingest.readers import DEFAULT_MAX_BYTES, Rejected, read_input, register_reader

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CleanedText",
    "IngestReport",
    "Outcome",
    "Rejected",
    "clean_scraped_text",
    "discover",
    "read_input",
    "read_paths",
    "register_reader",
]


def __getattr__(name: str) -> Any:
    # ``ingest_paths`` moved to the store, which saves what ingest reads; this keeps old imports working until
    # every caller imports it from ``detente.store.articles`` (then delete it)
    if name == "ingest_paths":
        from detente.store.articles import ingest_paths

        return ingest_paths
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
