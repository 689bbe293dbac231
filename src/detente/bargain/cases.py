"""Decisions with known outcomes as solver batches: issues grouped by their number of actors.

A :class:`~detente.scenario.deu.DecisionTable` has a different set of actors on each issue; the solvers take
arrays (B, N). :func:`pack` groups the issues by N once, and :func:`predict` runs a model (or a baseline) on every
group and returns one forecast per issue, in the table's order. :func:`from_scenarios` turns scenarios whose
issues state an ``outcome`` into the same table, rescaled to 0-100 so that errors add up across scenarios.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.bargain.registry import get_model
from detente.bargain.solution import Array
from detente.errors import ScenarioError
from detente.scenario.deu import DecisionTable
from detente.scenario.model import Scenario


@dataclass(frozen=True)
class Group:
    """Issues with the same number of actors: their row numbers in the table and arrays (B, N)."""

    rows: np.ndarray
    capability: Array
    position: Array
    salience: Array


@dataclass(frozen=True)
class Packed:
    groups: tuple[Group, ...]
    low: Array  # (I,)
    high: Array  # (I,)
    size: int

    def scatter(self, values: list[Array]) -> Array:
        out = np.empty(self.size)
        for group, value in zip(self.groups, values, strict=True):
            out[group.rows] = value
        return out


def pack(table: DecisionTable) -> Packed:
    order = {issue: k for k, issue in enumerate(table.issues["issue"])}
    actors = table.actors.assign(row=table.actors["issue"].map(order)).sort_values(["row", "actor"], kind="stable")
    counts = actors.groupby("row").size()
    groups = []
    for n, rows in counts.groupby(counts).groups.items():
        index = np.asarray(rows, dtype=np.int64)
        part = actors[actors["row"].isin(index)]
        shape = (len(index), int(n))
        groups.append(Group(index, *(part[c].to_numpy(np.float64).reshape(shape)
                                     for c in ("capability", "position", "salience"))))  # fmt: skip
    issues = table.issues
    return Packed(tuple(groups), issues["low"].to_numpy(np.float64), issues["high"].to_numpy(np.float64), len(issues))


def solve_group(model: str, group: Group, low: Array, high: Array, params: dict[str, Any]) -> Array:
    """One model's forecasts for one group (arrays may carry a leading draw axis folded into the batch)."""
    spec = get_model(model)
    if spec.joint:  # one issue at a time, all issues of the group in one batch (scale ends must agree)
        if not (np.all(low == low[0]) and np.all(high == high[0])):
            raise ScenarioError("a joint model needs one scale per batch", fix="rescale the issues to 0-100")
        solution = spec.solve(group.capability, group.position[..., None], group.salience[..., None],
                              low[:1], high[:1], **params)  # fmt: skip
        return np.asarray(solution.outcome[:, 0])
    return np.asarray(spec.solve(group.capability, group.position, group.salience, low, high, **params).outcome)


def predict(packed: Packed, model: str, params: dict[str, Any] | None = None) -> Array:
    """Forecasts of ``model`` for every issue, in table order."""
    params = params or {}
    values = []
    for group in packed.groups:
        low, high = packed.low[group.rows], packed.high[group.rows]
        values.append(solve_group(model, group, low, high, params))
    return packed.scatter(values)


def from_scenarios(scenarios: Iterable[Scenario]) -> DecisionTable:
    """The issues with a stated ``outcome`` of ``scenarios`` as one table on 0-100."""
    issues: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    for scenario in scenarios:
        for issue in scenario.issues:
            if issue.outcome is None:
                continue
            low, span = issue.scale.low, issue.scale.high - issue.scale.low
            key = f"{scenario.name}/{issue.id}"
            issues.append({"issue": key, "proposal": scenario.name, "proc": "", "year": 0, "wave": scenario.name,
                           "outcome": 100 * (issue.outcome - low) / span, "rp": np.nan, "proposer": np.nan,
                           "low": 0.0, "high": 100.0})  # fmt: skip
            for actor in scenario.participants(issue.id):
                salience = actor.salience[issue.id].value
                if salience > 0:
                    actors.append({"issue": key, "actor": actor.id,
                                   "position": 100 * (actor.positions[issue.id].value - low) / span,
                                   "salience": salience, "capability": actor.capability.value})  # fmt: skip
    if not issues:
        raise ScenarioError("no issue states an outcome", fix="add outcome: VALUE to the issues that were decided")
    return DecisionTable(pd.DataFrame(issues), pd.DataFrame(actors), source="scenarios", capability_rule="scenario")
