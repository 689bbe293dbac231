"""``detente extract``, ``detente export``, ``detente actors``, ``detente places``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from detente.build import actors_frame, conflict_system, extract_workspace, places_frame
from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, fail, library_errors, open_workspace


@app.command()
def extract(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    force: Annotated[bool, typer.Option(help="Extract every document again, not only new ones.")] = False,
) -> None:
    """Find and resolve the actors, places and dates of every document not yet extracted."""
    with open_workspace(workspace, create=False) as ws, Progress(
        TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console,
        transient=True,
    ) as progress:  # fmt: skip
        task = progress.add_task("extract", total=None)

        def on_progress(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        with library_errors():
            count = extract_workspace(ws, force=force, on_progress=on_progress)
    console.print(f"extracted {count} documents")


@app.command()
def export(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    format_: Annotated[str, typer.Option("--format", help="Output format: json.")] = "json",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("conflict.json"),
) -> None:
    """Write the conflict system (schema detente.conflict/1, see docs/schema.md)."""
    if format_ != "json":
        fail(f"--format {format_!r} is not supported yet; use --format json")
    with open_workspace(workspace, create=False) as ws, library_errors():
        system = conflict_system(ws)
    output.write_text(json.dumps(system, indent=1, ensure_ascii=False), encoding="utf-8")
    console.print(f"wrote {output}: {len(system['actors'])} actors, {len(system['places'])} places")


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
        frame = actors_frame(conflict_system(ws))
    if not unresolved and not frame.empty:
        frame = frame[frame["resolved"]]
    console.print(frame_table(f"{len(frame)} actors", frame))


@app.command()
def places(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """The places found, with country and coordinates."""
    with open_workspace(workspace, create=False) as ws, library_errors():
        frame = places_frame(conflict_system(ws))
    console.print(frame_table(f"{len(frame)} places", frame))
