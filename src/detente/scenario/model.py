"""The bargaining scenario: actors x issues, each value with optional uncertainty and evidence.

Glossary: ``capability`` (clout, any positive unit: only ratios matter), ``position`` (a point on the issue's own
scale, whose two ends carry a meaning), ``salience`` (0-1: how much the actor cares about the issue).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from detente.errors import ScenarioError


class Evidence(BaseModel):
    """The sentence a value was read from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    sentence: str


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
    issues: tuple[Issue, ...]
    actors: tuple[ActorEntry, ...]
    # parameters per model, by model name or alias, e.g. {"smp": {"vpm": "Quartic"}}; the CLI's --param wins
    models: dict[str, dict[str, Any]] = {}

    def actor(self, key: str) -> ActorEntry:
        return _find(self.actors, key, "actor", self.name)

    def issue(self, key: str) -> Issue:
        return _find(self.issues, key, "issue", self.name)


_Item = TypeVar("_Item", ActorEntry, Issue)


def _find(items: tuple[_Item, ...], key: str, what: str, scenario: str) -> _Item:
    """The item whose id or name is ``key``, or a ScenarioError listing the known ids."""
    for item in items:
        if key in (item.id, item.name):
            return item
    known = ", ".join(i.id for i in items)
    raise ScenarioError(f"no {what} {key!r} in scenario {scenario!r}", fix=f"use one of: {known}")
