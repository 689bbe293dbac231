"""One-at-a-time sensitivities: the cells that move a forecast most come first, moved values stay in bounds."""

from __future__ import annotations

import pytest

from detente.bargain import forecast
from detente.bargain.sensitivity import sensitivities
from detente.scenario.model import ActorEntry, Estimate, Issue, Scale, Scenario


def _scenario() -> Scenario:
    def actor(name: str, cap: float, pos: float, sal: float) -> ActorEntry:
        return ActorEntry(id=name, capability=Estimate(value=cap), positions={"x": Estimate(value=pos)},
                          salience={"x": Estimate(value=sal)})  # fmt: skip

    return Scenario(issues=(Issue(id="x", scale=Scale(low=0, high=200)),),
                    actors=(actor("BIG", 9, 20, 0.9), actor("SMALL", 1, 180, 0.1)))  # fmt: skip


def test_weighted_mean_sensitivities_match_the_formula() -> None:
    scenario = _scenario()
    result = sensitivities(scenario, "mean")
    assert len(result) == 2 * 3  # capability, position, salience per actor
    first = result[0]
    assert (first.actor, first.field) == ("BIG", "position")  # the heavy actor's position moves the mean most
    assert (first.low, first.high) == (0.0, 40.0)  # 10% of a 0-200 scale, kept on the scale
    weight = 9 * 0.9 / (9 * 0.9 + 1 * 0.1)
    assert first.at_high - first.base == pytest.approx(20 * weight)
    assert first.base == pytest.approx(forecast(scenario, "mean").issues[0].forecast)
    changes = [s.change for s in result]
    assert changes == sorted(changes, reverse=True)
    salience = next(s for s in result if s.actor == "BIG" and s.field == "salience")
    assert (salience.low, salience.high) == pytest.approx((0.7, 1.0))  # kept within 0-1
    capability = next(s for s in result if s.actor == "SMALL" and s.field == "capability")
    assert capability.cell_issue is None and capability.issue == "x" and capability.change > 0
    assert result[0].to_json()["change"] == first.change


def test_steps_are_settable() -> None:
    result = sensitivities(_scenario(), "median", position_step=0.25)
    big = next(s for s in result if s.actor == "BIG" and s.field == "position")
    assert (big.low, big.high) == (0.0, 70.0)
    assert big.at_high == pytest.approx(70.0)  # the median voter is BIG: it follows BIG's position
