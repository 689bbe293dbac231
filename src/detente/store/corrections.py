"""Analysts' corrections in the workspace: added, listed, undone (the row stays, marked undone)."""

from __future__ import annotations

import json
from typing import Any

from detente.errors import StoreError
from detente.model.correction import Correction, CorrectionKind
from detente.store.sql import utc_now
from detente.store.workspace import Workspace

_COLUMNS = "id, kind, subject, value, author, made_at, reason, undone_at, undone_by"


def add_correction(workspace: Workspace, kind: CorrectionKind, subject: str, value: Any, *, author: str,
                   reason: str | None = None) -> Correction:  # fmt: skip
    """Store a correction (``value`` as JSON) and return it with its id."""
    with workspace.transaction() as conn:
        row = conn.execute(
            f"INSERT INTO corrections (kind, subject, value, author, made_at, reason) VALUES (?, ?, ?, ?, ?, ?)"
            f" RETURNING {_COLUMNS}",
            (kind, subject, json.dumps(value), author, utc_now(), reason),
        ).fetchone()
    return _correction(row)


def load_corrections(workspace: Workspace, *, include_undone: bool = False) -> list[Correction]:
    """The corrections in the order they were made (the active ones only, unless ``include_undone``)."""
    query = f"SELECT {_COLUMNS} FROM corrections"
    if not include_undone:
        query += " WHERE undone_at IS NULL"
    rows = workspace.connection.execute(query + " ORDER BY id").fetchall()
    return [_correction(row) for row in rows]


def undo_correction(workspace: Workspace, correction_id: int, *, author: str) -> Correction:
    """Mark a correction undone; it stops applying from now on and stays in the history."""
    with workspace.transaction() as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM corrections WHERE id = ?", (correction_id,)).fetchone()
        if row is None:
            raise StoreError(f"no correction {correction_id}", where=str(workspace.root),
                             fix="see the ids with `detente corrections list`")  # fmt: skip
        if row["undone_at"] is not None:
            raise StoreError(f"correction {correction_id} was undone already ({row['undone_at']})",
                             where=str(workspace.root), fix="make the correction again to restore it")  # fmt: skip
        row = conn.execute(
            f"UPDATE corrections SET undone_at = ?, undone_by = ? WHERE id = ? RETURNING {_COLUMNS}",
            (utc_now(), author, correction_id),
        ).fetchone()
    return _correction(row)


def alias_extension(workspace: Workspace) -> tuple[tuple[str, str], ...]:
    """The active alias and place corrections as one knowledge-base extension ``("corrections", YAML text)``, or
    nothing. (JSON is YAML; ``aliases`` maps a surface text to an actor id, ``places`` lists the places added.)"""
    rows = workspace.connection.execute(
        "SELECT kind, subject, value FROM corrections WHERE kind IN ('alias', 'place') AND undone_at IS NULL"
        " ORDER BY id"
    ).fetchall()
    if not rows:
        return ()
    aliases = {row["subject"]: json.loads(row["value"]) for row in rows if row["kind"] == "alias"}
    places = [{**json.loads(row["value"]), "name": row["subject"]} for row in rows if row["kind"] == "place"]
    sections: dict[str, Any] = {"aliases": aliases} if aliases else {}
    if places:
        sections["places"] = places
    return (("corrections", json.dumps(sections, sort_keys=True)),)


def _correction(row: Any) -> Correction:
    values = {name: row[name] for name in _COLUMNS.split(", ")}
    values["value"] = json.loads(values["value"])
    return Correction(**values)
