"""The alerts log on both backends: an item is logged once, listed in order; the forecasts' history is read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.store import Workspace
from detente.store.alerts import AlertRow, alerted, forecast_history, list_alerts, record_alerts
from detente.store.forecasts import save_forecasts
from postgres_support import Backend


@pytest.fixture
def ws(tmp_path: Path, backend: Backend) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws", database=backend.url()) as workspace:
        yield workspace


def test_an_item_is_logged_once(ws: Workspace) -> None:
    first = AlertRow("strikes", "d:1:5:ASSAULT", "ASSAULT RUS -> SYR", "d", "Jets struck the town.")
    added = record_alerts(ws, [first, AlertRow("actors", "actor:X", "new actor X")])
    assert [(a.rule, a.item) for a in added] == [("strikes", "d:1:5:ASSAULT"), ("actors", "actor:X")]
    assert all(a.id is not None and a.raised_at for a in added)
    assert record_alerts(ws, [first]) == []
    assert alerted(ws) == {("strikes", "d:1:5:ASSAULT"), ("actors", "actor:X")}
    listed = list_alerts(ws)
    assert [(a.rule, a.sentence) for a in listed] == [("strikes", "Jets struck the town."), ("actors", None)]


def test_forecast_history_reads_the_stored_forecasts(ws: Workspace) -> None:
    save_forecasts(
        ws, "k1", [{"scenario": "talks", "model": "eum", "runs": 0, "issues": [{"id": "a", "forecast": 40}]}]
    )
    save_forecasts(
        ws, "k2", [{"scenario": "talks", "model": "eum", "runs": 0, "issues": [{"id": "a", "forecast": 70}]}]
    )
    history = forecast_history(ws)
    assert [(f.scenario, f.model, f.result["issues"][0]["forecast"]) for f in history] == [
        ("talks", "eum", 40),
        ("talks", "eum", 70),
    ]
