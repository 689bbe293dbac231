"""``detente ingest``: read articles into a workspace and account for every input."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import (
    DEFAULT_WORKSPACE,
    DatabaseOption,
    WorkspaceOption,
    app,
    check_input,
    fail,
    get_console,
    library_errors,
    note,
    open_workspace,
    parse_day,
)
from detente.cli.progress import progress

if TYPE_CHECKING:
    from detente.ingest import IngestReport
    from detente.store import Workspace

SHOW_REJECTED = 20
MAX_BYTES = 20 * 1024 * 1024  # detente.ingest.DEFAULT_MAX_BYTES, spelled out so that --help needs no import


def run_ingest(workspace: Workspace, paths: list[Path], *, default_date: date | None, max_bytes: int) -> IngestReport:
    """Ingest with a progress bar (on a terminal)."""
    from detente.store.articles import ingest_paths

    with progress("ingesting", "files") as on_progress, library_errors():
        return ingest_paths(workspace, paths, default_date=default_date, max_bytes=max_bytes, on_progress=on_progress)


def print_report(report: IngestReport) -> None:
    from rich.table import Table

    console = get_console()
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
            help="Publication date (YYYY-MM-DD) for articles that state none; also applied to such articles "
            "already in the workspace.",
        ),
    ] = None,
    max_bytes: Annotated[int, typer.Option(help="Largest article accepted, in bytes.", min=1)] = MAX_BYTES,
    database: DatabaseOption = None,
) -> None:
    """Read news articles into the workspace; every input is reported as ingested, duplicate or rejected."""
    day = parse_day(date_, "--date")
    default_date = date.fromisoformat(day) if day else None
    for path in paths:
        check_input(path, "file or folder")
    with open_workspace(workspace, database=database) as ws:
        report = run_ingest(ws, paths, default_date=default_date, max_bytes=max_bytes)
    print_report(report)
    if report.redated:
        note(f"--date {day} applied to {report.redated} document(s) already in the workspace that stated no date; "
             f"their extractions used the old date: run `detente extract --force -w {workspace}`")  # fmt: skip
    if not report.usable:
        fail("nothing usable was read (see the reasons above)", "give news articles: .txt, .html or .jsonl", code=1)
