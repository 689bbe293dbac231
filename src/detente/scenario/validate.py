"""Scenario validation: every problem named with file, line, actor and field, and how to fix it.

An actor may take no part in an issue: its ``positions`` and ``salience`` both lack that issue (one without the
other is an error). Every actor must take part in at least one issue, and every issue needs at least two
participants. ``complete=True`` asks for every actor on every issue (``detente forecast --strict``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from detente.errors import ScenarioError
from detente.scenario.model import ActorEntry, Scenario


@dataclass(frozen=True)
class Problem:
    where: str
    what: str
    fix: str


class ScenarioValidationError(ScenarioError):
    """A scenario failed validation; ``problems`` lists every problem found, the message names the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first.what + more, where=first.where, fix=first.fix)


def validate(scenario: Scenario, *, source: str | None = None, lines: Mapping[str, int] | None = None,
             complete: bool = False) -> Scenario:  # fmt: skip
    """Check ``scenario`` and return it, or raise :class:`ScenarioValidationError` listing every problem.

    ``source`` names the file and ``lines`` maps actor ids to the line that defines them, for the messages.
    ``complete``: every actor must have a position and a salience on every issue (no actor sits an issue out).
    """
    lines = lines or {}
    origin = source or f"scenario {scenario.name!r}"

    def where(actor: str | None = None, field: str | None = None) -> str:
        place = origin
        if actor is not None:
            place += f":{lines[actor]}" if actor in lines else ""
            place += f" actor {actor!r}"
        if field is not None:
            place += f" field {field!r}"
        return place

    problems: list[Problem] = []
    if not scenario.issues:
        problems.append(Problem(where(), "the scenario has no issues", "add at least one issue"))
    if len(scenario.actors) < 2:
        problems.append(
            Problem(where(), f"the scenario has {len(scenario.actors)} actor(s); bargaining needs at least 2",
                    "add the other parties to the negotiation")
        )  # fmt: skip
    for name, count in Counter(a.id for a in scenario.actors).items():
        if count > 1:
            problems.append(Problem(where(name), f"actor {name!r} appears {count} times", "merge or rename them"))
    issue_ids = {issue.id for issue in scenario.issues}
    for issue_id, count in Counter(i.id for i in scenario.issues).items():
        if count > 1:
            problems.append(Problem(where(), f"issue {issue_id!r} appears {count} times", "give each issue one id"))
    for actor in scenario.actors:
        problems += _actor_problems(actor, scenario, where, issue_ids, complete=complete)
    problems += _participation_problems(scenario, where) if len(scenario.actors) >= 2 else []
    for issue in scenario.issues:
        saliences = [a.salience[issue.id].value for a in scenario.actors if issue.id in a.salience]
        if len(saliences) >= 2 and all(s == 0 for s in saliences):
            problems.append(
                Problem(where(field=f"salience.{issue.id}"), f"every actor's salience on issue {issue.id!r} is 0",
                        "nobody cares about this issue: give the actors who do a positive salience, or drop it")
            )  # fmt: skip
    if problems:
        raise ScenarioValidationError(problems)
    return scenario


def _participation_problems(scenario: Scenario, where: Callable[..., str]) -> list[Problem]:
    """Every actor takes part in an issue; every issue has at least two participants."""
    problems: list[Problem] = []
    issue_ids = {issue.id for issue in scenario.issues}
    for actor in scenario.actors:
        if issue_ids and not issue_ids & (set(actor.positions) | set(actor.salience)):
            problems.append(
                Problem(where(actor.id), f"actor {actor.id!r} takes part in no issue (no position on any)",
                        "give it a position and a salience on an issue, or leave the actor out of the scenario")
            )  # fmt: skip
    for issue in scenario.issues:
        taking_part = [a.id for a in scenario.actors if issue.id in a.positions or issue.id in a.salience]
        if len(taking_part) < 2:
            who = f"only {taking_part[0]!r} takes" if taking_part else "no actor takes"
            problems.append(
                Problem(where(field=f"issues.{issue.id}"), f"{who} part in issue {issue.id!r}; bargaining needs at "
                        "least 2", "give another actor a position and a salience on it, or drop the issue")
            )  # fmt: skip
    return problems


def _actor_problems(actor: ActorEntry, scenario: Scenario, where: Callable[..., str], issue_ids: set[str], *,
                    complete: bool = False) -> list[Problem]:  # fmt: skip
    """The problems of one actor's values: capability, and on each issue it takes part in (every issue when
    ``complete``) a position and a salience."""
    problems: list[Problem] = []
    capability = actor.capability.value
    if not capability > 0:
        problems.append(
            Problem(where(actor.id, "capability"), f"capability must be above 0, got {capability:g}",
                    "give a positive capability, or drop an actor without influence")
        )  # fmt: skip
    for issue in scenario.issues:
        if not complete and issue.id not in actor.positions and issue.id not in actor.salience:
            continue  # the actor takes no part in this issue
        if issue.id not in actor.positions:
            problems.append(
                Problem(where(actor.id, f"positions.{issue.id}"), "no position on this issue",
                        "give a position, or leave the actor out of the scenario"
                        + ("" if complete else " (or remove its salience, so that it takes no part in the issue)"))
            )  # fmt: skip
        elif not issue.scale.low <= actor.positions[issue.id].value <= issue.scale.high:
            value = actor.positions[issue.id].value
            problems.append(
                Problem(where(actor.id, f"positions.{issue.id}"),
                        f"position {value:g} lies outside the scale [{issue.scale.low:g}, {issue.scale.high:g}]",
                        "move it onto the scale or widen the issue's scale")
            )  # fmt: skip
        salience = actor.salience.get(issue.id)
        if salience is None:
            problems.append(
                Problem(where(actor.id, f"salience.{issue.id}"), "no salience on this issue",
                        "give a salience between 0 and 1"
                        + ("" if complete else " (or remove its position, so that it takes no part in the issue)"))
            )  # fmt: skip
        elif not 0.0 <= salience.value <= 1.0:
            problems.append(
                Problem(where(actor.id, f"salience.{issue.id}"),
                        f"salience must lie in [0, 1], got {salience.value:g}",
                        "write salience as a fraction (a percentage of 60 is 0.6)")
            )  # fmt: skip
    for key in set(actor.positions) | set(actor.salience):
        if key not in issue_ids:
            problems.append(
                Problem(where(actor.id, key), f"unknown issue {key!r}",
                        f"use one of: {', '.join(sorted(issue_ids))}")
            )  # fmt: skip
    return problems
