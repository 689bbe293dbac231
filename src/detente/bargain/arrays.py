"""Scenario -> arrays: the one place where the scenario's objects become numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.bargain.solution import Array
from detente.scenario.model import Estimate, Scenario


@dataclass(frozen=True)
class ScenarioArrays:
    """capability (N,), position and salience (N, K) on each issue's own scale, scale ends (K,), and the
    uncertainty of each value as a standard deviation or a [low, high] range (NaN where none is stated)."""

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

    @property
    def uncertain(self) -> bool:
        stacks = (self.capability_sd, self.capability_range, self.position_sd, self.position_range,
                  self.salience_sd, self.salience_range)  # fmt: skip
        return any(bool(np.isfinite(a).any()) for a in stacks)


def _sd(e: Estimate) -> float:
    return e.sd if e.sd else np.nan


def _range(e: Estimate) -> tuple[float, float]:
    return (e.low, e.high) if e.low is not None and e.high is not None else (np.nan, np.nan)


def to_arrays(scenario: Scenario) -> ScenarioArrays:
    issues = [i.id for i in scenario.issues]
    actors = scenario.actors

    def grid(field: str, get: object) -> Array:
        return np.array([[get(getattr(a, field)[k]) for k in issues] for a in actors], dtype=np.float64)  # type: ignore[operator]

    return ScenarioArrays(
        actors=tuple(a.id for a in actors),
        issues=tuple(issues),
        capability=np.array([a.capability.value for a in actors], dtype=np.float64),
        position=grid("positions", lambda e: e.value),
        salience=grid("salience", lambda e: e.value),
        low=np.array([i.scale.low for i in scenario.issues], dtype=np.float64),
        high=np.array([i.scale.high for i in scenario.issues], dtype=np.float64),
        capability_sd=np.array([_sd(a.capability) for a in actors], dtype=np.float64),
        capability_range=np.array([_range(a.capability) for a in actors], dtype=np.float64).reshape(len(actors), 2),
        position_sd=grid("positions", _sd),
        position_range=np.array([[_range(a.positions[k]) for k in issues] for a in actors], dtype=np.float64).reshape(
            len(actors), len(issues), 2
        ),
        salience_sd=grid("salience", _sd),
        salience_range=np.array([[_range(a.salience[k]) for k in issues] for a in actors], dtype=np.float64).reshape(
            len(actors), len(issues), 2
        ),
    )
