"""The workspace's alerts log (table ``alerts``, migration 0011): what each watch rule has raised, so that an item
alerts once; and the stored forecasts' history that forecast-move rules compare."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from detente.store.sql import utc_now
from detente.store.workspace import Workspace


@dataclass(frozen=True)
class StoredForecast:
    """One stored forecast (``forecasts`` table): the scenario's name, the model, when, and its result."""

    scenario: str
    model: str
    created_at: str
    result: dict[str, Any]


@dataclass(frozen=True)
class AlertRow:
    """One alert: the rule, the item it is about, one line on what matched, and the evidence (if any)."""

    rule: str
    item: str
    what: str
    document: str | None = None
    sentence: str | None = None
    raised_at: str | None = None
    id: int | None = None


def alerted(workspace: Workspace) -> set[tuple[str, str]]:
    """The (rule, item) pairs already alerted."""
    rows = workspace.connection.execute("SELECT rule, item FROM alerts").fetchall()
    return {(str(r["rule"]), str(r["item"])) for r in rows}


def record_alerts(workspace: Workspace, alerts: Iterable[AlertRow]) -> list[AlertRow]:
    """Log the alerts not logged before; returns those newly logged, with their id and time."""
    added: list[AlertRow] = []
    now = utc_now()
    with workspace.transaction() as conn:
        for a in alerts:
            row = conn.execute(
                "INSERT INTO alerts (rule, item, what, document, sentence, raised_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (rule, item) DO NOTHING RETURNING id",
                (a.rule, a.item, a.what, a.document, a.sentence, now),
            ).fetchone()
            if row is not None:
                added.append(AlertRow(a.rule, a.item, a.what, a.document, a.sentence, now, int(row[0])))
    return added


def list_alerts(workspace: Workspace) -> list[AlertRow]:
    """Every logged alert, oldest first."""
    rows = workspace.connection.execute(
        "SELECT id, rule, item, what, document, sentence, raised_at FROM alerts ORDER BY id"
    ).fetchall()
    return [AlertRow(r["rule"], r["item"], r["what"], r["document"], r["sentence"], r["raised_at"], int(r["id"]))
            for r in rows]  # fmt: skip


def forecast_history(workspace: Workspace) -> list[StoredForecast]:
    """Every stored forecast, oldest first."""
    rows = workspace.connection.execute(
        "SELECT scenario_name, model, created_at, result FROM forecasts ORDER BY created_at, scenario_key"
    ).fetchall()
    return [StoredForecast(str(r["scenario_name"]), str(r["model"]), str(r["created_at"]), json.loads(r["result"]))
            for r in rows]  # fmt: skip
