"""Scenario -> arrays: the one place where the scenario's objects become numpy arrays.

An actor that takes no part in an issue (no position and no salience on it) has ``member`` False there; its cell
holds the scale's midpoint, salience 0 and no uncertainty, so that whole-scenario draws keep their shapes, and
:func:`participant_groups` with :meth:`ScenarioArrays.subset` give each issue's solver its participants only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import NDArray

from detente.bargain.solution import Array
from detente.scenario.model import ActorEntry, Estimate, Scenario

Index = tuple[int, ...]


@dataclass(frozen=True)
class ScenarioArrays:
    """capability (N,), position and salience (N, K) on each issue's own scale, scale ends (K,), and the
    uncertainty of each value as a standard deviation or a [low, high] range (NaN where none is stated);
    ``member`` (N, K) is True where the actor takes part in the issue."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    capability: Array
    position: Array
    salience: Array
    low: Array
    high: Array
    capability_sd: Array
    capability_range: Array  # (N, 2)
    position_sd: Array
    position_range: Array  # (N, K, 2)
    salience_sd: Array
    salience_range: Array  # (N, K, 2)
    member: NDArray[np.bool_]  # (N, K)

    @property
    def uncertain(self) -> bool:
        stacks = (self.capability_sd, self.capability_range, self.position_sd, self.position_range,
                  self.salience_sd, self.salience_range)  # fmt: skip
        return any(bool(np.isfinite(a).any()) for a in stacks)

    def subset(self, actors: Index, issues: Index) -> ScenarioArrays:
        """The arrays of some actors (indices) on some issues (indices), in the order given."""
        a, k = np.asarray(actors, dtype=np.intp), np.asarray(issues, dtype=np.intp)
        out: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "actors":
                out[item.name] = tuple(self.actors[i] for i in actors)
            elif item.name == "issues":
                out[item.name] = tuple(self.issues[i] for i in issues)
            elif item.name in ("low", "high"):
                out[item.name] = value[k]
            elif item.name in ("capability", "capability_sd", "capability_range"):
                out[item.name] = value[a]
            else:
                out[item.name] = value[a][:, k]
        return ScenarioArrays(**out)


def participant_groups(member: NDArray[np.bool_]) -> list[tuple[Index, Index]]:
    """Issues grouped by who takes part (``member`` (N, K)): (actor indices, issue indices) per group, groups in
    the order of their first issue. Every issue of a group is solved over the same actors."""
    groups: dict[Index, list[int]] = {}
    for k in range(member.shape[1]):
        groups.setdefault(tuple(int(a) for a in np.flatnonzero(member[:, k])), []).append(k)
    return [(actors, tuple(issues)) for actors, issues in groups.items()]


def _sd(e: Estimate | None) -> float:
    return e.sd if e is not None and e.sd else np.nan


def _range(e: Estimate | None) -> tuple[float, float]:
    if e is None or e.low is None or e.high is None:
        return (np.nan, np.nan)
    return (e.low, e.high)


def to_arrays(scenario: Scenario) -> ScenarioArrays:
    issues = [i.id for i in scenario.issues]
    middle = {i.id: (i.scale.low + i.scale.high) / 2 for i in scenario.issues}
    actors = scenario.actors
    n, k = len(actors), len(issues)

    def cells(actor: ActorEntry, field: str) -> list[Estimate | None]:
        return [getattr(actor, field).get(key) for key in issues]

    def grid(field: str, get: Any) -> Array:
        return np.array([[get(e) for e in cells(a, field)] for a in actors], dtype=np.float64).reshape(n, k)

    def ranges(field: str) -> Array:
        return np.array([[_range(e) for e in cells(a, field)] for a in actors], dtype=np.float64).reshape(n, k, 2)

    return ScenarioArrays(
        actors=tuple(a.id for a in actors),
        issues=tuple(issues),
        capability=np.array([a.capability.value for a in actors], dtype=np.float64),
        position=np.array(
            [[a.positions[key].value if key in a.positions else middle[key] for key in issues] for a in actors],
            dtype=np.float64,
        ).reshape(n, k),
        salience=grid("salience", lambda e: 0.0 if e is None else e.value),
        low=np.array([i.scale.low for i in scenario.issues], dtype=np.float64),
        high=np.array([i.scale.high for i in scenario.issues], dtype=np.float64),
        capability_sd=np.array([_sd(a.capability) for a in actors], dtype=np.float64),
        capability_range=np.array([_range(a.capability) for a in actors], dtype=np.float64).reshape(n, 2),
        position_sd=grid("positions", _sd),
        position_range=ranges("positions"),
        salience_sd=grid("salience", _sd),
        salience_range=ranges("salience"),
        member=np.array([[key in a.positions for key in issues] for a in actors], dtype=bool).reshape(n, k),
    )
