"""Partitioned Parquet beside the workspace index: ``parquet/events/`` and ``parquet/mentions/``, one file per
partition of documents, written atomically (to a temporary name, then renamed). The database says which partition
holds each document (``extractions.part``); files that no row names are leftovers of an interrupted run."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from detente.store.extractions import _EVENT_COLUMNS, _MENTION_COLUMNS, sql_row
from detente.store.workspace import Workspace, write_atomically

TABLES = ("events", "mentions")


def folder(workspace: Workspace, table: str) -> Path:
    return workspace.root / "parquet" / table


def partition_tables(results: Sequence[Any]) -> dict[str, bytes]:
    """The events and mentions of one partition (``DocumentMentions`` results) as Parquet files' bytes: made where
    the results are (on a Dask worker), so the process that writes the files only writes bytes."""
    frames = {
        "events": pd.DataFrame(
            [(r.document, seq, *sql_row(e, _EVENT_COLUMNS)) for r in results for seq, e in enumerate(r.events)],
            columns=["document", "seq", *_EVENT_COLUMNS],
        ),
        "mentions": pd.DataFrame(
            [(r.document, *sql_row(m, _MENTION_COLUMNS)) for r in results for m in r.mentions],
            columns=["document", *_MENTION_COLUMNS],
        ),
    }  # fmt: skip
    tables = {}
    for table, frame in frames.items():
        buffer = io.BytesIO()
        frame.astype({"value": "string"} if "value" in frame else {}).to_parquet(buffer, index=False)
        tables[table] = buffer.getvalue()
    return tables


def write_partition(workspace: Workspace, part: str, tables: dict[str, bytes]) -> None:
    """Write one partition's Parquet files (from :func:`partition_tables`) atomically: a temporary name, renamed."""
    for table, data in tables.items():
        write_atomically(folder(workspace, table) / f"part-{part}.parquet", data)


def referenced(workspace: Workspace) -> set[str]:
    rows = workspace.connection.execute("SELECT DISTINCT part FROM extractions WHERE part IS NOT NULL").fetchall()
    return {row[0] for row in rows}


def remove_orphans(workspace: Workspace) -> int:
    """Delete partition files (and temporary files) that no extracted document refers to; returns how many."""
    keep = referenced(workspace)
    removed = 0
    for table in TABLES:
        here = folder(workspace, table)
        if not here.is_dir():
            continue
        for path in here.iterdir():
            name = path.name
            if name.endswith(".tmp") or (name.startswith("part-") and name[5:].split(".")[0] not in keep):
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def read_table(workspace: Workspace, table: str, parts: Iterable[str] | None = None) -> pd.DataFrame:
    """One table over the partitions the database refers to (all of them by default)."""
    owner = dict(workspace.connection.execute("SELECT document_id, part FROM extractions WHERE part IS NOT NULL"))
    frames = []
    for part in sorted(set(owner.values()) if parts is None else parts):
        path = folder(workspace, table) / f"part-{part}.parquet"
        if path.is_file():
            frame = pd.read_parquet(path)
            # a document extracted again since lives in a newer partition: read each document from its own only
            frames.append(frame[frame["document"].map(owner.get) == part])
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
