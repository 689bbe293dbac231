"""Gather what a report shows from a workspace and a scenario: the stored conflict system, its documents, and the
forecast of each requested model (run by ``detente.bargain``; the report itself computes nothing)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from detente.bargain import forecast, models
from detente.report.view import view_model
from detente.scenario.model import Scenario
from detente.store import Workspace
from detente.system import ConflictSystem

DEFAULT_RUNS = 200
DEFAULT_SEED = 2016
OnProgress = Callable[[int, int], None]


def forecasts_for(scenario: Scenario, model_names: Sequence[str] = (), *, runs: int = DEFAULT_RUNS,
                  seed: int | None = DEFAULT_SEED, on_progress: OnProgress | None = None) -> list[Any]:  # fmt: skip
    """One forecast per model (every registered model when none is named), each with its Monte Carlo;
    ``on_progress(done, total)`` counts the runs of all models together."""
    names = list(model_names) or [spec.name for spec in models()]
    results = []
    for m, name in enumerate(names):

        def step(done: int, _: int, before: int = m * runs) -> None:
            if on_progress is not None:
                on_progress(before + done, runs * len(names))

        results.append(forecast(scenario, name, runs=runs, seed=seed, on_progress=step))
        step(runs, runs)
    return results


def gather(
    workspace: Workspace,
    *,
    scenario: Scenario | None = None,
    model_names: Sequence[str] = (),
    runs: int = DEFAULT_RUNS,
    seed: int | None = DEFAULT_SEED,
    title: str | None = None,
    on_progress: OnProgress | None = None,
) -> dict[str, Any]:
    """The report's view model for a workspace (and a scenario with its forecasts, when given)."""
    system = ConflictSystem.from_workspace(workspace)
    results = (forecasts_for(scenario, model_names, runs=runs, seed=seed, on_progress=on_progress)
               if scenario is not None else [])  # fmt: skip
    return view_model(system.data, workspace.documents(), scenario=scenario, forecasts=results, title=title)
