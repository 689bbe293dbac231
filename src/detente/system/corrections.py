"""Analysts' corrections, applied on top of the stored extractions when the conflict system is assembled, so the
listings, exports, drafts and forecasts all see them; and the checks made before one is stored.

An event is named by its stable key (document, trigger offsets, extracted type, see
:func:`detente.model.correction.event_key`): a correction holds after re-extraction and a new pipeline version.
Merges apply after the event corrections (a source set to a merged-away actor becomes the actor it merged into).
A document's date replaces its publication date, and the date of its events dated by publication.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from detente.errors import CorrectionError
from detente.kb import KnowledgeBase
from detente.kb.lexicon import PLOVER_TYPES
from detente.model import Article, Event, Mention, StatedRelation
from detente.model.correction import EVENT_KINDS, Correction, CorrectionKind, event_key
from detente.store import Workspace, add_correction, load_corrections, load_events


def event_id(document: str, seq: int) -> str:
    """The short id an event is listed under (its document's id prefix and its place in the document)."""
    return f"{document[:12]}-{seq}"


def numbered(rows: Iterable[tuple[str, Event]]) -> Iterable[tuple[int, str, Event]]:
    """Events with their place in their document, as extracted (rejected ones keep their number)."""
    seq: dict[str, int] = {}
    for document, item in rows:
        seq[document] = seq.get(document, -1) + 1
        yield seq[document], document, item


class Corrections:
    """The active corrections of a workspace, ready to apply to its stored extractions."""

    def __init__(self, corrections: Iterable[Correction], *, score: Callable[[str, str | None], float] | None = None,
                 ) -> None:  # fmt: skip
        """``score``: PLOVER's intensity of a type and mode (a retyped event loses its mode and takes its new
        type's score; without ``score`` it keeps the old one)."""
        self.score = score
        self.events: dict[str, list[Correction]] = defaultdict(list)
        self.merged: dict[str, str] = {}
        self.dates: dict[str, date] = {}
        for c in corrections:
            if c.kind in EVENT_KINDS:
                self.events[c.subject].append(c)
            elif c.kind == "merge":
                self.merged[c.subject] = str(c.value)
            elif c.kind == "date":
                self.dates[c.subject] = date.fromisoformat(str(c.value))

    def actor(self, actor_id: str) -> str:
        """The actor an id stands for after the merges (followed through chains, A into B into C)."""
        seen = {actor_id}
        while actor_id in self.merged and self.merged[actor_id] not in seen:
            actor_id = self.merged[actor_id]
            seen.add(actor_id)
        return actor_id

    def _actors(self, ids: Sequence[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.actor(i) for i in ids))

    def documents(self, documents: Iterable[Article]) -> list[Article]:
        return [d.model_copy(update={"published": self.dates[d.id]}) if d.id in self.dates else d for d in documents]

    def mentions(self, rows: Iterable[tuple[str, Mention]]) -> list[tuple[str, Mention]]:
        return [(d, m.model_copy(update={"entity": self.actor(m.entity)}) if m.entity in self.merged else m)
                for d, m in rows]  # fmt: skip

    def stated(self, rows: Iterable[tuple[str, StatedRelation]]) -> list[tuple[str, StatedRelation]]:
        out = []
        for d, r in rows:
            source, target = self.actor(r.source), self.actor(r.target)
            if source != target:
                out.append((d, r.model_copy(update={"source": source, "target": target})))
        return out

    def event(self, document: str, e: Event) -> Event | None:
        """The event as corrected, or None when rejected."""
        update: dict[str, Any] = {}
        for c in self.events.get(event_key(document, e.start, e.end, e.type), ()):
            if c.kind == "reject":
                return None
            update[c.kind] = c.value if c.kind == "type" else tuple(c.value)
        if "type" in update and self.score is not None:
            update.update(mode=None, score=self.score(update["type"], None))
        if document in self.dates and (e.date is None or e.date_from == "published"):
            update.update(date=self.dates[document], date_precision="day", date_from="published")
        update["source"] = self._actors(update.get("source", e.source))
        update["target"] = self._actors(update.get("target", e.target))
        update["reported_by"] = self._actors(e.reported_by)
        return e.model_copy(update=update)

    def apply(self, rows: Iterable[tuple[int, str, Event]]) -> list[tuple[int, str, Event]]:
        out = []
        for seq, document, e in rows:
            fixed = self.event(document, e)
            if fixed is not None:
                out.append((seq, document, fixed))
        return out


def workspace_corrections(workspace: Workspace, kb: KnowledgeBase) -> Corrections:
    return Corrections(load_corrections(workspace), score=kb.lexicon.score)


# -- making a correction: the checks, then the store -------------------------------------------------------------
def find_event(workspace: Workspace, ref: str) -> tuple[str, Event]:
    """The stored event a listed id (``0a1b2c3d4e5f-3``) or a stable key names, as ``(document, event)``."""
    for seq, document, e in numbered(load_events(workspace)):
        if ref in (event_id(document, seq), event_key(document, e.start, e.end, e.type)):
            return document, e
    raise CorrectionError(f"no event {ref!r} in this workspace", where=str(workspace.root),
                          fix="take the id from `detente events` (e.g. 0a1b2c3d4e5f-3)")  # fmt: skip


def correct_event(workspace: Workspace, ref: str, kind: CorrectionKind, value: Any, *, author: str,
                  reason: str | None = None, known_actors: set[str] | None = None) -> Correction:  # fmt: skip
    """Reject an event (``value`` None), retype it (a PLOVER type) or set its source or target (actor ids)."""
    if kind not in EVENT_KINDS:
        raise CorrectionError(f"{kind!r} is not an event correction", fix=f"give one of {', '.join(EVENT_KINDS)}")
    document, e = find_event(workspace, ref)
    if kind == "type":
        value = str(value).upper()
        if value not in PLOVER_TYPES:
            raise CorrectionError(f"unknown event type {value!r}", fix=f"give one of {', '.join(PLOVER_TYPES)}")
    elif kind in ("source", "target"):
        value = [v for v in value if v]
        _check_actors(value, known_actors)
    return add_correction(workspace, kind, event_key(document, e.start, e.end, e.type), value, author=author,
                          reason=reason)  # fmt: skip


def merge_actors(workspace: Workspace, merged: str, into: str, *, author: str, reason: str | None = None,
                 known_actors: set[str] | None = None) -> Correction:  # fmt: skip
    """Merge actor ``merged`` into ``into``: its mentions, events and relations become ``into``'s."""
    if merged == into:
        raise CorrectionError(f"cannot merge {merged!r} into itself", fix="give two different actor ids")
    _check_actors([merged, into], known_actors)
    if Corrections(load_corrections(workspace)).actor(into) == merged:
        raise CorrectionError(f"{into!r} is merged into {merged!r} already", fix="undo that merge first")
    return add_correction(workspace, "merge", merged, into, author=author, reason=reason)


def add_alias(workspace: Workspace, text: str, actor: str, *, author: str, reason: str | None = None,
              known_actors: set[str] | None = None) -> Correction:  # fmt: skip
    """Add ``text`` as a name of ``actor`` to the workspace's knowledge base (used from the next extraction on)."""
    if not text.strip():
        raise CorrectionError("an alias cannot be empty", fix='give the text as written, e.g. "Free Syrian Army"')
    _check_actors([actor], known_actors)
    return add_correction(workspace, "alias", text.strip(), actor, author=author, reason=reason)


def set_document_date(workspace: Workspace, document: str, day: str, *, author: str,
                      reason: str | None = None) -> Correction:  # fmt: skip
    """Set a document's publication date (``document``: an id, an id prefix of 6+ characters or an input path)."""
    try:
        parsed = date.fromisoformat(day)
    except ValueError as err:
        raise CorrectionError(f"{day!r} is not a date", fix="write it as YYYY-MM-DD, e.g. 2016-09-23") from err
    found = workspace.document(document)
    return add_correction(workspace, "date", found.id, parsed.isoformat(), author=author, reason=reason)


def _check_actors(ids: Sequence[str], known: set[str] | None) -> None:
    if not ids:
        raise CorrectionError("no actor given", fix="give one or more actor ids, e.g. --source USA,RUS")
    unknown = [i for i in ids if known is not None and i not in known]
    if unknown:
        raise CorrectionError(f"unknown actor {', '.join(map(repr, unknown))}",
                              fix="give an id from `detente actors --unresolved` or the knowledge base")  # fmt: skip


def known_actors(workspace: Workspace) -> set[str]:
    """The actor ids a correction may name: the knowledge base's and the workspace's extracted ones."""
    from detente.kb import load_kb
    from detente.store import kb_extensions, load_mentions

    kb = load_kb(texts=kb_extensions(workspace))
    return set(kb.actors) | {m.entity for _, m in load_mentions(workspace, "actor")}


# -- export: annotated records for evaluation or training --------------------------------------------------------
def correction_records(workspace: Workspace, *, include_undone: bool = False) -> list[dict[str, Any]]:
    """One record per correction: who, when, why, what was corrected and to what, and for an event the sentence,
    the trigger and the values extraction gave it (``found`` false when the current extraction lacks it)."""
    events = {event_key(d, e.start, e.end, e.type): (d, e) for d, e in load_events(workspace)}
    documents = {d.id: d for d in workspace.documents()}
    records = []
    for c in load_corrections(workspace, include_undone=include_undone):
        record: dict[str, Any] = {"id": c.id, "kind": c.kind, "subject": c.subject, "value": c.value, "by": c.author,
                                  "at": c.made_at, "why": c.reason, "undone_at": c.undone_at}  # fmt: skip
        if c.kind in EVENT_KINDS:
            record.update(_event_annotation(c, events, documents))
        elif c.kind == "date" and c.subject in documents:
            doc = documents[c.subject]
            record.update(document=doc.id, title=doc.title, path=doc.path,
                          extracted={"published": doc.published.isoformat() if doc.published else None},
                          corrected={"published": c.value})  # fmt: skip
        records.append(record)
    return records


def _event_annotation(c: Correction, events: dict[str, tuple[str, Event]],
                      documents: dict[str, Article]) -> dict[str, Any]:  # fmt: skip
    found = events.get(c.subject)
    document, start, end, _ = c.subject.rsplit(":", 3)
    if found is None:
        return {"document": document, "start": int(start), "end": int(end), "found": False}
    _, e = found
    text = documents[document].text
    extracted = {"type": e.type, "source": list(e.source), "target": list(e.target)}
    corrected = None if c.kind == "reject" else {**extracted, c.kind: c.value}
    return {"document": document, "start": e.start, "end": e.end, "trigger": e.trigger,
            "sentence": text[e.sentence_start : e.sentence_end], "sentence_start": e.sentence_start,
            "found": True, "extracted": extracted, "corrected": corrected}  # fmt: skip
