"""The listings of the conflict system: ``detente actors``, ``places``, ``events``, ``relations``, ``timeline``.

Each opens the workspace, asks the conflict system for one table, filters it and hands it to the output layer
(``--json``, ``--csv``, tab-separated when piped, a table on a terminal).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import (
    DEFAULT_WORKSPACE,
    WorkspaceOption,
    app,
    check_choice,
    library_errors,
    open_workspace,
    parse_day,  # fmt: skip
    require_extraction,
)
from detente.cli.output import CsvOption, JsonOption, Row, emit, frame_rows

if TYPE_CHECKING:
    import pandas as pd

    from detente.model import ConflictSystem

SinceOption = Annotated[str | None, typer.Option(help="Only from this date on (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Only up to this date (YYYY-MM-DD).")]
ActorFilter = Annotated[str | None, typer.Option("--actor", help="Only events with this actor id as source or target.")]
PERIODS = ("M", "Q", "Y")
FLAGS = ("negated", "hypothetical", "claimed")


def load_system(workspace: Path) -> ConflictSystem:
    """The workspace's conflict system; stops with the cause when nothing is extracted yet."""
    from detente import pipeline

    with open_workspace(workspace, create=False) as ws, library_errors():
        require_extraction(ws)
        return pipeline.system(ws)


def _views() -> ModuleType:
    """The conflict system's pandas views (imported when a listing is asked for: pandas costs start-up time)."""
    from detente.system import views

    return views


def _filter(frame: pd.DataFrame, since: str | None, until: str | None, actor: str | None) -> pd.DataFrame:
    if since:
        frame = frame[frame["date"].fillna("") >= since]
    if until:
        frame = frame[frame["date"].fillna("9999") <= until]
    if actor:
        frame = frame[frame["source"].map(lambda s: actor in s) | frame["target"].map(lambda t: actor in t)]
    return frame


@app.command()
def actors(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    unresolved: Annotated[bool, typer.Option(help="Also list actors not in the knowledge base.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The actors found, by number of mentions."""
    rows = frame_rows(_views().actors_frame(load_system(workspace)))
    if not unresolved:
        rows = [r for r in rows if r["resolved"]]
    columns = ("id", "name", "kind", "country", "resolved", "mentions", "documents")
    emit(rows, columns, title=f"{len(rows)} actors", as_json=as_json, as_csv=as_csv)


@app.command()
def places(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False,
           as_csv: CsvOption = False) -> None:  # fmt: skip
    """The places found, with country and coordinates."""
    rows = frame_rows(_views().places_frame(load_system(workspace)))
    columns = ("id", "name", "country", "lat", "lon", "mentions")
    emit(rows, columns, title=f"{len(rows)} places", as_json=as_json, as_csv=as_csv)


def _event_row(row: Row) -> Row:
    return {**row, "place": row["place_name"], "flags": [name for name in FLAGS if row[name]]}


@app.command()
def events(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    type_: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type (e.g. ASSAULT).")] = None,
    actor: ActorFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    flagged: Annotated[bool, typer.Option(help="Also list negated, hypothetical and claimed events.")] = True,
    evidence: Annotated[bool, typer.Option(help="Show each event's sentence.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """The coded events (PLOVER): who did what to whom, when and where."""
    from detente.kb.lexicon import PLOVER_TYPES

    wanted = check_choice(type_, PLOVER_TYPES, "--type")
    since, until = parse_day(since, "--since"), parse_day(until, "--until")
    frame = _filter(_views().events_frame(load_system(workspace), include_flagged=flagged), since, until, actor)
    if wanted:
        frame = frame[frame["type"] == wanted]
    frame = frame.sort_values(["date", "document", "start"], na_position="last")
    rows = [_event_row(r) for r in frame_rows(frame)]
    columns = ["id", "date", "type", "mode", "source", "target", "place", "score", "confidence", "flags", "trigger"]
    if evidence:
        columns += ["document", "sentence"]
    emit(rows, columns, title=f"{len(rows)} events", as_json=as_json, as_csv=as_csv)


@app.command()
def relations(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    by: Annotated[str | None, typer.Option(help="Slice by period: M (month), Q (quarter) or Y (year).")] = None,
    actor: ActorFilter = None,
    flagged: Annotated[bool, typer.Option(help="Count negated, hypothetical and claimed events too.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Who backs whom and who fights whom: cooperation and conflict between actors (PLOVER intensity)."""
    period = check_choice(by, PERIODS, "--by")
    frame = _views().relations_frame(load_system(workspace), period, include_flagged=flagged)
    rows = frame_rows(frame)
    if actor:
        rows = [r for r in rows if actor in (r["source"], r["target"])]
    columns = [c for c in frame.columns if c != "event_ids"]
    title = f"{len(rows)} relations (score: mean intensity, -10 conflict .. +10 cooperation)"
    emit(rows, columns, title=title, as_json=as_json, as_csv=as_csv)


def _timeline_shown(row: Mapping[str, Any]) -> Mapping[str, Any]:
    precision = row["date_precision"]
    date = f"{row['date']} ({precision})" if row["date"] and precision and precision != "day" else row["date"]
    return {**row, "date": date, "sentence": (row["sentence"] or "")[:60]}


@app.command()
def timeline(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    actor: ActorFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    flagged: Annotated[bool, typer.Option(help="Also list events only negated, hypothetical or claimed.")] = False,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Events in date order, each merged across the articles that report it."""
    since, until = parse_day(since, "--since"), parse_day(until, "--until")
    frame = _filter(_views().timeline_frame(load_system(workspace), include_flagged=flagged), since, until, actor)
    rows = frame_rows(frame)
    for row in rows:
        row["sentence"] = row["evidence"][0]["sentence"].strip() if row["evidence"] else None
    columns = ("date", "date_precision", "type", "mode", "source", "target", "place", "reports", "sentence")
    emit(rows, columns, title=f"{len(rows)} timeline entries", as_json=as_json, as_csv=as_csv, shown=_timeline_shown)
