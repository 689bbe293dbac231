"""``detente ingest``: read articles into a workspace and account for every input."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from detente.cli.app import DEFAULT_WORKSPACE, DatabaseOption, WorkspaceOption, app, console, fail, open_workspace
from detente.ingest import DEFAULT_MAX_BYTES, IngestReport
from detente.store import Workspace
from detente.store.articles import ingest_paths

PROGRESS_AFTER = 5
SHOW_REJECTED = 20


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        fail(f"--date {value!r} is not a date; write it as YYYY-MM-DD, e.g. --date 2016-09-23")


def run_ingest(workspace: Workspace, paths: list[Path], *, default_date: date | None, max_bytes: int) -> IngestReport:
    """Ingest with a progress bar for batches of more than a few files."""
    progress: Progress | None = None
    task = None

    def on_progress(done: int, total: int) -> None:
        nonlocal progress, task
        if total <= PROGRESS_AFTER:
            return
        if progress is None:
            progress = Progress(
                TextColumn("ingesting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            progress.start()
            task = progress.add_task("ingest", total=total)
        assert task is not None
        progress.update(task, completed=done)

    try:
        return ingest_paths(workspace, paths, default_date=default_date, max_bytes=max_bytes, on_progress=on_progress)
    finally:
        if progress is not None:
            progress.stop()


def print_report(report: IngestReport) -> None:
    summary = Table(title="Ingest summary", show_header=True, title_justify="left")
    summary.add_column("ingested", justify="right", style="green")
    summary.add_column("duplicate", justify="right", style="yellow")
    summary.add_column("rejected", justify="right", style="red")
    summary.add_row(str(report.ingested), str(report.duplicates), str(len(report.rejected)))
    console.print(summary)
    rejected = report.rejected
    if rejected:
        table = Table(title="Rejected inputs", title_justify="left")
        table.add_column("input", overflow="fold")
        table.add_column("reason", overflow="fold")
        for outcome in rejected[:SHOW_REJECTED]:
            table.add_row(outcome.location, outcome.reason or "")
        console.print(table)
        if len(rejected) > SHOW_REJECTED:
            console.print(f"... and {len(rejected) - SHOW_REJECTED} more (`detente docs rejections` lists all)")


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders: .txt, .html, .jsonl (folders recursively).")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    date_: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="Publication date (YYYY-MM-DD) for articles whose metadata gives none; wins over dates in the text.",
        ),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest article accepted, in bytes.", min=1)] = DEFAULT_MAX_BYTES,
    database: DatabaseOption = None,
) -> None:
    """Read news articles into the workspace; every input is reported as ingested, duplicate or rejected."""
    default_date = _parse_date(date_)
    with open_workspace(workspace, database=database) as ws:
        report = run_ingest(ws, paths, default_date=default_date, max_bytes=max_bytes)
    print_report(report)
    if not report.usable:
        fail("nothing usable was read; see the reasons above", code=1)
