"""The objects that flow between stages: typed data, no behaviour beyond validation and one-line rules."""

from detente.model.article import Article, DateSource, content_hash
from detente.model.event import FLAGS, Event, StatedRelation
from detente.model.mention import Mention
from detente.model.system import (
    SCHEMA,
    Actor,
    ActorMention,
    ConflictSystem,
    DateMention,
    DocumentRecord,
    EventRecord,
    Evidence,
    Place,
    PlaceMention,
    Relation,
    StatedRelationRecord,
    evidence_label,
)

__all__ = [
    "FLAGS",
    "SCHEMA",
    "Actor",
    "ActorMention",
    "Article",
    "ConflictSystem",
    "DateMention",
    "DateSource",
    "DocumentRecord",
    "Event",
    "EventRecord",
    "Evidence",
    "Mention",
    "Place",
    "PlaceMention",
    "Relation",
    "StatedRelation",
    "StatedRelationRecord",
    "content_hash",
    "evidence_label",
]
