"""The dashboard's alerts API: thin views over :mod:`detente.system.alerts` and the workspace's alerts log.

- ``GET /api/alerts``: every alert, newest first, and the rules file (``alerts.yaml`` in the workspace folder);
- ``POST /api/alerts/check``: check the rules now (:func:`detente.pipeline.check_alerts`, as `detente alerts check`
  does: the ``cell_evidence`` rules draft their scenarios again); the new alerts, and all.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI

from detente import pipeline
from detente.store import Workspace
from detente.store.alerts import AlertRow, list_alerts
from detente.system.alerts import load_rules, rules_path, workspace_rules

if TYPE_CHECKING:
    from detente.web.app import Settings


def newest_first(workspace: Workspace) -> list[dict[str, Any]]:
    return [dataclasses.asdict(a) for a in reversed(list_alerts(workspace))]


def _rows(alerts: list[AlertRow]) -> list[dict[str, Any]]:
    return [dataclasses.asdict(a) for a in alerts]


def add_alerts_api(app: FastAPI, settings: Settings) -> None:
    @app.get("/api/alerts")
    def listed() -> dict[str, Any]:
        with Workspace.open(settings.workspace, create=False) as ws:
            rules = workspace_rules(ws)
            return {"alerts": newest_first(ws), "rules": str(rules), "rules_found": rules.is_file()}

    @app.post("/api/alerts/check")
    def check_now() -> dict[str, Any]:
        with settings.lock, Workspace.open(settings.workspace, create=False) as ws:
            new = pipeline.check_alerts(ws, load_rules(rules_path(ws, None)))
            return {"new": _rows(new), "alerts": newest_first(ws)}
