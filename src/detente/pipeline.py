"""The main job, step by step: ingest -> extract -> system -> draft -> forecast -> report.

Each step is one function over a workspace; :func:`run` chains them. The command line, the demo and the dashboard's
upload call these, so the job is written once. Forecasts are computed by :mod:`detente.bargain` and stored in the
workspace (:func:`forecasts`); the report reads the stored ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.bargain import forecast, get_model, models
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.sensitivity import sensitivities
from detente.defaults import DEFAULT_RUNS, DEFAULT_SEED
from detente.draft import draft as draft_from
from detente.draft.capability import MEASURES
from detente.draft.update import CellChange, update
from detente.errors import AlertRuleError, NotExtractedError, ScenarioError
from detente.extract.run import extract_workspace
from detente.ingest import DEFAULT_MAX_BYTES, IngestReport
from detente.model import Article, ConflictSystem
from detente.report import view_model, write_html, write_pngs
from detente.scenario import DraftScenario, Scenario, load, load_draft, parse_yaml, to_yaml
from detente.store import Workspace, extracted_documents, load_forecasts, save_forecasts, scenario_key
from detente.store.alerts import AlertRow
from detente.store.articles import ingest_paths
from detente.system import conflict_system
from detente.system.alerts import Rule
from detente.system.alerts import check as check_rules

Progress = Callable[[int, int], None]


def ingest(workspace: Workspace, paths: Iterable[str | Path], *, default_date: date | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, on_progress: Progress | None = None) -> IngestReport:  # fmt: skip
    """Read articles into the workspace; every input is accounted for as ingested, duplicate or rejected."""
    return ingest_paths(workspace, list(paths), default_date=default_date, max_bytes=max_bytes,
                        on_progress=on_progress)  # fmt: skip


def extract(workspace: Workspace, *, force: bool = False, on_progress: Progress | None = None) -> int:
    """Extract the documents not yet extracted (in process); returns how many were processed."""
    return extract_workspace(workspace, force=force, on_progress=on_progress)


def add_articles(workspace: Workspace, paths: Iterable[str | Path], **options: Any) -> tuple[IngestReport, int]:
    """Ingest and extract new articles (the dashboard's upload, a feed's new items)."""
    report = ingest(workspace, paths, **options)
    return report, extract(workspace)


def system(workspace: Workspace, *, documents: Sequence[Article] | None = None) -> ConflictSystem:
    """The workspace's conflict system (``documents``: already read, to spare reading them again); a
    :class:`NotExtractedError` when documents were ingested but never extracted (an empty system would look like
    articles that say nothing)."""
    built = conflict_system(workspace, documents=documents)
    if built.documents and not built.extracted and not extracted_documents(workspace):
        raise NotExtractedError(f"{len(built.documents)} documents were ingested but none extracted yet",
                                where=str(workspace.root), fix="run `detente extract` first")  # fmt: skip
    return built


def draft(workspace: Workspace, *, conflict: ConflictSystem | None = None, **options: Any) -> DraftScenario:
    """A scenario drafted from the workspace's conflict system (``conflict``: that system, already built; options
    as :func:`detente.draft.draft`)."""
    return draft_from(system(workspace) if conflict is None else conflict, **options)


def redraft(workspace: Workspace, previous: DraftScenario, *, conflict: ConflictSystem | None = None,
            evidence: bool = False, **options: Any) -> tuple[DraftScenario, list[CellChange]]:  # fmt: skip
    """A living scenario: ``previous`` drafted again from the workspace now (its issues, its capability measure
    unless ``capability`` is given), the analyst's cells kept; returns the updated draft and the cells that moved
    (with ``evidence``, also the cells whose evidence alone changed; see :mod:`detente.draft.update`)."""
    measure = options.pop("capability", None) or _measure_of(previous)
    fresh = draft(workspace, conflict=conflict, issues=[i.id for i in previous.issues], name=previous.name,
                  capability=measure, **options)  # fmt: skip
    return update(previous, fresh, evidence=evidence)


@dataclass(frozen=True)
class ScenarioUpdate:
    """What :func:`update_scenario` did: the updated draft, the cells that moved, and the forecast of the default
    (or chosen) model before and after, by issue (empty when not forecast; None for an issue not forecast)."""

    draft: DraftScenario
    changes: list[CellChange]
    model: str | None = None
    before: dict[str, float | None] = field(default_factory=dict)
    after: dict[str, float | None] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # why a forecast could not be made (the draft is written all the same)

    def by_issue(self) -> list[tuple[str, float | None, float | None, list[CellChange]]]:
        """Per issue of the draft: the forecast before, after, and the cells on it that moved."""
        return [(i.id, self.before.get(i.id), self.after.get(i.id), [c for c in self.changes if c.issue == i.id])
                for i in self.draft.issues]  # fmt: skip


def update_scenario(workspace: Workspace, previous: DraftScenario, *, forecast: bool = True,
                    model: str | None = None, runs: int = DEFAULT_RUNS, seed: int | None = DEFAULT_SEED,
                    **options: Any) -> ScenarioUpdate:  # fmt: skip
    """A living scenario brought up to date (:func:`redraft`, options as there), then, unless ``forecast`` is
    False, the forecast of the draft before and after by ``model`` (default: the default model), read from the
    workspace or computed and stored there (:func:`forecasts`), so forecast-move alert rules see the move."""
    name = get_model(model or DEFAULT_MODEL).name  # an unknown model is refused before any work is done
    updated, changes = redraft(workspace, previous, **options)
    if not forecast:
        return ScenarioUpdate(updated, changes)
    problems: list[str] = []
    before = _forecast_of(workspace, previous, name, runs, seed, problems)
    after = _forecast_of(workspace, updated, name, runs, seed, problems)
    return ScenarioUpdate(updated, changes, name, before, after, tuple(problems))


def _forecast_of(workspace: Workspace, drafted: DraftScenario, model: str, runs: int, seed: int | None,
                 problems: list[str]) -> dict[str, float | None]:  # fmt: skip
    """The stored (or computed and stored) forecast of a draft by issue; none, with the reason in ``problems``,
    when the draft cannot be forecast."""
    try:
        scenario = parse_yaml(to_yaml(drafted), source=drafted.name)
        result = forecasts(workspace, scenario, [model], runs=runs, seed=seed)[0]
    except ScenarioError as err:
        problems.append(str(err))
        return {}
    return {str(i["id"]): i.get("forecast") for i in result.get("issues", [])}


def check_alerts(workspace: Workspace, rules: Sequence[Rule]) -> list[AlertRow]:
    """Check watch rules over the workspace now and log the new alerts (:func:`detente.system.alerts.check`); the
    scenarios of ``cell_evidence`` rules are drafted again here over the same conflict system (:func:`redraft`),
    and each cell whose value or evidence changed is handed to the rules."""
    built = conflict_system(workspace)
    cells: dict[str, list[CellChange]] = {}
    for rule in rules:
        path = rule.cell_evidence
        if path is None or path in cells:
            continue
        try:
            previous = load_draft(path)
        except ScenarioError as err:
            raise AlertRuleError(f"rule {rule.name}: cannot read its scenario ({err.what})", where=path,
                                 fix="give cell_evidence the path of a drafted scenario YAML") from err  # fmt: skip
        cells[path] = redraft(workspace, previous, conflict=built, evidence=True)[1]
    return check_rules(workspace, rules, system=built, cells=cells)


def _measure_of(previous: DraftScenario) -> str:
    """The capability measure a draft was made with (its name, or the path of the analyst's table)."""
    recorded = previous.capability_measure or "military"
    name = recorded.split(":", 1)[0]
    if name in MEASURES:
        return name
    return recorded.removeprefix("the analyst's table ") if recorded.startswith("the analyst's table ") else "military"


def forecasts(
    workspace: Workspace, scenario: Scenario, model_names: Sequence[str] = (), *, runs: int = DEFAULT_RUNS,
    seed: int | None = DEFAULT_SEED, on_progress: Progress | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    """Each model's forecast of ``scenario`` (every registered model when none is named), with a Monte Carlo of
    ``runs`` draws: read from the workspace when stored, else computed, stored and returned (``detente.forecast/1``
    JSON). A seed is needed to store a result: without one, the forecasts are computed and not stored."""
    names = [spec.name for spec in models()] if not model_names else [*model_names]
    key = scenario_key(scenario.model_dump(mode="json"))
    stored = load_forecasts(workspace, key, runs=runs, seed=seed) if seed is not None else {}
    results: list[dict[str, Any]] = []
    fresh: list[dict[str, Any]] = []
    for m, name in enumerate(names):

        def step(done: int, _: int, before: int = m * runs) -> None:  # the runs of every model, counted together
            if on_progress is not None:
                on_progress(before + done, runs * len(names))

        found = stored.get(name) or next((r for model, r in stored.items() if model.endswith(f".{name}.v1")), None)
        if found is None:
            found = forecast(scenario, name, runs=runs, seed=seed, on_progress=step).to_json()
            fresh.append(found)
        results.append(found)
        step(runs, runs)
    if fresh and seed is not None:
        save_forecasts(workspace, key, fresh)
    return results


def report_view(
    workspace: Workspace, *, scenario: Scenario | None = None, model_names: Sequence[str] = (),
    runs: int = DEFAULT_RUNS, seed: int | None = DEFAULT_SEED, title: str | None = None,
    on_progress: Progress | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The report's view model: the stored conflict system, the stored forecasts (computed once if missing) and
    the cells that move the default model's forecast most (the first model's when the default is not shown)."""
    results = forecasts(workspace, scenario, model_names, runs=runs, seed=seed, on_progress=on_progress) \
        if scenario is not None else []  # fmt: skip
    documents = workspace.documents()
    return view_model(system(workspace, documents=documents), documents, scenario=scenario, forecasts=results,
                      title=title, sensitivity=sensitivity(scenario, [r["model"] for r in results]))  # fmt: skip


def sensitivity(scenario: Scenario | None, shown: Sequence[str]) -> dict[str, Any] | None:
    """What would change the forecast: :func:`detente.bargain.sensitivity.sensitivities` for the default model
    when it is among ``shown`` (else the first shown), as JSON for the report."""
    if scenario is None or not shown:
        return None
    default = get_model(DEFAULT_MODEL).name
    model = default if default in shown else shown[0]
    return {"model": model, "cells": [s.to_json() for s in sensitivities(scenario, model)]}


@dataclass(frozen=True)
class Report:
    """A written report: the page, its PNG charts, and how many events and forecasts it shows."""

    page: Path
    charts: list[Path]
    events: int
    forecasts: int


def report(workspace: Workspace, output: str | Path, *, png: str | Path | None = None, **options: Any) -> Report:
    """Write the self-contained HTML report (options as :func:`report_view`), and PNG charts into the folder
    ``png`` when given."""
    view = report_view(workspace, **options)
    page = write_html(view, output)
    charts = write_pngs(view, png) if png is not None else []
    return Report(page, charts, len(view["events"]), len(view["forecasts"]))


@dataclass
class JobResult:
    """What :func:`run` did: the ingest report, how many documents it extracted, the conflict system, the draft,
    the scenario forecast, its forecasts and the report written."""

    ingest: IngestReport
    extracted: int
    system: ConflictSystem
    draft: DraftScenario | None = None
    scenario: Scenario | None = None
    forecasts: list[dict[str, Any]] = field(default_factory=list)
    report: Path | None = None


def run(
    workspace: Workspace, paths: Iterable[str | Path], *, scenario: str | Path | None = None,
    report_path: str | Path | None = None, runs: int = DEFAULT_RUNS, seed: int | None = DEFAULT_SEED,
    default_date: date | None = None,
) -> JobResult:  # fmt: skip
    """The whole job: ingest ``paths``, extract, build the conflict system, draft a scenario on the issues of the
    reviewed ``scenario`` (when given), forecast that scenario with every model, and write the report."""
    ingested, extracted = add_articles(workspace, paths, default_date=default_date)
    documents = workspace.documents()
    result = JobResult(ingest=ingested, extracted=extracted, system=system(workspace, documents=documents))
    if scenario is not None:
        result.scenario = load(scenario)
        result.draft = draft_from(result.system, issues=[i.id for i in result.scenario.issues])
        result.forecasts = forecasts(workspace, result.scenario, runs=runs, seed=seed)
    if report_path is not None:
        view = view_model(result.system, documents, scenario=result.scenario, forecasts=result.forecasts,
                          sensitivity=sensitivity(result.scenario, [f["model"] for f in result.forecasts]))  # fmt: skip
        result.report = write_html(view, report_path)
    return result
