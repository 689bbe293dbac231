"""Gather what a report shows from a workspace and a scenario: the stored conflict system, its documents, and the
forecast of each requested model (run by ``detente.bargain``; the report itself computes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from detente.bargain import forecast, models
from detente.report.view import view_model
from detente.scenario.model import Scenario
from detente.store import Workspace
from detente.system import ConflictSystem

DEFAULT_RUNS = 200
DEFAULT_SEED = 2016


def forecasts_for(scenario: Scenario, model_names: Sequence[str] = (), *, runs: int = DEFAULT_RUNS,
                  seed: int | None = DEFAULT_SEED) -> list[Any]:  # fmt: skip
    """One forecast per model (every registered model when none is named), each with its Monte Carlo."""
    names = list(model_names) or [spec.name for spec in models()]
    return [forecast(scenario, name, runs=runs, seed=seed) for name in names]


def gather(
    workspace: Workspace,
    *,
    scenario: Scenario | None = None,
    model_names: Sequence[str] = (),
    runs: int = DEFAULT_RUNS,
    seed: int | None = DEFAULT_SEED,
    title: str | None = None,
) -> dict[str, Any]:
    """The report's view model for a workspace (and a scenario with its forecasts, when given)."""
    system = ConflictSystem.from_workspace(workspace)
    results = forecasts_for(scenario, model_names, runs=runs, seed=seed) if scenario is not None else []
    return view_model(system.data, workspace.documents(), scenario=scenario, forecasts=results, title=title)
