"""The conflict system: what every stage after extraction reads. Typed, data only.

Every fact carries its :class:`Evidence`: the document it was read from (id, input path and JSONL line), the
character offsets of the words that state it and of the whole sentence, and the sentence itself. The JSON form
(:meth:`ConflictSystem.to_json`, schema ``detente.conflict/1``, documented in docs/schema.md) flattens the evidence
into each record, as the schema has always done.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from detente.model.event import FlagsMixin, RelationKind
from detente.model.mention import Precision

SCHEMA = "detente.conflict/1"


def evidence_label(path: str, line: int | None) -> str:
    """How a document is named to a person: its input path, with the line for one line of a JSONL file."""
    return f"{path}:{line}" if line is not None else path


class Evidence(BaseModel):
    """Where a fact was read: ``start``/``end`` are the offsets of the words that state it (a mention, an event's
    trigger, a relation's cue) and ``sentence_start``/``sentence_end`` those of its sentence, all in the document's
    text."""

    model_config = ConfigDict(frozen=True)

    document: str
    path: str
    line: int | None = None
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    sentence: str

    @property
    def label(self) -> str:
        """The document as named to a person (``path`` or ``path:line``)."""
        return evidence_label(self.path, self.line)

    @property
    def span_in_sentence(self) -> tuple[int, int]:
        """The stating words' offsets within :attr:`sentence`."""
        return self.start - self.sentence_start, self.end - self.sentence_start

    def flat(self) -> dict[str, Any]:
        """The evidence as the flat fields of a ``detente.conflict/1`` record."""
        return {"document": self.document, "path": self.path, "line": self.line, "start": self.start,
                "end": self.end, "sentence_start": self.sentence_start, "sentence_end": self.sentence_end,
                "sentence": self.sentence}  # fmt: skip


class DocumentRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    path: str
    line: int | None = None
    title: str | None = None
    published: date | None = None
    source: str | None = None

    @property
    def label(self) -> str:
        return evidence_label(self.path, self.line)


class ActorMention(BaseModel):
    """One mention of an actor. ``speaks_for``: for a person, whom they represented on the article's date."""

    model_config = ConfigDict(frozen=True)

    evidence: Evidence
    text: str
    sector: str | None = None
    how: str | None = None
    speaks_for: str | None = None


class Actor(BaseModel):
    """A canonical actor (``resolved``) or one the knowledge base does not know (id ``?<label>:<text>``)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    resolved: bool = True
    mentions: tuple[ActorMention, ...] = ()

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(m.evidence.document for m in self.mentions)


class PlaceMention(BaseModel):
    model_config = ConfigDict(frozen=True)

    evidence: Evidence
    text: str


class Place(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: tuple[PlaceMention, ...] = ()


class DateMention(BaseModel):
    """A date the text states: ``role`` "date" for the day something happened or will, "since" for the start of a
    state that still holds ("held since 2012", "in power since 2000"), which dates no event."""

    model_config = ConfigDict(frozen=True)

    evidence: Evidence
    text: str
    date: str
    precision: Precision | None = None
    role: Literal["date", "since"] = "date"


class EventRecord(FlagsMixin, BaseModel):
    """A coded event with its place resolved and its evidence (the trigger's offsets)."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    mode: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    date: str | None = None
    date_precision: Precision | None = None
    date_from: Literal["text", "published"] | None = None
    place: str | None = None
    place_name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    trigger: str
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    claimed: bool = False
    reported_by: tuple[str, ...] = ()
    score: float = 0.0
    evidence: Evidence

    @property
    def parties(self) -> tuple[str, ...]:
        return (*self.source, *self.target)


class StatedRelationRecord(BaseModel):
    """A relation stated outright ("US-backed rebels"), dated by its article's publication date."""

    model_config = ConfigDict(frozen=True)

    kind: RelationKind
    source: str
    target: str
    cue: str
    date: str | None = None
    evidence: Evidence


class Relation(BaseModel):
    """Actor-to-actor weights over the whole period: summed PLOVER intensities and the items behind them."""

    model_config = ConfigDict(frozen=True)

    source: str
    target: str
    cooperation: float
    conflict: float
    score: float
    events: tuple[str, ...] = ()
    stated: int = 0
    first: str | None = None  # the earliest and latest dates of the events and statements behind it
    last: str | None = None


class ConflictSystem(BaseModel):
    """Documents, actors, places, dates, events and relations, every item with its evidence."""

    model_config = ConfigDict(frozen=True)

    documents: tuple[DocumentRecord, ...] = ()
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[EventRecord, ...] = ()
    stated_relations: tuple[StatedRelationRecord, ...] = ()
    relations: tuple[Relation, ...] = ()

    @property
    def extracted(self) -> bool:
        """Whether anything was extracted: documents without a single mention or event mean none was run."""
        return bool(self.actors or self.places or self.dates or self.events)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def document(self, document_id: str) -> DocumentRecord | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def happened(self) -> Iterator[EventRecord]:
        """The events reported as fact (see :attr:`FlagsMixin.happened`)."""
        return (e for e in self.events if e.happened)

    def to_json(self) -> dict[str, Any]:
        """The ``detente.conflict/1`` document: each record's evidence flattened into it."""

        def flat(item: BaseModel) -> dict[str, Any]:
            data = item.model_dump(mode="json", exclude={"evidence", "mentions"})
            return {**data, **item.evidence.flat()} if hasattr(item, "evidence") else data

        def with_mentions(item: Actor | Place) -> dict[str, Any]:
            mentions = [{**m.model_dump(mode="json", exclude={"evidence"}), **m.evidence.flat()} for m in item.mentions]
            return {**item.model_dump(mode="json", exclude={"mentions"}), "mentions": mentions}

        return {
            "schema": SCHEMA,
            "documents": [d.model_dump(mode="json") for d in self.documents],
            "actors": [with_mentions(a) for a in self.actors],
            "places": [with_mentions(p) for p in self.places],
            "dates": [flat(d) for d in self.dates],
            "events": [flat(e) for e in self.events],
            "stated_relations": [flat(r) for r in self.stated_relations],
            "relations": [r.model_dump(mode="json") for r in self.relations],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConflictSystem:
        """Read a ``detente.conflict/1`` document back (the inverse of :meth:`to_json`)."""
        fields = set(Evidence.model_fields)

        def nest(record: dict[str, Any]) -> dict[str, Any]:
            evidence = {k: record[k] for k in fields if k in record}
            rest = {k: v for k, v in record.items() if k not in fields}
            return {**rest, "evidence": evidence}

        def with_mentions(item: dict[str, Any]) -> dict[str, Any]:
            return {**item, "mentions": [nest(m) for m in item.get("mentions", [])]}

        return cls(
            documents=tuple(DocumentRecord.model_validate(d) for d in data.get("documents", [])),
            actors=tuple(Actor.model_validate(with_mentions(a)) for a in data.get("actors", [])),
            places=tuple(Place.model_validate(with_mentions(p)) for p in data.get("places", [])),
            dates=tuple(DateMention.model_validate(nest(d)) for d in data.get("dates", [])),
            events=tuple(EventRecord.model_validate(nest(e)) for e in data.get("events", [])),
            stated_relations=tuple(
                StatedRelationRecord.model_validate(nest(r)) for r in data.get("stated_relations", [])
            ),
            relations=tuple(Relation.model_validate(r) for r in data.get("relations", [])),
        )
