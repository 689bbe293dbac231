"""Deals across the issues of a scenario: the exchanges both actors prefer, with the forecast after each.

Positions are taken as shares of each issue's scale, so that gains on issues with different scales add up (a
salience-weighted share of a scale); the table reports positions back on each issue's own scale. The exchange
model is Stokman & van Oosten's (see :mod:`detente.bargain.exchange`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from detente.bargain.arrays import to_arrays
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.exchange import find_deals
from detente.bargain.forecast import forecast
from detente.bargain.whatif import set_value
from detente.scenario.model import Scenario


@dataclass(frozen=True)
class ScenarioDeal:
    """``mover_a`` moves on ``issue_a`` (towards ``mover_b``), ``mover_b`` on ``issue_b``; forecasts before and
    after the deal (by the chosen model), gains in salience-weighted shares of a scale."""

    mover_a: str
    issue_a: str
    from_a: float
    to_a: float
    mover_b: str
    issue_b: str
    from_b: float
    to_b: float
    gain_a: float
    gain_b: float
    before: dict[str, float]
    after: dict[str, float]

    @property
    def joint_gain(self) -> float:
        return self.gain_a + self.gain_b

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "joint_gain": self.joint_gain}


def deals(scenario: Scenario, model: str = DEFAULT_MODEL, *, limit: int = 10, **params: Any) -> list[ScenarioDeal]:
    """The ``limit`` exchanges with the largest joint gain, each with ``model``'s forecast after it."""
    arrays = to_arrays(scenario)
    span = arrays.high - arrays.low
    shares = (arrays.position - arrays.low) / span
    found = find_deals(arrays.capability, shares, arrays.salience, limit=limit)
    base = forecast(scenario, model, **params)
    before = {item.issue.id: item.forecast for item in base.issues}
    out = []
    for deal in found:
        a, b = arrays.issues[deal.a], arrays.issues[deal.b]
        to_a = float(arrays.low[deal.a] + deal.i_to * span[deal.a])
        to_b = float(arrays.low[deal.b] + deal.j_to * span[deal.b])
        changed = set_value(scenario, arrays.actors[deal.i], "position", to_a, a)
        changed = set_value(changed, arrays.actors[deal.j], "position", to_b, b)
        after = {item.issue.id: item.forecast for item in forecast(changed, model, **params).issues}
        out.append(ScenarioDeal(
            mover_a=arrays.actors[deal.i], issue_a=a, from_a=float(arrays.position[deal.i, deal.a]), to_a=to_a,
            mover_b=arrays.actors[deal.j], issue_b=b, from_b=float(arrays.position[deal.j, deal.b]), to_b=to_b,
            gain_a=deal.gain_i, gain_b=deal.gain_j, before=before, after=after,
        ))  # fmt: skip
    return out


def deals_frame(found: list[ScenarioDeal]) -> pd.DataFrame:
    return pd.DataFrame([d.to_dict() for d in found])
