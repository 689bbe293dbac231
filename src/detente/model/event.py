"""Events (who did what to whom, PLOVER-coded) and relations stated outright ("US-backed rebels")."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from detente.model.mention import Precision

RelationKind = Literal["backs", "ally", "enemy", "mediates"]
FLAGS = ("negated", "hypothetical", "claimed")
"""The flags of an event that was not reported as fact, in the order they are shown."""


class FlagsMixin:
    """The one rule for whether an event happened: reported as fact, neither negated, hypothetical nor a claim."""

    if TYPE_CHECKING:  # declared by the models that use the mixin, in their own field order
        negated: bool
        hypothetical: bool
        claimed: bool

    @property
    def happened(self) -> bool:
        return not (self.negated or self.hypothetical or self.claimed)

    @property
    def flags(self) -> list[str]:
        """The flags set, by name (empty for an event reported as fact)."""
        return [name for name in FLAGS if getattr(self, name)]


class Event(FlagsMixin, BaseModel):
    """One coded event. ``start``/``end``: the trigger's character offsets; the sentence is given by offsets too.

    ``negated``, ``hypothetical`` and ``claimed`` flag events that did not (yet) happen as stated: "did not agree",
    "would strike", "a proposal to coordinate", the act one party accuses another of. ``reported_by``: who the
    sentence attributes the event to ("Russia said its aircraft ...").
    """

    model_config = ConfigDict(frozen=True)

    type: str
    mode: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    trigger: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    date: dt.date | None = None
    date_precision: Precision | None = None
    date_from: Literal["text", "published"] | None = None
    place: str | None = None
    confidence: float
    negated: bool = False
    hypothetical: bool = False
    claimed: bool = False
    reported_by: tuple[str, ...] = ()
    score: float = 0.0


class StatedRelation(BaseModel):
    """A standing relation stated in the text: ``backs`` is directed (source backs target), the others mutual."""

    model_config = ConfigDict(frozen=True)

    kind: RelationKind
    source: str
    target: str
    cue: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
