"""The reader registry: one reader per input format, keyed by the format's name.

A reader module registers itself with :func:`register_reader` (the suffixes it reads, an optional sniffer for
files whose suffix says nothing) and is found by :func:`reader_for`. Every module of this package is imported
when the package is, so adding a format (RSS, PDF) is one new module here and its test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from detente.errors import UnknownModelError
from detente.ingest.readers.common import Rejected
from detente.model.article import Article

ReadFunction = Callable[[Path, date | None, int], Iterator[Article | Rejected]]
"""``read(path, default_date, max_bytes)``: the file's articles, or why each input was rejected."""


@dataclass(frozen=True)
class Reader:
    """One input format: its name (stored as the documents' ``format``), suffixes, sniffer and read function."""

    name: str
    suffixes: frozenset[str]
    read: ReadFunction
    sniff: Callable[[bytes], bool] | None = None
    priority: int = 0  # sniffers are tried from the highest priority down


READERS: dict[str, Reader] = {}


def register_reader(
    name: str, *, suffixes: tuple[str, ...], sniff: Callable[[bytes], bool] | None = None, priority: int = 0
) -> Callable[[ReadFunction], ReadFunction]:
    """Register ``read`` as the reader of format ``name`` (a decorator)."""

    def add(read: ReadFunction) -> ReadFunction:
        READERS[name] = Reader(name, frozenset(s.lower() for s in suffixes), read, sniff, priority)
        return read

    return add


def get_reader(name: str) -> Reader:
    """The reader registered as ``name``; an unknown name raises an error listing the known ones."""
    try:
        return READERS[name]
    except KeyError:
        raise UnknownModelError(
            f"no input reader named {name!r}", fix=f"use one of: {', '.join(sorted(READERS))}"
        ) from None


def supported_suffixes() -> frozenset[str]:
    """Every file suffix some reader reads (folders are searched for these)."""
    return frozenset(s for reader in READERS.values() for s in reader.suffixes)


def reader_for(path: Path, head: bytes, *, fallback: str = "text") -> Reader:
    """The reader of a file: by its suffix, else by sniffing its first bytes, else ``fallback``."""
    suffix = path.suffix.lower()
    for reader in READERS.values():
        if suffix in reader.suffixes:
            return reader
    for reader in sorted(READERS.values(), key=lambda r: -r.priority):
        if reader.sniff is not None and reader.sniff(head):
            return reader
    return get_reader(fallback)
