"""What would change the forecast: one-at-a-time sensitivities of a model's forecast to each cell of a scenario.

Each actor's position is moved by ``position_step`` of the issue's scale width (down and up, kept on the scale),
each salience by ``salience_step`` (kept within 0-1) and each capability by the factor ``1 ± capability_step``; the
scenario is forecast again (one run, no Monte Carlo) and the change of the forecast is recorded. The cells are
returned with the largest move first: those are the values to check before trusting the forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from detente.bargain.forecast import Forecast, forecast
from detente.bargain.whatif import set_value
from detente.scenario.model import Scenario

POSITION_STEP = 0.1  # of the issue's scale width
SALIENCE_STEP = 0.2
CAPABILITY_STEP = 0.2  # relative


@dataclass(frozen=True)
class Sensitivity:
    """How far ``issue``'s forecast moves when ``actor``'s ``field`` goes from ``value`` to ``low`` or ``high``."""

    actor: str
    field: str  # capability, position or salience
    cell_issue: str | None  # the cell's issue (None for capability)
    issue: str  # the issue whose forecast moved most
    value: float
    low: float
    high: float
    base: float  # the forecast as stated
    at_low: float  # the forecast with the value at low
    at_high: float

    @property
    def change(self) -> float:
        return max(abs(self.at_low - self.base), abs(self.at_high - self.base))

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "change": self.change}


def _forecasts(result: Forecast) -> dict[str, float]:
    return {item.issue.id: item.forecast for item in result.issues}


def _steps(scenario: Scenario, position: float, salience: float, capability: float) -> list[tuple[Any, ...]]:
    """(actor, field, issue, value, low, high) for every cell, the moved values kept within their bounds."""
    out: list[tuple[Any, ...]] = []
    for actor in scenario.actors:
        cap = actor.capability.value
        out.append((actor.id, "capability", None, cap, cap * (1 - capability), cap * (1 + capability)))
        for issue in scenario.issues:
            if issue.id not in actor.positions or issue.id not in actor.salience:
                continue  # the actor takes no part in this issue: nothing to move
            p, s = actor.positions[issue.id].value, actor.salience[issue.id].value
            step = position * issue.scale.width
            out.append((actor.id, "position", issue.id, p, max(issue.scale.low, p - step),
                        min(issue.scale.high, p + step)))  # fmt: skip
            out.append((actor.id, "salience", issue.id, s, max(0.0, s - salience), min(1.0, s + salience)))
    return out


def sensitivities(
    scenario: Scenario, model: str, *, position_step: float = POSITION_STEP, salience_step: float = SALIENCE_STEP,
    capability_step: float = CAPABILITY_STEP, **params: Any,
) -> list[Sensitivity]:  # fmt: skip
    """Every cell of ``scenario`` moved down and up, one at a time, and ``model``'s forecast again; the cells that
    move a forecast most come first (for a capability, or a joint model, the issue that moved most is named)."""
    base = _forecasts(forecast(scenario, model, runs=1, **params))
    out = []
    for actor, field, cell_issue, value, low, high in _steps(scenario, position_step, salience_step, capability_step):
        moved = [
            _forecasts(forecast(set_value(scenario, actor, field, v, cell_issue), model, runs=1, **params))
            if v != value else base
            for v in (low, high)
        ]  # fmt: skip
        issue = max(base, key=lambda k: max(abs(m[k] - base[k]) for m in moved)) if cell_issue is None else cell_issue
        at_low, at_high = moved[0][issue], moved[1][issue]
        out.append(Sensitivity(actor=actor, field=field, cell_issue=cell_issue, issue=issue, value=value, low=low,
                               high=high, base=base[issue], at_low=at_low, at_high=at_high))  # fmt: skip
    return sorted(out, key=lambda s: (-s.change, s.actor, s.field, s.cell_issue or ""))
