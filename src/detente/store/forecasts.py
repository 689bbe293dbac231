"""Forecasts in the workspace: each model's result for a scenario (``detente.forecast/1`` JSON), keyed by the
scenario's content, the model, the number of Monte Carlo runs and the seed, so a report or the dashboard reads what
was computed instead of computing it again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from detente.store.sql import utc_now
from detente.store.workspace import Workspace

NO_SEED = -1


def scenario_key(scenario: Mapping[str, Any]) -> str:
    """The SHA-256 of a scenario's canonical JSON (sorted keys): equal scenarios, equal keys."""
    return hashlib.sha256(json.dumps(scenario, sort_keys=True, default=str).encode()).hexdigest()


def save_forecasts(workspace: Workspace, key: str, results: Iterable[Mapping[str, Any]]) -> None:
    """Store forecasts (their ``to_json()``) of the scenario with this key, replacing any of the same model, runs
    and seed. The time is kept to the microsecond: two forecasts stored in one second (a draft's before and after)
    keep their order, which forecast-move alerts read."""
    now = utc_now(timespec="microseconds")
    rows = [(key, str(r.get("scenario") or ""), str(r["model"]), int(r.get("runs") or 0),
             NO_SEED if r.get("seed") is None else int(r["seed"]), json.dumps(r), now)
            for r in results]  # fmt: skip
    with workspace.transaction() as conn:
        conn.executemany(
            "INSERT INTO forecasts (scenario_key, scenario_name, model, runs, seed, result, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (scenario_key, model, runs, seed)"
            " DO UPDATE SET result = excluded.result, created_at = excluded.created_at, "
            " scenario_name = excluded.scenario_name",
            rows,
        )


def load_forecasts(workspace: Workspace, key: str, *, runs: int | None = None,
                   seed: int | None = None) -> dict[str, dict[str, Any]]:  # fmt: skip
    """The stored forecasts of the scenario with this key, by model (for ``runs`` and ``seed`` when given)."""
    query = "SELECT model, result FROM forecasts WHERE scenario_key = ?"
    args: list[Any] = [key]
    if runs is not None:
        query += " AND runs = ?"
        args.append(runs)
        query += " AND seed = ?"
        args.append(NO_SEED if seed is None else seed)
    rows = workspace.connection.execute(query + " ORDER BY model, created_at", tuple(args)).fetchall()
    return {row["model"]: json.loads(row["result"]) for row in rows}
