"""``detente report``: the conflict system and the forecast as one self-contained HTML file (and PNGs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente import pipeline
from detente.bargain.montecarlo import DEFAULT_RUNS, DEFAULT_SEED
from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, library_errors, open_workspace
from detente.scenario import load


@app.command()
def report(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    scenario: Annotated[
        Path | None, typer.Option(help="Scenario file (.yaml or .csv): adds the forecast of every model.")
    ] = None,
    model: Annotated[list[str] | None, typer.Option(help="Only this model (repeatable); default: every model.")] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs per model.", min=1)] = DEFAULT_RUNS,
    seed: Annotated[int, typer.Option(help="Seed of the Monte Carlo draws.")] = DEFAULT_SEED,
    title: Annotated[str | None, typer.Option(help="Title of the report (default: the scenario's name).")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
    png: Annotated[
        bool, typer.Option("--png", help="Also write every chart as PNG into OUTPUT's name + '-charts/'.")
    ] = False,
) -> None:
    """Write the report: actor network, timeline, map, forecast and evidence, readable offline."""
    with open_workspace(workspace, create=False) as ws, library_errors():
        loaded = load(scenario) if scenario is not None else None
        with console.status("building the report"):
            written = pipeline.report(
                ws,
                output,
                scenario=loaded,
                model_names=model or [],
                runs=runs,
                seed=seed,
                title=title,
                png=output.with_name(output.stem + "-charts") if png else None,
            )
    size = written.page.stat().st_size / 1e6
    console.print(f"wrote {written.page} ({size:.1f} MB; {written.events} events, {written.forecasts} forecasts)")
    if written.charts:
        console.print(f"wrote {len(written.charts)} PNG charts to {written.charts[0].parent}")
