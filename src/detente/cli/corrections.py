"""``detente correct ...`` and ``detente corrections ...``: an analyst's corrections of what extraction found.

Each correction is stored with who (``--by``, the OS user by default), when and why (``--why``), applies on top of
every later extraction (listings, exports, drafts, forecasts) and can be undone.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, check_output, fail, library_errors, open_workspace
from detente.cli.output import CsvOption, JsonOption, emit, text

if TYPE_CHECKING:
    from detente.model.correction import Correction, CorrectionKind

correct_app = typer.Typer(help="Correct what extraction found: events, actors, aliases, places, document dates.",
                          no_args_is_help=True)  # fmt: skip
corrections_app = typer.Typer(help="List, undo and export the workspace's corrections.", no_args_is_help=True)
app.add_typer(correct_app, name="correct")
app.add_typer(corrections_app, name="corrections")


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        return "unknown"


ByOption = Annotated[str | None, typer.Option("--by", help="Who makes the correction (default: the OS user).")]
WhyOption = Annotated[str | None, typer.Option("--why", help="Why: kept with the correction and exported.")]


def _said(correction: Correction, after: str = "") -> None:
    value = "" if correction.value is None else f" -> {text(correction.value, joiner=',')}"
    typer.echo(f"correction {correction.id}: {correction.kind} {correction.subject}{value} (by {correction.author})"
               f"{after}")  # fmt: skip


@correct_app.command("event")
def correct_event(
    event: Annotated[
        str, typer.Argument(help="Event id from `detente events` (or its stable key DOC:START:END:TYPE).")
    ],
    reject: Annotated[bool, typer.Option("--reject", help="The event is wrong: leave it out.")] = False,
    type_: Annotated[str | None, typer.Option("--type", help="Its PLOVER type (e.g. ASSAULT).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Its source actor id(s), comma-separated.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Its target actor id(s), comma-separated.")] = None,
    by: ByOption = None,
    why: WhyOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Reject an event, or retype it, or change its source or target."""
    from detente.system import corrections

    changes: list[tuple[CorrectionKind, Any]] = [("type", type_), ("source", source), ("target", target)]
    changes = [(kind, value) for kind, value in changes if value is not None]
    if reject == bool(changes):
        fail("give either --reject or one or more of --type, --source, --target",
             f"e.g. detente correct event {event} --type ASSAULT")  # fmt: skip
    with open_workspace(workspace, create=False) as ws, library_errors():
        known = corrections.known_actors(ws) if source is not None or target is not None else None
        asked: list[tuple[CorrectionKind, Any]] = [("reject", None)] if reject else changes
        for kind, value in asked:
            _said(corrections.correct_event(ws, event, kind, value, author=by or _user(), reason=why,
                                            known_actors=known))  # fmt: skip


MergeOption = Annotated[
    tuple[str, str] | None,
    typer.Option("--merge", metavar="A B", help="Merge actor A into actor B: A's mentions, events and relations "
                 "become B's."),
]  # fmt: skip
SplitOption = Annotated[
    tuple[str, str] | None,
    typer.Option("--split", metavar="ACTOR TEXT", help="Take ACTOR's mentions written TEXT out of it (into --into, "
                 "or a new actor)."),
]  # fmt: skip


@correct_app.command("actor")
def correct_actor(
    merge: MergeOption = None,
    split: SplitOption = None,
    into: Annotated[str | None, typer.Option("--into", help="With --split: the actor the mentions join.")] = None,
    by: ByOption = None,
    why: WhyOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Merge two actors into one, or split the mentions written one way off an actor."""
    from detente.system import corrections

    if (merge is None) == (split is None) or (into is not None and split is None):
        fail("give either --merge A B or --split ACTOR TEXT [--into ID]",
             'e.g. detente correct actor --split USA "Pentagon"')  # fmt: skip
    with open_workspace(workspace, create=False) as ws, library_errors():
        known = corrections.known_actors(ws)
        if split is not None:
            made = corrections.split_actor(ws, split[0], split[1], into=into, author=by or _user(), reason=why,
                                           known_actors=known)  # fmt: skip
        elif merge is not None:
            made = corrections.merge_actors(ws, merge[0], merge[1], author=by or _user(), reason=why,
                                            known_actors=known)  # fmt: skip
    _said(made)


@correct_app.command("alias")
def correct_alias(
    text: Annotated[str, typer.Argument(help='The name as written in the news, e.g. "Free Syrian Army".')],
    actor: Annotated[str, typer.Argument(help="The actor id it names.")],
    by: ByOption = None,
    why: WhyOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Add an alias to the workspace's knowledge base (used by the next `detente extract`)."""
    from detente.system import corrections

    with open_workspace(workspace, create=False) as ws, library_errors():
        known = corrections.known_actors(ws)
        added = corrections.add_alias(ws, text, actor, author=by or _user(), reason=why, known_actors=known)
    _said(added, f"; run `detente extract -w {workspace}` to apply it")


@correct_app.command("place")
def correct_place(
    name: Annotated[str, typer.Argument(help='The place as named in the news, e.g. "Camp Tamarisk".')],
    lat: Annotated[float, typer.Argument(help="Latitude in degrees (write `--` before a negative one).")],
    lon: Annotated[float, typer.Argument(help="Longitude in degrees.")],
    country: Annotated[str | None, typer.Option("--country", help="Its country, ISO 3166 alpha-3 (e.g. SYR).")] = None,
    by: ByOption = None,
    why: WhyOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Add a place to the workspace's knowledge base (found and placed on the map from the next `detente
    extract`)."""
    from detente.system import corrections

    with open_workspace(workspace, create=False) as ws, library_errors():
        added = corrections.add_place(ws, name, lat, lon, country=country, author=by or _user(), reason=why)
    _said(added, f"; run `detente extract -w {workspace}` to apply it")


@correct_app.command("date")
def correct_date(
    document: Annotated[str, typer.Argument(help="Document id (a prefix of 6+ characters) or its input path.")],
    day: Annotated[str, typer.Argument(help="Its publication date, YYYY-MM-DD.", metavar="YYYY-MM-DD")],
    by: ByOption = None,
    why: WhyOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Set a document's publication date (and the date of its events dated by publication)."""
    from detente.system import corrections

    with open_workspace(workspace, create=False) as ws, library_errors():
        _said(corrections.set_document_date(ws, document, day, author=by or _user(), reason=why))


LIST_COLUMNS = ("id", "kind", "subject", "value", "by", "at", "why", "undone_at")


@corrections_app.command("list")
def list_corrections(
    all_: Annotated[bool, typer.Option("--all", help="Also list the corrections that were undone.")] = False,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List the corrections in the order they were made."""
    from detente.store import load_corrections
    from detente.system.corrections import correction_row

    with open_workspace(workspace, create=False) as ws:
        rows = [correction_row(c) for c in load_corrections(ws, include_undone=all_)]
    emit(rows, LIST_COLUMNS, title=f"{len(rows)} corrections", as_json=as_json, as_csv=as_csv)


@corrections_app.command("undo")
def undo(
    correction: Annotated[int, typer.Argument(help="The correction's id (see `detente corrections list`).")],
    by: ByOption = None,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Undo a correction: it stops applying, and stays in the history (`list --all`)."""
    from detente.store import undo_correction

    with open_workspace(workspace, create=False) as ws:
        undone = undo_correction(ws, correction, author=by or _user())
    typer.echo(f"correction {undone.id} undone ({undone.kind} {undone.subject})")


@corrections_app.command("export")
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="The JSONL file to write.")],
    all_: Annotated[bool, typer.Option("--all", help="Also export the corrections that were undone.")] = False,
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Export the corrections as annotated JSONL (one per line, with the sentence and the extracted values)."""
    import json

    from detente.system.corrections import correction_records

    check_output(output)
    with open_workspace(workspace, create=False) as ws, library_errors():
        records = correction_records(ws, include_undone=all_)
        output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    typer.echo(f"{len(records)} corrections written to {output}")
