"""``detente demo``: the main job on the bundled example corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import WorkspaceOption, app, fail, get_console, library_errors, open_workspace

if TYPE_CHECKING:
    from detente.model import ConflictSystem
    from detente.scenario import DraftScenario, Scenario

DEFAULT_CORPUS = Path("examples/syria-2016")


@app.command()
def demo(
    corpus: Annotated[Path, typer.Option(help="Example corpus folder (with articles/ inside).")] = DEFAULT_CORPUS,
    workspace: WorkspaceOption = Path(".demo-workspace"),
) -> None:
    """Run the main job on the example corpus (Syrian war diplomacy, 2015-2017) and print a summary."""
    from detente import pipeline
    from detente.cli.docs import document_rows
    from detente.cli.ingest import print_report
    from detente.cli.output import table

    console = get_console()
    articles = corpus / "articles"
    if not articles.is_dir():
        fail(f"{articles}: no example corpus here; run the demo from the detente source folder or pass --corpus")
    console.rule("[bold]detente demo: the diplomacy of the Syrian war, 2015-2017")
    scenario_path = corpus / "scenario.yaml"
    with open_workspace(workspace) as ws, library_errors(), console.status("ingest, extract, draft, forecast, report"):
        job = pipeline.run(ws, [articles], scenario=scenario_path if scenario_path.is_file() else None,
                           report_path=workspace / "report.html")  # fmt: skip
        documents = ws.documents()
    print_report(job.ingest)
    console.print(table(f"{len(documents)} documents", document_rows(documents),
                        ("id", "published", "source", "title", "words")))  # fmt: skip
    print_system(job.system)
    if job.scenario is not None and job.draft is not None:
        print_forecasts(scenario_path, job.scenario, job.draft, job.forecasts)
    if job.report is not None:
        console.print(f"Report: {job.report}  (open it in a browser; `detente serve -w {workspace} --scenario "
                      f"{scenario_path}` for the dashboard)")  # fmt: skip
    console.print(f"Workspace: {workspace}  (try `detente actors --workspace {workspace}`)")


def print_system(system: ConflictSystem) -> None:
    """The conflict system in brief: actors, places, the strongest relations and the start of the timeline."""
    from detente.cli.output import frame_table
    from detente.system import actors_frame, places_frame, relations_frame, timeline_frame

    console = get_console()
    actors = actors_frame(system)
    console.print(frame_table("Actors (most mentioned)", actors[actors["resolved"]].head(15)))
    console.print(frame_table("Places (most mentioned)", places_frame(system).head(10)))
    relations = relations_frame(system).drop(columns=["event_ids"])
    strongest = relations.reindex(relations["score"].abs().sort_values(ascending=False).index)
    console.print(frame_table(f"Relations ({len(relations)}; strongest by mean PLOVER intensity)", strongest.head(12)))
    timeline = timeline_frame(system, include_flagged=False)
    view = timeline[["date", "type", "mode", "source", "target", "place", "reports"]].copy()
    for column in ("source", "target"):
        view[column] = view[column].map(lambda v: ", ".join(v) or "—")
    console.print(frame_table(f"Timeline ({len(timeline)} events reported as fact; first 15)", view.head(15)))


def print_forecasts(path: Path, scenario: Scenario, drafted: DraftScenario, results: list[dict[str, Any]]) -> None:
    """The flagship scenario: what the articles support, and every model's forecast with a Monte Carlo."""
    from rich.table import Table

    console = get_console()
    filled = sum(1 for a in drafted.actors for v in a.positions.values() if v is not None)
    console.rule(f"[bold]From news to forecast: {scenario.name}")
    console.print(f"Drafted from the articles: {len(drafted.actors)} actors, {filled} positions with evidence "
                  f"(`detente scenario draft`); reviewed scenario: {path} (`detente scenario explain {path} USA "
                  f"leader_future` shows the sentences behind a value).")  # fmt: skip
    table = Table(title="Forecast per issue and model (Monte Carlo: 200 runs over the stated uncertainties, "
                  "90% interval)", title_justify="left")  # fmt: skip
    table.add_column("issue")
    for result in results:
        table.add_column(str(result["model"]).removeprefix("detente.").removesuffix(".v1"), justify="right")
    for k, issue in enumerate(scenario.issues):
        cells = []
        for result in results:
            item = result["issues"][k]
            q = item.get("quantiles")
            cells.append(f"{item['forecast']:.0f}" + (f" ({q['q05']:.0f}-{q['q95']:.0f})" if q else ""))
        table.add_row(issue.id, *cells)
    console.print(table)
    for issue in scenario.issues:
        console.print(f"  {issue.id}: {issue.scale.low:g} = {issue.scale.low_label}, {issue.scale.high:g} = "
                      f"{issue.scale.high_label}")  # fmt: skip
