"""``detente extract``, ``detente export``, ``detente actors``, ``detente places``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from detente import pipeline
from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, library_errors, open_workspace
from detente.extract.distributed import extract_distributed
from detente.extract.run import extract_workspace, set_kb_files
from detente.system import actors_frame, places_frame, write


@app.command()
def extract(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    force: Annotated[bool, typer.Option(help="Extract every document again, not only new ones.")] = False,
    kb: Annotated[
        list[Path] | None,
        typer.Option(
            "--kb", help="Knowledge-base extension (YAML, repeatable); kept with the workspace for later runs."
        ),
    ] = None,
    no_kb: Annotated[bool, typer.Option("--no-kb", help="Forget the workspace's knowledge-base extensions.")] = False,
    workers: Annotated[
        int | None, typer.Option(help="Extract on a local Dask cluster of N worker processes.", min=1)
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Extract on the Dask cluster of this scheduler (tcp://HOST:8786).")
    ] = None,
    partition_size: Annotated[int, typer.Option(help="Documents per Dask task and Parquet partition.", min=1)] = 64,
) -> None:
    """Find actors, places, dates, events and stated relations in every document not yet extracted.

    With --workers or --scheduler the work runs on Dask and the results are also written as partitioned Parquet
    (workspace/parquet/); a killed run resumes where it stopped."""
    with open_workspace(workspace, create=False) as ws, Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(), console=console, transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("extract", total=None, rate="")
        started = time.monotonic()

        def on_progress(done: int, total: int) -> None:
            elapsed = time.monotonic() - started
            rate = f"{done / elapsed:.1f} docs/s" if done and elapsed > 0 else ""
            progress.update(task, completed=done, total=total, rate=rate)

        with library_errors():
            if kb or no_kb:
                set_kb_files(ws, kb or [])
            if workers is not None or scheduler is not None:
                count = extract_distributed(ws, workers=workers, scheduler=scheduler, force=force,
                                            partition_size=partition_size, on_progress=on_progress)  # fmt: skip
            else:
                count = extract_workspace(ws, force=force, on_progress=on_progress)
    console.print(f"extracted {count} documents")


@app.command()
def export(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="json (detente.conflict/1), plover (JSONL), csv, parquet, graphml or gexf; "
            "default: from the file's suffix.",
        ),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("conflict.json"),
) -> None:
    """Write the conflict system, its event table or its relation graph (see docs/schema.md)."""
    with open_workspace(workspace, create=False) as ws, library_errors():
        system = pipeline.system(ws)
        write(system, output, format=format_)
    console.print(
        f"wrote {output}: {len(system.actors)} actors, {len(system.places)} places, "
        f"{len(system.events)} events, {len(system.relations)} relations"
    )


def frame_table(title: str, frame: pd.DataFrame) -> Table:
    table = Table(title=title, title_justify="left")
    for column in frame.columns:
        table.add_column(str(column), justify="right" if frame[column].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*("—" if v is None or v != v else str(v) for v in row))
    return table


@app.command()
def actors(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    unresolved: Annotated[bool, typer.Option(help="Also list actors not in the knowledge base.")] = False,
) -> None:
    """The actors found, by number of mentions."""
    with open_workspace(workspace, create=False) as ws, library_errors():
        frame = actors_frame(pipeline.system(ws))
    if not unresolved and not frame.empty:
        frame = frame[frame["resolved"]]
    console.print(frame_table(f"{len(frame)} actors", frame))


@app.command()
def places(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """The places found, with country and coordinates."""
    with open_workspace(workspace, create=False) as ws, library_errors():
        frame = places_frame(pipeline.system(ws))
    console.print(frame_table(f"{len(frame)} places", frame))
