"""Workspace settings: a few named values chosen by the analyst and kept with the workspace."""

from __future__ import annotations

from detente.store.sql import utc_now
from detente.store.workspace import Workspace


def get_setting(workspace: Workspace, key: str) -> str | None:
    """The value stored under ``key``, or None."""
    row = workspace.connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row is not None else None


def set_setting(workspace: Workspace, key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing any earlier one."""
    with workspace.transaction() as conn:
        conn.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            (key, value, utc_now()),
        )
