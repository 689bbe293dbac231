"""Ingest: paths, folders, plain text, HTML and JSONL in; immutable :class:`~detente.model.Article` out.

Ingest reads and returns articles; the store saves them (``detente.store.articles.ingest_paths``).
"""

from __future__ import annotations

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
