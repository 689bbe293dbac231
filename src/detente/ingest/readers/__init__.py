"""Readers: one input file to articles, one reader per format, registered by name (``registry.py``).

Built in: plain text (``text.py``), HTML (``html.py``), JSONL (``jsonl.py``). Every module of this package is
imported here, so a new format is one new module that calls :func:`register_reader`, and its test.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from detente.ingest.readers.common import DEFAULT_MAX_BYTES, Rejected, parse_date
from detente.ingest.readers.registry import READERS, Reader, get_reader, reader_for, register_reader, supported_suffixes
from detente.model.article import Article

_SHARED = frozenset({"common", "registry"})
for _module in pkgutil.iter_modules(__path__):
    if _module.name not in _SHARED and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")


def read_input(
    path: Path, *, default_date: date | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Rejected]:
    """Read one input file into articles (several for JSONL) with the reader of its format, rejecting what is
    not usable."""
    where = str(path)
    try:
        if path.stat().st_size == 0:
            yield Rejected(where, None, "empty file")
            return
        with path.open("rb") as handle:
            head = handle.read(1024)
        yield from reader_for(path, head).read(path, default_date, max_bytes)
    except OSError as err:
        yield Rejected(where, None, f"cannot read file ({err.strerror or err})")


__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "Reader",
    "Rejected",
    "get_reader",
    "parse_date",
    "read_input",
    "reader_for",
    "register_reader",
    "supported_suffixes",
]
