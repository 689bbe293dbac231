"""What-if: change a scenario (drop, add or merge actors, set a value) and compare forecasts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from detente.bargain.forecast import Forecast
from detente.errors import ScenarioError
from detente.scenario.model import ActorEntry, Estimate, Scenario
from detente.scenario.validate import validate

if TYPE_CHECKING:
    import pandas as pd  # imported by compare(): the command line starts faster without it


def drop_actors(scenario: Scenario, actors: Sequence[str]) -> Scenario:
    ids = {scenario.actor(a).id for a in actors}
    return validate(scenario.model_copy(update={"actors": tuple(a for a in scenario.actors if a.id not in ids)}))


def add_actor(scenario: Scenario, actor: ActorEntry) -> Scenario:
    return validate(scenario.model_copy(update={"actors": (*scenario.actors, actor)}))


def set_value(scenario: Scenario, actor: str, field: str, value: float, issue: str | None = None) -> Scenario:
    """Set ``capability``, or ``position``/``salience`` on ``issue``, of one actor (keeping its evidence)."""
    entry = scenario.actor(actor)
    if field == "capability":
        updated = entry.model_copy(update={"capability": entry.capability.model_copy(update={"value": value})})
    elif field in ("position", "salience"):
        attribute = "positions" if field == "position" else "salience"
        if issue is None:
            if len(scenario.issues) != 1:
                raise ScenarioError(f"which issue? the scenario has {len(scenario.issues)}",
                                    fix=f"write ACTOR.{field}.ISSUE=VALUE")  # fmt: skip
            issue = scenario.issues[0].id
        issue_id = scenario.issue(issue).id
        if issue_id not in entry.positions:
            raise ScenarioError(f"actor {entry.id!r} takes no part in issue {issue_id!r}: there is no {field} to set",
                                fix="give it a position and a salience on the issue in the scenario file")  # fmt: skip
        values = dict(getattr(entry, attribute))
        old = values.get(issue_id, Estimate(value=value))
        values[issue_id] = Estimate(value=value, evidence=old.evidence, note=old.note)
        updated = entry.model_copy(update={attribute: values})
    else:
        raise ScenarioError(f"unknown field {field!r}", fix="use capability, position or salience")
    actors = tuple(updated if a.id == entry.id else a for a in scenario.actors)
    return validate(scenario.model_copy(update={"actors": actors}))


def merge_actors(scenario: Scenario, actors: Sequence[str], new_id: str) -> Scenario:
    """Merge actors into one bloc: capabilities add up; on each issue, position and salience are the
    capability-weighted means over the members that take part in it (the bloc takes no part where none does)."""
    members = [scenario.actor(a) for a in actors]
    if len(members) < 2:
        raise ScenarioError("merging needs at least two actors", fix="write A+B=NEW")
    positions, salience = {}, {}
    for issue in scenario.issues:
        part = [m for m in members if issue.id in m.positions]
        if not part:
            continue
        weights = np.array([m.capability.value for m in part])
        pos = np.array([m.positions[issue.id].value for m in part])
        sal = np.array([m.salience[issue.id].value for m in part])
        positions[issue.id] = Estimate(
            value=float(weights @ pos / weights.sum()), note=f"merged from {', '.join(m.id for m in part)}"
        )
        salience[issue.id] = Estimate(value=float(weights @ sal / weights.sum()))
    weights = np.array([m.capability.value for m in members])
    bloc = ActorEntry(id=new_id, capability=Estimate(value=float(weights.sum())), positions=positions,
                      salience=salience, notes=f"bloc of {', '.join(m.id for m in members)}")  # fmt: skip
    ids = {m.id for m in members}
    kept = tuple(a for a in scenario.actors if a.id not in ids)
    return validate(scenario.model_copy(update={"actors": (*kept, bloc)}))


def compare(base: Forecast, changed: Forecast) -> pd.DataFrame:
    """Forecast per issue, before and after a change, and the difference."""
    rows = []
    for item in base.issues:
        other = changed.issue(item.issue.id)
        rows.append({"issue": item.issue.id, "base": item.forecast, "what_if": other.forecast,
                     "change": other.forecast - item.forecast})  # fmt: skip
    import pandas as pd

    return pd.DataFrame(rows)
