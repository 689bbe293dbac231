"""Extraction results in the workspace: mentions, events, stated relations (with the pipeline version and the
Parquet partition that holds them), and the knowledge-base extensions the extraction used."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention
from detente.store.corrections import alias_extension
from detente.store.database import Database
from detente.store.sql import chunks, marks, utc_now
from detente.store.workspace import Workspace

# -- mentions ----------------------------------------------------------------------------------------------------
_MENTION_COLUMNS = ("kind", "entity", "start", "end", "text", "sentence_start", "sentence_end", "label", "sector",
                    "resolved", "value", "precision")  # fmt: skip


def save_extractions(
    conn: Database,
    items: Iterable[tuple[str, Iterable[Mention], Iterable[Event], Iterable[StatedRelation]]],
    pipeline: str,
    *,
    part: str | None = None,
) -> None:
    """Replace the mentions, events and stated relations of a batch of documents, ``(document_id, mentions, events,
    relations)`` each (inside an open transaction), in a few statements for the whole batch: re-extraction never
    duplicates. ``part`` names the Parquet partition that holds the same results, if any."""
    items = sorted(items, key=lambda item: item[0])
    ids = [item[0] for item in items]
    now = utc_now("microseconds")  # to the microsecond: two extractions in one second change the change stamp
    # the documents' extraction rows first: a concurrent writer of the same documents waits here, not after its
    # deletes, so two extractions of one document never both insert
    conn.executemany(
        "INSERT INTO extractions (document_id, extracted_at, pipeline, part) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (document_id) DO UPDATE SET extracted_at = excluded.extracted_at,"
        " pipeline = excluded.pipeline, part = excluded.part",
        [(document_id, now, pipeline, part) for document_id in ids],
    )
    for table in ("mentions", "events", "stated_relations"):
        for chunk in chunks(ids):
            conn.execute(f"DELETE FROM {table} WHERE document_id IN ({marks(len(chunk))})", chunk)
    conn.executemany(
        f"INSERT INTO mentions (document_id, {_columns(_MENTION_COLUMNS)}) VALUES ({marks(len(_MENTION_COLUMNS) + 1)})",
        [(d, *sql_row(m, _MENTION_COLUMNS)) for d, mentions, _, _ in items for m in mentions],
    )
    conn.executemany(
        f"INSERT INTO events (document_id, seq, {_columns(_EVENT_COLUMNS)}) VALUES ({marks(len(_EVENT_COLUMNS) + 2)})",
        [(d, seq, *sql_row(e, _EVENT_COLUMNS)) for d, _, events, _ in items for seq, e in enumerate(events)],
    )
    conn.executemany(
        f"INSERT INTO stated_relations (document_id, {_columns(_RELATION_COLUMNS)})"
        f" VALUES ({marks(len(_RELATION_COLUMNS) + 1)})",
        [(d, *(getattr(r, c) for c in _RELATION_COLUMNS)) for d, _, _, relations in items for r in relations],
    )


def load_mentions(workspace: Workspace, kind: str | None = None) -> list[tuple[str, Mention]]:
    query = f"SELECT document_id, {_columns(_MENTION_COLUMNS)} FROM mentions"
    args: tuple[str, ...] = ()
    if kind is not None:
        query += " WHERE kind = ?"
        args = (kind,)
    rows = workspace.connection.execute(query + ' ORDER BY document_id, start, "end", kind, entity', args).fetchall()
    out = []
    for row in rows:
        values = {c: row[c] for c in _MENTION_COLUMNS}
        values["resolved"] = bool(values["resolved"])
        values["value"] = date.fromisoformat(values["value"]) if values["value"] else None
        out.append((row["document_id"], Mention(**values)))
    return out


def extracted_documents(workspace: Workspace, *, pipeline: str | None = None) -> set[str]:
    """Documents extracted already (by ``pipeline``, when given: others need extracting again)."""
    if pipeline is None:
        rows = workspace.connection.execute("SELECT document_id FROM extractions").fetchall()
    else:
        rows = workspace.connection.execute(
            "SELECT document_id FROM extractions WHERE pipeline = ?", (pipeline,)
        ).fetchall()
    return {r[0] for r in rows}


# -- events and stated relations ------------------------------------------------------------------------------------
_EVENT_COLUMNS = ("type", "mode", "source", "target", "trigger", "start", "end", "sentence_start", "sentence_end",
                  "date", "date_precision", "date_from", "place", "confidence", "negated", "hypothetical", "claimed",
                  "reported_by", "score")  # fmt: skip
_RELATION_COLUMNS = ("kind", "source", "target", "cue", "start", "end", "sentence_start", "sentence_end")


def _columns(names: Iterable[str]) -> str:
    """Column names quoted: ``end`` is a reserved word in PostgreSQL."""
    return ", ".join(f'"{name}"' for name in names)


def sql_row(item: object, columns: Sequence[str]) -> tuple[object, ...]:
    """A mention's or an event's values as stored (in the database and in Parquet alike)."""
    return tuple(_to_sql(getattr(item, column)) for column in columns)


def _to_sql(value: object) -> object:
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load_events(workspace: Workspace) -> list[tuple[str, Event]]:
    rows = workspace.connection.execute(
        f"SELECT document_id, {_columns(_EVENT_COLUMNS)} FROM events ORDER BY document_id, seq"
    ).fetchall()
    out = []
    for row in rows:
        values = {c: row[c] for c in _EVENT_COLUMNS}
        for c in ("source", "target", "reported_by"):
            values[c] = tuple(json.loads(values[c]))
        values["date"] = date.fromisoformat(values["date"]) if values["date"] else None
        out.append((row["document_id"], Event(**values)))
    return out


def load_stated_relations(workspace: Workspace) -> list[tuple[str, StatedRelation]]:
    rows = workspace.connection.execute(
        f"SELECT document_id, {_columns(_RELATION_COLUMNS)} FROM stated_relations"
        ' ORDER BY document_id, start, "end", kind, source, target'
    ).fetchall()
    return [(row["document_id"], StatedRelation(**{c: row[c] for c in _RELATION_COLUMNS})) for row in rows]


# -- knowledge-base extensions ------------------------------------------------------------------------------------
def save_kb_extensions(workspace: Workspace, extensions: Iterable[tuple[str, str]]) -> None:
    """Record the users' knowledge-base files (name, YAML text) with the workspace, replacing earlier ones."""
    with workspace.transaction() as conn:
        conn.execute("DELETE FROM kb_extensions")
        conn.executemany("INSERT INTO kb_extensions (name, text, added) VALUES (?, ?, ?)",
                         [(name, text, utc_now()) for name, text in extensions])  # fmt: skip


def kb_extensions(workspace: Workspace) -> tuple[tuple[str, str], ...]:
    """The users' knowledge-base files, then the analysts' alias corrections (so they change the pipeline version:
    the next extraction uses them)."""
    rows = workspace.connection.execute("SELECT name, text FROM kb_extensions ORDER BY name").fetchall()
    return tuple((row["name"], row["text"]) for row in rows) + alias_extension(workspace)
