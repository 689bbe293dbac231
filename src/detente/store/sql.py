"""Small SQL helpers shared by the store's modules."""

from __future__ import annotations

from datetime import UTC, datetime


def marks(count: int) -> str:
    return ", ".join("?" * count)


def chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    """Ids in slices small enough for one ``IN (?, ...)`` list (SQLite's limit on parameters)."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def utc_now(timespec: str = "seconds") -> str:
    """Now in UTC as ISO 8601 text (``2016-09-23T14:05:00+00:00``); ``timespec`` as :meth:`datetime.isoformat`."""
    return datetime.now(UTC).isoformat(timespec=timespec)
