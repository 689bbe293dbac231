"""``detente watch``: follow feeds, URL lists and folders; ingest and extract what is new at each poll."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import (
    DEFAULT_WORKSPACE,
    DatabaseOption,
    WorkspaceOption,
    app,
    fail,
    library_errors,
    note,
    open_workspace,
)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``2h``, ``1d`` (a bare number: seconds)."""
    found = _INTERVAL.match(text.lower())
    if not found or float(found[1]) <= 0:
        fail(f"--every {text!r} is not an interval", "write it as 30s, 15m, 2h or 1d")
    return float(found[1]) * _UNIT[found[2]]


@app.command()
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(help="RSS or Atom feed URLs (http, https), URL list files (one article URL a line) or folders."),
    ],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
    polls: Annotated[
        int | None, typer.Option("--polls", help="Stop after this many polls (default: until Ctrl-C).", min=1)
    ] = None,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to one host.", min=0)] = 1.0,
    max_bytes: Annotated[int, typer.Option(help="Largest feed or page fetched, in bytes.", min=1)] = 5 * 1024 * 1024,
    timeout: Annotated[float, typer.Option(help="Longest time for one request, in seconds.", min=0.1)] = 30.0,
    database: DatabaseOption = None,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Watch rules (YAML) checked after each poll; see `alerts check`.")
    ] = None,
    webhook: Annotated[str | None, typer.Option("--webhook", help="POST each new alert as JSON to this URL.")] = None,
) -> None:
    """Follow news feeds: fetch new items politely (robots.txt, conditional requests, a delay per host, size and
    time limits), ingest and extract them; Ctrl-C or SIGTERM stops after the poll under way, and a watch started
    again goes on where it was: nothing is fetched twice. Watch rules
    (``--rules``, or ``alerts.yaml`` in the workspace) are checked after each poll and new alerts printed."""
    interval = parse_interval(every)
    if once and polls is not None:
        fail("give --once or --polls N, not both", "--once is --polls 1")
    from detente.cli.alerts import run_check
    from detente.ingest.fetch import Fetcher
    from detente.ingest.watch import PollReport, follow, poll, stop_on_signals
    from detente.pipeline import add_articles
    from detente.store.feeds import FeedStore
    from detente.system.alerts import workspace_rules

    fetcher = Fetcher(max_bytes=max_bytes, max_seconds=timeout, host_delay=delay)
    reports: list[PollReport] = []
    with open_workspace(workspace, database=database) as ws:
        state = FeedStore(ws)

        def poll_once() -> PollReport:
            with library_errors():
                return poll(sources, state=state, fetcher=fetcher, spool=Path(ws.root) / "feeds",
                            add=lambda paths: add_articles(ws, paths)[0])  # fmt: skip

        def said(report: PollReport) -> None:
            reports[:] = [report]
            for error in report.errors:
                note(error)
            typer.echo(f"{report.feeds} feeds ({report.unchanged} unchanged), {report.new_items} new items: "
                       f"{report.ingested} ingested, {report.duplicates} duplicate, {report.rejected} rejected, "
                       f"{report.failed} failed")  # fmt: skip
            if rules is not None or workspace_rules(ws).is_file():
                run_check(ws, rules, webhook)

        try:
            with stop_on_signals(threading.Event()) as stop:
                follow(poll_once, every=interval, polls=1 if once else polls, stop=stop, on_poll=said)
        finally:
            fetcher.close()
    report = reports[-1] if reports else PollReport()
    if once and report.errors and not (report.ingested or report.duplicates or report.new_items):
        raise typer.Exit(1)
