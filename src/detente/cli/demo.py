"""``detente demo``: the main job on the bundled example corpus."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import WorkspaceOption, app, fail, get_console, library_errors, open_workspace

if TYPE_CHECKING:
    from detente.bargain.forecast import Forecast
    from detente.scenario import Scenario
    from detente.system import ConflictSystem

DEFAULT_CORPUS = Path("examples/syria-2016")


@app.command()
def demo(
    corpus: Annotated[Path, typer.Option(help="Example corpus folder (with articles/ inside).")] = DEFAULT_CORPUS,
    workspace: WorkspaceOption = Path(".demo-workspace"),
) -> None:
    """Run the main job on the example corpus (Syrian war diplomacy, 2015-2017) and print a summary."""
    from detente.cli.docs import document_rows
    from detente.cli.ingest import print_report, run_ingest
    from detente.cli.output import frame_table, table
    from detente.extract.run import extract_workspace
    from detente.ingest import DEFAULT_MAX_BYTES
    from detente.report import view_model, write_html
    from detente.system import ConflictSystem, actors_frame, places_frame

    console = get_console()
    articles = corpus / "articles"
    if not articles.is_dir():
        fail(f"{articles}: no example corpus here; run the demo from the detente source folder or pass --corpus")
    console.rule("[bold]detente demo: the diplomacy of the Syrian war, 2015-2017")
    with open_workspace(workspace) as ws:
        report = run_ingest(ws, [articles], default_date=None, max_bytes=DEFAULT_MAX_BYTES)
        print_report(report)
        documents = ws.documents()
        console.print(
            table(
                f"{len(documents)} documents", document_rows(documents), ("id", "published", "source", "title", "words")
            )
        )
        with library_errors(), console.status("extracting actors, places, dates, events and relations"):
            extract_workspace(ws)
            conflict = ConflictSystem.from_workspace(ws)
    system = conflict.data
    actors = actors_frame(system)
    console.print(frame_table("Actors (most mentioned)", actors[actors["resolved"]].head(15)))
    console.print(frame_table("Places (most mentioned)", places_frame(system).head(10)))
    relations = conflict.relations_frame().drop(columns=["event_ids"])
    strongest = relations.reindex(relations["score"].abs().sort_values(ascending=False).index)
    console.print(frame_table(f"Relations ({len(relations)}; strongest by mean PLOVER intensity)", strongest.head(12)))
    timeline = conflict.timeline_frame(include_flagged=False)
    view = timeline[["date", "type", "mode", "source", "target", "place", "reports"]].copy()
    for column in ("source", "target"):
        view[column] = view[column].map(lambda v: ", ".join(v) or "—")
    console.print(frame_table(f"Timeline ({len(timeline)} events reported as fact; first 15)", view.head(15)))
    scenario_path = corpus / "scenario.yaml"
    if scenario_path.is_file():
        scenario, results = print_forecasts(scenario_path, conflict)
        with library_errors(), console.status("writing the report"):
            view = view_model(system, documents, scenario=scenario, forecasts=results)
            page = write_html(view, workspace / "report.html")
        console.print(f"Report: {page}  (open it in a browser; `detente serve -w {workspace} --scenario "
                      f"{scenario_path}` for the dashboard)")  # fmt: skip
    console.print(f"Workspace: {workspace}  (try `detente actors --workspace {workspace}`)")


def print_forecasts(path: Path, conflict: ConflictSystem) -> tuple[Scenario, list[Forecast]]:
    """The flagship scenario: what the articles support, and every model's forecast with a Monte Carlo."""
    from rich.table import Table

    from detente.draft import draft
    from detente.report.gather import forecasts_for
    from detente.scenario import load

    console = get_console()
    with library_errors():
        scenario = load(path)
        drafted = draft(conflict.data, issues=[i.id for i in scenario.issues])
        results = {result.model: result for result in forecasts_for(scenario)}  # every model, 200 runs, seed 2016
    filled = sum(1 for a in drafted["actors"] for v in a["positions"].values() if v["value"] is not None)
    console.rule(f"[bold]From news to forecast: {scenario.name}")
    console.print(f"Drafted from the articles: {len(drafted['actors'])} actors, {filled} positions with evidence "
                  f"(`detente scenario draft`); reviewed scenario: {path} (`detente scenario explain {path} USA "
                  f"leader_future` shows the sentences behind a value).")  # fmt: skip
    table = Table(title="Forecast per issue and model (Monte Carlo: 200 runs over the stated uncertainties, "
                  "90% interval)", title_justify="left")  # fmt: skip
    table.add_column("issue")
    for name in results:
        table.add_column(name.removeprefix("detente.").removesuffix(".v1"), justify="right")
    for k, issue in enumerate(scenario.issues):
        cells = []
        for result in results.values():
            item = result.issues[k]
            q = item.distribution.quantiles if item.distribution else None
            cells.append(f"{item.forecast:.0f}" + (f" ({q['q05']:.0f}-{q['q95']:.0f})" if q else ""))
        table.add_row(issue.id, *cells)
    console.print(table)
    for issue in scenario.issues:
        console.print(f"  {issue.id}: {issue.scale.low:g} = {issue.scale.low_label}, {issue.scale.high:g} = "
                      f"{issue.scale.high_label}")  # fmt: skip
    return scenario, list(results.values())
