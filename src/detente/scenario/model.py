"""The bargaining scenario: actors x issues, each value with optional uncertainty and evidence.

Glossary: ``capability`` (clout, any positive unit: only ratios matter), ``position`` (a point on the issue's own
scale, whose two ends carry a meaning), ``salience`` (0-1: how much the actor cares about the issue).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from detente.errors import ScenarioError


class Evidence(BaseModel):
    """The sentence a value was read from: ``document`` names it as a person would (path, or path:line), ``id``
    is the document's id in the workspace and ``start``/``end`` the sentence's offsets in its text, when known."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    sentence: str
    id: str | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    date: dt.date | None = None  # the article's date (or the event's), for a draft made --as-of a day
    speaker: str | None = None  # the words naming who took the stance ("Kerry", "the Pentagon")
    cue: str | None = None  # the stance phrase ("must step down", "rejected ... military cooperation")
    kind: Literal["statement", "event", "relation"] | None = None
    attributed: bool = False  # someone else's claim about the actor's stance ("analysts say Moscow wants ...")


Basis = Literal["stated", "inferred", "definition", "table", "analyst"]
"""How a value was found: ``stated`` in the articles, ``inferred`` from allies or events (lower confidence, wider
spread), by the issue's ``definition`` (its subject's own end), from a cited ``table`` (capability), or filled in by
the ``analyst``."""


class Estimate(BaseModel):
    """A value with optional uncertainty (a standard deviation or a range), confidence, evidence and a note."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    sd: float | None = Field(default=None, ge=0)
    low: float | None = None
    high: float | None = None
    confidence: float | None = Field(default=None, ge=0, le=1)
    evidence: tuple[Evidence, ...] = ()
    note: str | None = None
    basis: Basis | None = None  # how the value was found (None: not said, as in a hand-written scenario)

    @model_validator(mode="after")
    def _range(self) -> Estimate:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both low and high for a range, or neither")
        if self.low is not None and self.high is not None and not self.low <= self.value <= self.high:
            raise ValueError(f"value {self.value} lies outside its range [{self.low}, {self.high}]")
        if self.sd is not None and self.low is not None:
            raise ValueError("give either sd or a low-high range, not both")
        return self

    @property
    def uncertain(self) -> bool:
        return bool(self.sd) or (self.low is not None and self.high is not None and self.low < self.high)


class Scale(BaseModel):
    """An issue's scale: its two ends and what each end means."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float = 0.0
    high: float = 100.0
    low_label: str | None = None
    high_label: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.high > self.low:
            raise ValueError(f"scale high ({self.high}) must be above low ({self.low})")
        return self

    @property
    def width(self) -> float:
        return self.high - self.low


class Issue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str | None = None
    scale: Scale = Scale()
    description: str | None = None
    outcome: float | None = None  # what was decided, when known (on the issue's scale): for backtests

    @property
    def label(self) -> str:
        return self.name or self.id


class ActorEntry(BaseModel):
    """One actor of a scenario: capability, and per issue a position and a salience."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str | None = None
    capability: Estimate
    positions: dict[str, Estimate]
    salience: dict[str, Estimate]
    notes: str | None = None

    @property
    def label(self) -> str:
        return self.name or self.id


class Scenario(BaseModel):
    """Actors x issues. Build one with :func:`detente.scenario.load` or in code; check it with ``validate``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "scenario"
    description: str | None = None
    as_of: dt.date | None = None  # the evidence it rests on goes up to this day
    since: dt.date | None = None  # ... and from this day on
    capability_measure: str | None = None  # which measure the capabilities are in, and why
    issues: tuple[Issue, ...]
    actors: tuple[ActorEntry, ...]
    # parameters per model, by model name or alias, e.g. {"smp": {"vpm": "Quartic"}}; the CLI's --param wins
    models: dict[str, dict[str, Any]] = {}
    # what the loader decided for the reader, e.g. which empty cells it read as "takes no part"; forecasts report it
    notes: tuple[str, ...] = ()

    def actor(self, key: str) -> ActorEntry:
        return _find(self.actors, key, "actor", self.name)

    def participants(self, issue: str) -> tuple[ActorEntry, ...]:
        """The actors that take part in ``issue`` (an actor without a position on it takes no part)."""
        return tuple(a for a in self.actors if issue in a.positions)

    def issue(self, key: str) -> Issue:
        return _find(self.issues, key, "issue", self.name)


class DraftActor(BaseModel):
    """An actor of a drafted scenario: like :class:`ActorEntry`, but a cell with no evidence is empty (None)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    name: str | None = None
    capability: Estimate
    positions: dict[str, Estimate | None]
    salience: dict[str, Estimate | None]
    notes: str | None = None


class DraftScenario(BaseModel):
    """A scenario as drafted from evidence, before an analyst fills its empty cells."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "drafted scenario"
    description: str | None = None
    as_of: dt.date | None = None  # only evidence up to this day was used
    since: dt.date | None = None  # ... and from this day on
    issues: tuple[Issue, ...]
    actors: tuple[DraftActor, ...]
    left_out: dict[str, str] = {}  # actors the articles name that are not bargaining actors, with the reason
    capability_measure: str | None = None  # which measure the capabilities are in, and why
    warnings: tuple[str, ...] = ()  # e.g. one actor holding more than half of an issue's weight

    def gaps(self) -> list[tuple[str, str]]:
        """The (actor, issue) cells that have no value, for the analyst to fill in."""
        return [(a.id, issue) for a in self.actors for issue, cell in a.positions.items() if cell is None]

    def actor(self, key: str) -> DraftActor:
        return _find(self.actors, key, "actor", self.name)

    def issue(self, key: str) -> Issue:
        return _find(self.issues, key, "issue", self.name)


_Item = TypeVar("_Item", ActorEntry, DraftActor, Issue)


def _find(items: tuple[_Item, ...], key: str, what: str, scenario: str) -> _Item:
    """The item whose id or name is ``key``, or a ScenarioError listing the known ids."""
    for item in items:
        if key in (item.id, item.name):
            return item
    known = ", ".join(i.id for i in items)
    raise ScenarioError(f"no {what} {key!r} in scenario {scenario!r}", fix=f"use one of: {known}")
