"""``detente events``, ``detente relations``, ``detente timeline``: readable views of the coded events."""

from __future__ import annotations

from typing import Annotated

import pandas as pd
import typer

from detente import pipeline
from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, library_errors, open_workspace
from detente.cli.extract import frame_table
from detente.model import ConflictSystem
from detente.system import events_frame, relations_frame, timeline_frame

SinceOption = Annotated[str | None, typer.Option(help="Only from this date on (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Only up to this date (YYYY-MM-DD).")]
ActorFilter = Annotated[str | None, typer.Option("--actor", help="Only events with this actor id as source or target.")]


def _load(workspace: object) -> ConflictSystem:
    with open_workspace(workspace, create=False) as ws, library_errors():  # type: ignore[arg-type]
        return pipeline.system(ws)


def _filter(frame: pd.DataFrame, since: str | None, until: str | None, actor: str | None) -> pd.DataFrame:
    if since:
        frame = frame[frame["date"].fillna("") >= since]
    if until:
        frame = frame[frame["date"].fillna("9999") <= until]
    if actor:
        frame = frame[frame["source"].map(lambda s: actor in s) | frame["target"].map(lambda t: actor in t)]
    return frame


def _lists(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        frame[column] = frame[column].map(lambda v: ", ".join(v) if len(v) else "—")
    return frame


def _flags(row: pd.Series) -> str:
    return " ".join(name for name in ("negated", "hypothetical", "claimed") if row[name]) or "—"


@app.command()
def events(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    type_: Annotated[str | None, typer.Option("--type", help="Only this PLOVER type (e.g. ASSAULT).")] = None,
    actor: ActorFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    flagged: Annotated[bool, typer.Option(help="Also list negated, hypothetical and claimed events.")] = True,
    evidence: Annotated[bool, typer.Option(help="Show each event's sentence.")] = False,
) -> None:
    """The coded events (PLOVER): who did what to whom, when and where."""
    frame = _filter(events_frame(_load(workspace), include_flagged=flagged), since, until, actor)
    if type_:
        frame = frame[frame["type"] == type_.upper()]
    frame = frame.sort_values(["date", "document", "start"], na_position="last")
    view = _lists(frame, "source", "target")
    view["flags"] = frame.apply(_flags, axis=1) if not frame.empty else []
    columns = ["date", "type", "mode", "source", "target", "place_name", "score", "confidence", "flags", "trigger"]
    if evidence:
        columns.append("sentence")
    console.print(frame_table(f"{len(view)} events", view[columns].rename(columns={"place_name": "place"})))


@app.command()
def relations(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    by: Annotated[str | None, typer.Option(help="Slice by period: M (month), Q (quarter) or Y (year).")] = None,
    actor: ActorFilter = None,
    flagged: Annotated[bool, typer.Option(help="Count negated, hypothetical and claimed events too.")] = False,
) -> None:
    """Who backs whom and who fights whom: cooperation and conflict between actors (PLOVER intensity)."""
    frame = relations_frame(_load(workspace), by, include_flagged=flagged)
    if actor:
        frame = frame[(frame["source"] == actor) | (frame["target"] == actor)]
    frame = frame.drop(columns=["event_ids"])
    console.print(
        frame_table(f"{len(frame)} relations (score: mean intensity, -10 conflict .. +10 cooperation)", frame)
    )


@app.command()
def timeline(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    actor: ActorFilter = None,
    since: SinceOption = None,
    until: UntilOption = None,
    flagged: Annotated[bool, typer.Option(help="Also list events only negated, hypothetical or claimed.")] = False,
) -> None:
    """Events in date order, each merged across the articles that report it."""
    frame = _filter(timeline_frame(_load(workspace), include_flagged=flagged), since, until, actor)
    view = _lists(frame, "source", "target")
    view["date"] = [f"{d} ({p})" if p and p != "day" else d for d, p in zip(frame["date"], frame["date_precision"],
                                                                          strict=True)]  # fmt: skip
    view["sentence"] = frame["evidence"].map(lambda ev: ev[0]["sentence"].strip()[:60] if ev else "")
    columns = ["date", "type", "mode", "source", "target", "place", "reports", "sentence"]
    console.print(frame_table(f"{len(view)} timeline entries", view[columns]))
