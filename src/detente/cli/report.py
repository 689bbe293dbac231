"""``detente report``: the conflict system and the forecast as one self-contained HTML file (and PNGs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    DEFAULT_WORKSPACE,
    RunsOption,
    ScenarioOption,
    SeedOption,
    WorkspaceOption,
    app,
    check_input,
    check_output,
    library_errors,
    open_workspace,
    require_extraction,
)
from detente.cli.progress import progress


@app.command()
def report(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    scenario: ScenarioOption = None,
    model: Annotated[list[str] | None, typer.Option(help="Only this model (repeatable); default: every model.")] = None,
    runs: RunsOption = DEFAULT_RUNS,
    seed: SeedOption = DEFAULT_SEED,
    title: Annotated[str | None, typer.Option(help="Title of the report (default: the scenario's name).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write (its folder must exist).")] = Path(
        "report.html"
    ),
    png: Annotated[
        bool, typer.Option("--png", help="Also write every chart as PNG into OUTPUT's name + '-charts/'.")
    ] = False,
) -> None:
    """Write the report: actor network, timeline, map, forecast and evidence, readable offline.

    With --scenario, every model's forecast (or each --model's) with its Monte Carlo is added."""
    check_output(output)
    if scenario is not None:
        check_input(scenario, "scenario file")
    with open_workspace(workspace, create=False) as ws, library_errors():
        require_extraction(ws)
        from detente import pipeline
        from detente.scenario import load

        loaded = load(scenario) if scenario is not None else None
        with progress("forecasting", "runs") as on_progress:
            written = pipeline.report(ws, output, scenario=loaded, model_names=model or [], runs=runs, seed=seed,
                                      title=title, png=output.with_name(output.stem + "-charts") if png else None,
                                      on_progress=on_progress)  # fmt: skip
    size = written.page.stat().st_size / 1e6
    typer.echo(f"wrote {written.page} ({size:.1f} MB; {written.events} events, {written.forecasts} forecasts)")
    if written.charts:
        typer.echo(f"wrote {len(written.charts)} PNG charts to {written.charts[0].parent}")
