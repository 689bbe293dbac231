"""Ingest: paths, folders, plain text, HTML and JSONL in; immutable :class:`~detente.model.Article` out."""

from detente.ingest.batch import IngestReport, Outcome, discover, ingest_paths
from detente.ingest.boilerplate import CleanedText, clean_scraped_text
from detente.ingest.readers import DEFAULT_MAX_BYTES, Rejected, read_input

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CleanedText",
    "IngestReport",
    "Outcome",
    "Rejected",
    "clean_scraped_text",
    "discover",
    "ingest_paths",
    "read_input",
]
