"""Assemble the conflict system from a workspace's stored extractions and its knowledge base.

:func:`conflict_system` returns the typed :class:`detente.model.ConflictSystem`: documents, actors (resolved
against the knowledge base, people with whom they speak for), places with coordinates, dates, events with their
places, stated relations and the relations between actors, every item with its :class:`~detente.model.Evidence`;
the analysts' corrections applied on top (:mod:`detente.system.corrections`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from detente.kb import KnowledgeBase, load_kb
from detente.model import (
    Actor,
    ActorMention,
    Article,
    ConflictSystem,
    DateMention,
    DocumentRecord,
    Event,
    EventRecord,
    Evidence,
    Mention,
    Place,
    PlaceMention,
    StatedRelationRecord,
)
from detente.store import Workspace, kb_extensions, load_events, load_mentions, load_stated_relations
from detente.system.corrections import Corrections, event_id, numbered, workspace_corrections
from detente.system.relations import relations


class _Evidence:
    """Evidence for spans of the workspace's documents."""

    def __init__(self, documents: Sequence[Article]) -> None:
        self.documents = {d.id: d for d in documents}

    def __call__(self, document: str, start: int, end: int, sentence_start: int, sentence_end: int) -> Evidence:
        doc = self.documents[document]
        return Evidence(document=document, path=doc.path, line=doc.line, start=start, end=end,
                        sentence_start=sentence_start, sentence_end=sentence_end,
                        sentence=doc.text[sentence_start:sentence_end])  # fmt: skip

    def of(self, document: str, m: Mention) -> Evidence:
        return self(document, m.start, m.end, m.sentence_start, m.sentence_end)


def _actors(rows: Iterable[tuple[str, Mention]], kb: KnowledgeBase, evidence: _Evidence,
            fixes: Corrections) -> list[Actor]:  # fmt: skip
    mentions: dict[str, list[ActorMention]] = defaultdict(list)
    first: dict[str, Mention] = {}
    for document, m in rows:
        first.setdefault(m.entity, m)
        day = evidence.documents[document].published
        speaks_for = kb.speaker(m.entity, day) if kb.is_person(m.entity) else None
        speaks_for = fixes.actor(speaks_for) if speaks_for else None
        mentions[m.entity].append(ActorMention(evidence=evidence.of(document, m), text=m.text, sector=m.sector,
                                               how=m.label, speaks_for=speaks_for))  # fmt: skip
    actors = []
    for entity, items in mentions.items():
        entry = kb.actors.get(entity)
        if entry is not None:
            actors.append(Actor(id=entity, name=entry.name, kind=entry.kind, country=entry.country,
                                sector=entry.sector, resolved=True, mentions=tuple(items)))  # fmt: skip
        else:
            kind = entity[1:].partition(":")[0]
            actors.append(Actor(id=entity, name=first[entity].text, kind=kind, resolved=False, mentions=tuple(items)))
    return sorted(actors, key=lambda a: (-len(a.mentions), a.id))


def _places(rows: Iterable[tuple[str, Mention]], kb: KnowledgeBase, evidence: _Evidence) -> list[Place]:
    mentions: dict[str, list[PlaceMention]] = defaultdict(list)
    for document, m in rows:
        mentions[m.entity].append(PlaceMention(evidence=evidence.of(document, m), text=m.text))
    places = []
    for entity, items in mentions.items():
        place = kb.places[entity]
        places.append(Place(id=entity, name=place.name, country=place.country, lat=place.lat, lon=place.lon,
                            mentions=tuple(items)))  # fmt: skip
    return sorted(places, key=lambda p: (-len(p.mentions), p.id))


def _event(evidence: _Evidence, document: str, seq: int, e: Event, kb: KnowledgeBase) -> EventRecord:
    place = kb.places.get(e.place) if e.place else None
    return EventRecord(
        id=event_id(document, seq), type=e.type, mode=e.mode, source=e.source, target=e.target,
        date=e.date.isoformat() if e.date else None, date_precision=e.date_precision, date_from=e.date_from,
        place=e.place, place_name=place.name if place else None, country=place.country if place else None,
        lat=place.lat if place else None, lon=place.lon if place else None, trigger=e.trigger,
        confidence=e.confidence, negated=e.negated, hypothetical=e.hypothetical, claimed=e.claimed,
        reported_by=e.reported_by, score=e.score,
        evidence=evidence(document, e.start, e.end, e.sentence_start, e.sentence_end),
    )  # fmt: skip


def conflict_system(workspace: Workspace, *, kb: KnowledgeBase | None = None,
                    documents: Sequence[Article] | None = None) -> ConflictSystem:  # fmt: skip
    """The workspace's conflict system (see the module docstring); ``documents``: the workspace's documents when
    the caller has read them already (they are read otherwise)."""
    kb = kb or load_kb(texts=kb_extensions(workspace))
    actor_rows = load_mentions(workspace, "actor")
    fixes = workspace_corrections(workspace, kb, mentions=actor_rows)  # the provisional people joined too
    docs = fixes.documents(workspace.documents() if documents is None else documents)
    evidence = _Evidence(docs)
    events = [
        _event(evidence, document, seq, e, kb) for seq, document, e in fixes.apply(numbered(load_events(workspace)))
    ]
    stated = []
    for document, r in fixes.stated(load_stated_relations(workspace)):
        published = evidence.documents[document].published
        stated.append(StatedRelationRecord(kind=r.kind, source=r.source, target=r.target, cue=r.cue,
                                           date=published.isoformat() if published else None,
                                           evidence=evidence(document, r.start, r.end, r.sentence_start,
                                                             r.sentence_end)))  # fmt: skip
    dates = [DateMention(evidence=evidence.of(document, m), text=m.text, date=m.entity, precision=m.precision,
                         role="since" if m.label == "SINCE" else "date")
             for document, m in load_mentions(workspace, "date")]  # fmt: skip
    return ConflictSystem(
        documents=tuple(
            DocumentRecord(id=d.id, path=d.path, line=d.line, title=d.title, published=d.published, source=d.source)
            for d in docs
        ),
        actors=tuple(_actors(fixes.mentions(actor_rows), kb, evidence, fixes)),
        places=tuple(_places(load_mentions(workspace, "place"), kb, evidence)),
        dates=tuple(dates),
        events=tuple(events),
        stated_relations=tuple(stated),
        relations=tuple(relations(events, stated)),
    )
