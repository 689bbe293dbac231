"""Small SQL helpers shared by the store's modules."""

from __future__ import annotations

from datetime import UTC, datetime


def marks(count: int) -> str:
    return ", ".join("?" * count)


def chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    """Ids in slices small enough for one ``IN (?, ...)`` list (SQLite's limit on parameters)."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
