"""The dashboard's corrections API: thin views over :mod:`detente.system.corrections` (the rules live there, once).

Every correction names who made it (``author``: the page asks once and keeps it in the browser; there is no OS user
to fall back on), and may say why (``reason``). After one, ``/api/view`` is built again (its cache key follows the
corrections), so the page shows the corrected picture. ``POST /api/extract`` extracts again what needs it: an alias
and a place apply from the next extraction on (their answers carry a ``note`` saying so); a split applies at once.

- ``GET /api/corrections?all=1``: the corrections as annotated records (``all``: the undone ones too), the PLOVER
  types, the known actor ids, and the ways each actor is written in the news (what a split can take off it);
- ``POST /api/corrections/event``: reject an event, or set its type, source or target;
- ``POST /api/corrections/merge``, ``/split``, ``/alias``, ``/place``, ``/date``: merge two actors, split the mentions
  written one way off an actor, add an alias or a place to the workspace's knowledge base, set a document's date;
- ``POST /api/corrections/{id}/undo``: undo one (it stays in the history).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from fastapi import FastAPI
from pydantic import BaseModel

from detente import pipeline
from detente.errors import CorrectionError, DetenteError
from detente.extract.run import documents_to_extract
from detente.kb import load_kb
from detente.kb.lexicon import PLOVER_TYPES
from detente.kb.loader import normalise
from detente.store import Workspace, kb_extensions, load_mentions, undo_correction
from detente.system import corrections

if TYPE_CHECKING:
    from detente.model import Mention
    from detente.web.app import Settings

AUTHOR_FIX = "type your name in the 'Your name' box at the top of the page (the browser keeps it)"
NEXT_EXTRACTION = "the {} applies from the next extraction: extract again"


class Signed(BaseModel):
    """Who makes the correction (required) and why (optional)."""

    author: str = ""
    reason: str | None = None


class EventFix(Signed):
    event: str
    kind: Literal["reject", "type", "source", "target"]
    value: str | list[str] | None = None


class MergeFix(Signed):
    actor: str
    into: str


class SplitFix(Signed):
    actor: str
    text: str
    into: str | None = None


class PlaceFix(Signed):
    name: str
    lat: float | str | None = None
    lon: float | str | None = None
    country: str | None = None


class AliasFix(Signed):
    text: str
    actor: str


class DateFix(Signed):
    document: str
    date: str


class Undo(BaseModel):
    author: str = ""


def author_of(given: str) -> str:
    """The author, refused when blank: a correction must say who made it."""
    if not given.strip():
        raise CorrectionError("a correction needs its author", where="author", fix=AUTHOR_FIX)
    return given.strip()


def reason_of(given: str | None) -> str | None:
    return given.strip() or None if given else None


def event_value(body: EventFix) -> Any:
    """The value an event correction sets: nothing to reject, a type, or actor ids (a list, or one comma-separated
    text)."""
    if body.kind == "reject":
        return None
    if body.value is None or body.value == "" or body.value == []:
        fix = "choose a PLOVER type" if body.kind == "type" else "give one or more actor ids, e.g. USA,RUS"
        raise CorrectionError(f"no new {body.kind} given for event {body.event!r}", where="value", fix=fix)
    if body.kind == "type":
        if not isinstance(body.value, str):
            raise CorrectionError("an event type is one word", where="value", fix="choose a PLOVER type, e.g. ASSAULT")
        return body.value
    return body.value  # actor ids: a list or one comma-separated text (the library reads both)


def degrees(given: float | str | None, name: str) -> float:
    """A latitude or longitude as sent (a number, or the text of the page's box) in degrees; the library checks its
    range."""
    example = "35.13" if name == "latitude" else "36.75"
    if given is None or (isinstance(given, str) and not given.strip()):
        raise CorrectionError(f"no {name} given", where=name, fix=f"give it in degrees, e.g. {example}")
    try:
        return float(given)
    except ValueError as err:
        fix = f"give it in degrees as a number, e.g. {example} (south and west are negative)"
        raise CorrectionError(f"{given!r} is not a {name}", where=name, fix=fix) from err


def mention_texts(ws: Workspace, rows: Sequence[tuple[str, Mention]]) -> dict[str, list[str]]:
    """The ways each actor is written in the news (``rows``: the workspace's actor mentions) after the corrections
    (merges and splits), most frequent first and one per spelling (case and spacing aside, as a split compares
    them)."""
    fixes = corrections.workspace_corrections(ws, load_kb(texts=kb_extensions(ws)), mentions=rows)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for _, m in fixes.mentions(rows):
        written[m.entity][m.text] += 1
    texts: dict[str, list[str]] = {}
    for actor, counts in written.items():
        seen: dict[str, str] = {}
        for text, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            seen.setdefault(normalise(text), text)
        texts[actor] = list(seen.values())
    return texts


@contextmanager
def about(where: str) -> Iterator[None]:
    """Name the control a library error is about when the library left ``where`` empty (the page shows it)."""
    try:
        yield
    except DetenteError as err:
        if err.where:
            raise
        raise type(err)(err.what, where=where, fix=err.fix) from err


def add_corrections_api(app: FastAPI, settings: Settings) -> None:
    @contextmanager
    def writing() -> Iterator[Workspace]:
        with settings.lock, Workspace.open(settings.workspace, create=False) as ws:
            yield ws

    @app.get("/api/corrections")
    def listed(all: bool = False) -> dict[str, Any]:
        with Workspace.open(settings.workspace, create=False) as ws:
            rows = load_mentions(ws, "actor")  # read once for the actors and the ways they are written
            return {"corrections": corrections.correction_records(ws, include_undone=all),
                    "event_types": list(PLOVER_TYPES), "actors": sorted(corrections.known_actors(ws, mentions=rows)),
                    "texts": mention_texts(ws, rows), "to_extract": documents_to_extract(ws)}  # fmt: skip

    @app.post("/api/corrections/event")
    def event(body: EventFix) -> dict[str, Any]:
        author, value = author_of(body.author), event_value(body)
        with writing() as ws, about(f"event {body.event}, its {body.kind}"):
            known = corrections.known_actors(ws) if body.kind in ("source", "target") else None
            made = corrections.correct_event(ws, body.event.strip(), body.kind, value, author=author,
                                             reason=reason_of(body.reason), known_actors=known)  # fmt: skip
        return {"correction": corrections.correction_row(made)}

    @app.post("/api/corrections/merge")
    def merge(body: MergeFix) -> dict[str, Any]:
        author = author_of(body.author)
        with writing() as ws, about(f"merge of {body.actor} into {body.into}"):
            known = corrections.known_actors(ws)
            made = corrections.merge_actors(ws, body.actor.strip(), body.into.strip(), author=author,
                                            reason=reason_of(body.reason), known_actors=known)  # fmt: skip
        return {"correction": corrections.correction_row(made)}

    @app.post("/api/corrections/alias")
    def alias(body: AliasFix) -> dict[str, Any]:
        author = author_of(body.author)
        with writing() as ws, about(f"alias {body.text!r} of {body.actor}"):
            known = corrections.known_actors(ws)
            made = corrections.add_alias(ws, body.text, body.actor.strip(), author=author,
                                         reason=reason_of(body.reason), known_actors=known)  # fmt: skip
        return {"correction": corrections.correction_row(made), "note": NEXT_EXTRACTION.format("alias")}

    @app.post("/api/corrections/split")
    def split(body: SplitFix) -> dict[str, Any]:
        author, into = author_of(body.author), (body.into or "").strip() or None
        with writing() as ws, about(f"split of {body.text.strip()!r} off {body.actor.strip()}"):
            known = corrections.known_actors(ws)
            made = corrections.split_actor(ws, body.actor.strip(), body.text, into=into, author=author,
                                           reason=reason_of(body.reason), known_actors=known)  # fmt: skip
        return {"correction": corrections.correction_row(made)}

    @app.post("/api/corrections/place")
    def place(body: PlaceFix) -> dict[str, Any]:
        author = author_of(body.author)
        lat, lon = degrees(body.lat, "latitude"), degrees(body.lon, "longitude")
        country = (body.country or "").strip() or None
        with writing() as ws, about(f"place {body.name.strip()!r}"):
            made = corrections.add_place(ws, body.name, lat, lon, country=country, author=author,
                                         reason=reason_of(body.reason))  # fmt: skip
        return {"correction": corrections.correction_row(made), "note": NEXT_EXTRACTION.format("place")}

    @app.post("/api/corrections/date")
    def document_date(body: DateFix) -> dict[str, Any]:
        author = author_of(body.author)
        with writing() as ws, about(f"date of document {body.document}"):
            made = corrections.set_document_date(ws, body.document.strip(), body.date.strip(), author=author,
                                                 reason=reason_of(body.reason))  # fmt: skip
        return {"correction": corrections.correction_row(made)}

    @app.post("/api/corrections/{correction_id}/undo")
    def undo(correction_id: int, body: Undo) -> dict[str, Any]:
        author = author_of(body.author)
        with writing() as ws:
            return {"correction": corrections.correction_row(undo_correction(ws, correction_id, author=author))}

    @app.post("/api/extract")
    def extract() -> dict[str, Any]:
        with writing() as ws:
            return {"extracted": pipeline.extract(ws)}
