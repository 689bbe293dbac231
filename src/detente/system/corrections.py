"""Analysts' corrections, applied on top of the stored extractions when the conflict system is assembled, so the
listings, exports, drafts and forecasts all see them; and the checks made before one is stored.

An event is named by its stable key (document, trigger offsets, extracted type, see
:func:`detente.model.correction.event_key`): a correction holds after re-extraction and a new pipeline version.
Merges apply after the event corrections (a source set to a merged-away actor becomes the actor it merged into).
A split takes an actor's mentions written a given way (case and spacing aside) into another actor, or a new one;
an event's or a stated relation's side follows when every mention of that actor in its sentence was split off.
A document's date replaces its publication date, and the date of its events dated by publication. Aliases and
places go into the workspace's knowledge base (:func:`detente.store.corrections.alias_extension`) and take effect
at the next extraction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from detente.errors import CorrectionError
from detente.kb import KnowledgeBase
from detente.kb.lexicon import PLOVER_TYPES
from detente.kb.loader import normalise
from detente.model import Article, Event, Mention, StatedRelation
from detente.model.correction import EVENT_KINDS, Correction, CorrectionKind, event_key
from detente.store import Workspace, add_correction, load_corrections, load_events, load_mentions
from detente.system.provisional import joins


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
                 mentions: Iterable[tuple[str, Mention]] = (), speaker: Callable[[str], str | None] | None = None,
                 joined: Mapping[str, str] | None = None) -> None:  # fmt: skip
        """``score``: PLOVER's intensity of a type and mode (a retyped event loses its mode and takes its new
        type's score; without ``score`` it keeps the old one). ``mentions``: the stored actor mentions, needed
        when there are splits, for the events and relations whose side was split off; ``speaker``: whom a person
        speaks for (a person named in the sentence speaks for their side, which then was not split off);
        ``joined``: the provisional people joined across the workspace (:func:`joined_people`), applied as merges
        that the analyst's own override (an actor an analyst split off, or merged the join's head into, is not
        joined away)."""
        self.score = score
        self.events: dict[str, list[Correction]] = defaultdict(list)
        self.merged: dict[str, str] = {}
        self.dates: dict[str, date] = {}
        self.splits: list[tuple[str, str, str]] = []  # (actor, normalised surface text, actor it goes into)
        for c in corrections:
            if c.kind in EVENT_KINDS:
                self.events[c.subject].append(c)
            elif c.kind == "merge":
                self.merged[c.subject] = str(c.value)
            elif c.kind == "date":
                self.dates[c.subject] = date.fromisoformat(str(c.value))
            elif c.kind == "split":
                self.splits.append((c.subject, normalise(str(c.value["text"])), str(c.value["into"])))
        split_into = {into for _, _, into in self.splits}
        kept = {k: v for k, v in (joined or {}).items() if k not in split_into and self.actor(v) != k}
        self.merged = {**kept, **self.merged}  # a join the analyst's merges lead back to would make a cycle: dropped
        self.moved = self._moved(mentions, speaker) if self.splits else {}

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

    def entity(self, m: Mention) -> str:
        """The actor a mention names after the merges and the splits (in the order they were made)."""
        entity = self.actor(m.entity)
        if self.splits:
            text = normalise(m.text)
            for actor, written, into in self.splits:
                if written == text and actor in (m.entity, entity):
                    entity = self.actor(into)
        return entity

    def _moved(self, mentions: Iterable[tuple[str, Mention]],
               speaker: Callable[[str], str | None] | None) -> dict[tuple[str, int, str], str]:  # fmt: skip
        """(document, sentence start, actor) -> the actor it was split into, where every mention of the actor in
        that sentence (and every person speaking for it there) was split off to that one actor."""
        became: dict[tuple[str, int, str], set[str]] = defaultdict(set)
        for document, m in mentions:
            became[(document, m.sentence_start, self.actor(m.entity))].add(self.entity(m))
            side = speaker(m.entity) if speaker is not None else None
            if side is not None and side != m.entity:
                became[(document, m.sentence_start, self.actor(side))].add(self.actor(side))
        return {key: next(iter(into)) for key, into in became.items() if len(into) == 1 and key[2] not in into}

    def _sides(self, document: str, sentence: int, ids: Sequence[str]) -> tuple[str, ...]:
        merged = self._actors(ids)
        if not self.moved:
            return merged
        return tuple(dict.fromkeys(self.moved.get((document, sentence, i), i) for i in merged))

    def mentions(self, rows: Iterable[tuple[str, Mention]]) -> list[tuple[str, Mention]]:
        return [(d, m.model_copy(update={"entity": e}) if (e := self.entity(m)) != m.entity else m) for d, m in rows]

    def stated(self, rows: Iterable[tuple[str, StatedRelation]]) -> list[tuple[str, StatedRelation]]:
        out = []
        for d, r in rows:
            (source,), (target,) = (self._sides(d, r.sentence_start, [side]) for side in (r.source, r.target))
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
        update["source"] = self._sides(document, e.sentence_start, update.get("source", e.source))
        update["target"] = self._sides(document, e.sentence_start, update.get("target", e.target))
        update["reported_by"] = self._actors(e.reported_by)
        return e.model_copy(update=update)

    def apply(self, rows: Iterable[tuple[int, str, Event]]) -> list[tuple[int, str, Event]]:
        out = []
        for seq, document, e in rows:
            fixed = self.event(document, e)
            if fixed is not None:
                out.append((seq, document, fixed))
        return out


def corrected_dates(workspace: Workspace) -> dict[str, date]:
    """The publication dates analysts set, by document id (as every later stage applies them), read without
    assembling the conflict system (the listings of documents use it)."""
    return Corrections(load_corrections(workspace)).dates


def joined_people(mentions: Iterable[tuple[str, Mention]]) -> dict[str, str]:
    """The provisional people joined across the workspace (:func:`detente.system.provisional.joins`)."""
    return joins(Counter(m.entity for _, m in mentions))


def workspace_corrections(workspace: Workspace, kb: KnowledgeBase, *,
                          mentions: Sequence[tuple[str, Mention]] | None = None) -> Corrections:  # fmt: skip
    """The workspace's corrections, with its provisional people joined (``mentions``: its actor mentions, when the
    caller has read them already)."""
    rows = load_mentions(workspace, "actor") if mentions is None else mentions
    return Corrections(load_corrections(workspace), score=kb.lexicon.score, mentions=rows,
                       speaker=lambda entity: kb.speaker(entity, None), joined=joined_people(rows))  # fmt: skip


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
    """Reject an event (``value`` None), retype it (a PLOVER type) or set its source or target (actor ids, see
    :func:`actor_ids`)."""
    if kind not in EVENT_KINDS:
        raise CorrectionError(f"{kind!r} is not an event correction", fix=f"give one of {', '.join(EVENT_KINDS)}")
    document, e = find_event(workspace, ref)
    if kind == "type":
        value = str(value).upper()
        if value not in PLOVER_TYPES:
            raise CorrectionError(f"unknown event type {value!r}", fix=f"give one of {', '.join(PLOVER_TYPES)}")
    elif kind in ("source", "target"):
        value = actor_ids(value)
        _check_actors(value, known_actors)
    return add_correction(workspace, kind, event_key(document, e.start, e.end, e.type), value, author=author,
                          reason=reason)  # fmt: skip


def actor_ids(given: str | Sequence[str] | None) -> list[str]:
    """Actor ids given as a list or as one comma-separated text (``"USA, RUS"``), spaces and blanks dropped."""
    items = given.split(",") if isinstance(given, str) else (given or [])
    return [item.strip() for item in items if item and item.strip()]


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


def split_actor(workspace: Workspace, actor: str, text: str, *, into: str | None = None, author: str,
                reason: str | None = None, known_actors: set[str] | None = None) -> Correction:  # fmt: skip
    """Take the mentions of ``actor`` written ``text`` (case and spacing aside) out of it, into the actor ``into``
    or, without one, into a new actor ``?KIND:text`` (an organisation when split from a state)."""
    if not text.strip():
        raise CorrectionError("the text to split off cannot be empty", fix='give it as written, e.g. "Pentagon"')
    _check_actors([actor, *([into] if into else [])], known_actors)
    if into == actor:
        raise CorrectionError(f"cannot split {actor!r} into itself", fix="give another actor with --into, or none")
    rows = load_mentions(workspace, "actor")
    fixes = Corrections(load_corrections(workspace), joined=joined_people(rows))
    texts = {m.text for _, m in rows if actor in (m.entity, fixes.entity(m))}
    if normalise(text) not in {normalise(t) for t in texts}:
        shown = ", ".join(repr(t) for t in sorted(texts)[:8]) or "none"
        raise CorrectionError(f"no mention of {actor!r} is written {text.strip()!r}",
                              fix=f"give one of the ways it is written: {shown}")  # fmt: skip
    target = into or f"?{_split_kind(actor)}:{normalise(text)}"
    return add_correction(workspace, "split", actor, {"text": text.strip(), "into": target}, author=author,
                          reason=reason)  # fmt: skip


def _split_kind(actor: str) -> str:
    """The kind of an actor split off: as the actor's (a part of a state is an organisation)."""
    if actor.startswith("?"):
        return actor[1:].partition(":")[0] or "organisation"
    from detente.kb import load_kb

    known = load_kb().actors.get(actor)
    return "organisation" if known is None or known.kind == "state" else known.kind


def add_place(workspace: Workspace, name: str, lat: float, lon: float, *, country: str | None = None,
              author: str, reason: str | None = None) -> Correction:  # fmt: skip
    """Add a place to the workspace's knowledge base (``country``: ISO 3166 alpha-3); places named so are found
    and resolved to it from the next extraction on."""
    if not name.strip():
        raise CorrectionError("a place needs a name", fix='give it as written in the news, e.g. "Camp Tamarisk"')
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        fix = "give the latitude (-90 to 90) then the longitude (-180 to 180), in degrees"
        raise CorrectionError(f"({lat:g}, {lon:g}) are not coordinates", fix=fix)
    if country is not None and not (len(country) == 3 and country.isalpha()):
        raise CorrectionError(f"{country!r} is not a country code", fix="give its ISO 3166 alpha-3 code, e.g. SYR")
    slug = "-".join(normalise(name).replace("'", "").split())
    value = {"id": f"user:{slug}", "lat": lat, "lon": lon, "country": country.upper() if country else None}
    return add_correction(workspace, "place", name.strip(), value, author=author, reason=reason)


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


def known_actors(workspace: Workspace, *, mentions: Sequence[tuple[str, Mention]] | None = None) -> set[str]:
    """The actor ids a correction may name: the knowledge base's and the workspace's extracted ones (``mentions``:
    its actor mentions, when the caller has read them already)."""
    from detente.kb import load_kb
    from detente.store import kb_extensions

    kb = load_kb(texts=kb_extensions(workspace))
    split = {str(c.value["into"]) for c in load_corrections(workspace) if c.kind == "split"}
    rows = load_mentions(workspace, "actor") if mentions is None else mentions
    return set(kb.actors) | {m.entity for _, m in rows} | split


# -- export: annotated records for evaluation or training --------------------------------------------------------
def correction_row(c: Correction) -> dict[str, Any]:
    """A correction as listed (`detente corrections list`, the dashboard's answers): who, when, why, what, to what."""
    return {"id": c.id, "kind": c.kind, "subject": c.subject, "value": c.value, "by": c.author, "at": c.made_at,
            "why": c.reason, "undone_at": c.undone_at}  # fmt: skip


def correction_records(workspace: Workspace, *, include_undone: bool = False) -> list[dict[str, Any]]:
    """One record per correction: who, when, why, what was corrected and to what, and for an event the sentence,
    the trigger and the values extraction gave it (``found`` false when the current extraction lacks it)."""
    events = {event_key(d, e.start, e.end, e.type): (d, e) for d, e in load_events(workspace)}
    documents = {d.id: d for d in workspace.documents()}
    listed = load_corrections(workspace, include_undone=include_undone)
    splits = _Splits(workspace) if any(c.kind == "split" for c in listed) else None
    records = []
    for c in listed:
        record = correction_row(c)
        if c.kind in EVENT_KINDS:
            record.update(_event_annotation(c, events, documents))
        elif c.kind == "split" and splits is not None:
            record.update(mentions=splits.mentions(c, documents))
        elif c.kind == "date" and c.subject in documents:
            doc = documents[c.subject]
            record.update(document=doc.id, title=doc.title, path=doc.path,
                          extracted={"published": doc.published.isoformat() if doc.published else None},
                          corrected={"published": c.value})  # fmt: skip
        records.append(record)
    return records


class _Splits:
    """What each split took off its actor, by the rule :func:`split_actor` checks: the mentions written its text
    that named the actor once the corrections made before it (and the joins) applied."""

    def __init__(self, workspace: Workspace) -> None:
        self.rows = load_mentions(workspace, "actor")
        self.joined = joined_people(self.rows)
        self.active = load_corrections(workspace)

    def mentions(self, c: Correction, documents: dict[str, Article]) -> list[dict[str, Any]]:
        """The mentions split ``c`` takes off its actor: document, offsets, text and sentence."""
        written = normalise(str(c.value["text"]))
        before = Corrections([x for x in self.active if x.id < c.id], joined=self.joined)
        return [{"document": d, "start": m.start, "end": m.end, "text": m.text,
                 "sentence": documents[d].text[m.sentence_start : m.sentence_end] if d in documents else None}
                for d, m in self.rows
                if normalise(m.text) == written and c.subject in (m.entity, before.entity(m))]  # fmt: skip


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
