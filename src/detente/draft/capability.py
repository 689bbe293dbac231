"""Capability, chosen by the analyst: how much weight each actor brings to the table, by one named measure.

* ``military``: military expenditure (SIPRI, 2016), with defaults by kind for non-state actors. A world measure:
  a superpower outweighs every local actor, whatever its presence in the theatre.
* ``equal``: every actor alike; the positions and saliences alone decide.
* ``presence``: presence in the theatre, from the articles: the events each actor takes part in (as source or
  target, reported as fact) in the countries where most of the events happen, plus one; the actor with the most
  scores 100. Local powers and armed groups count for what they do there.
* a file: the analyst's own table (CSV ``actor,capability``, a header line optional), cited by its path.

Each drafted capability says which measure it used (``note``), its ``basis`` (``table``), and the draft warns when
one actor holds more than half of an issue's weight (capability x salience over the actors taking part).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from detente.draft.templates import capability_table
from detente.errors import ScenarioError
from detente.model import ConflictSystem
from detente.scenario.model import DraftActor, Estimate

MEASURES = ("military", "equal", "presence")
DOMINANT = 0.5
WHY = {
    "military": "military expenditure: a world measure, which lets a superpower outweigh every local actor",
    "equal": "every actor alike: positions and saliences alone decide",
    "presence": "presence in the theatre: the events each actor takes part in where most events happen",
}

Measure = Callable[[str, str | None], Estimate]


def military() -> Measure:
    """SIPRI 2016 military expenditure for states (estimates marked), defaults by kind for the others."""
    states, defaults, overrides, source = capability_table()

    def value(actor: str, kind: str | None) -> Estimate:
        if actor in states:
            entry = states[actor]
            note = f"military expenditure, {source}" + (
                "; detente's estimate, SIPRI has no 2016 figure" if entry.estimate else ""
            )
            return Estimate(value=entry.value, confidence=0.5 if entry.estimate else 0.9, note=note, basis="table")
        if actor in overrides:
            note = "detente's default for this group, in the same unit as states' military expenditure"
            return Estimate(value=overrides[actor], confidence=0.3, note=note, basis="table")
        fallback = defaults.get(kind or "group", defaults["group"])
        return Estimate(value=fallback, confidence=0.2, note=f"detente's default for a {kind or 'group'}",
                        basis="table")  # fmt: skip

    return value


def equal() -> Measure:
    return lambda actor, kind: Estimate(value=1.0, confidence=1.0, note="equal capability (chosen)", basis="table")


def presence(system: ConflictSystem) -> Measure:
    """Events taken part in, in the theatre (the countries holding at least a tenth of the placed events)."""
    countries = Counter(e.country for e in system.happened() if e.country)
    total = sum(countries.values())
    theatre = {c for c, n in countries.items() if total and n >= 0.1 * total}
    counts: Counter[str] = Counter()
    for e in system.happened():
        if not theatre or e.country in theatre:
            counts.update(set(e.parties))
    top = max(counts.values(), default=0) + 1
    where = ", ".join(sorted(theatre)) or "everywhere"

    def value(actor: str, kind: str | None) -> Estimate:
        n = counts.get(actor, 0)
        return Estimate(value=round(100.0 * (n + 1) / top, 2), confidence=0.4, basis="table",
                        note=f"presence in the theatre ({where}): {n} events there, scaled so the most present "
                             "actor scores 100")  # fmt: skip

    return value


def from_file(path: Path) -> Measure:
    """The analyst's CSV table ``actor,capability``; an actor missing from it is an error naming the actor."""
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"cannot read the capability table ({err})", where=str(path),
                            fix="give a CSV file with actor,capability rows") from err  # fmt: skip
    table: dict[str, float] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip():
            continue
        try:
            table[row[0].strip()] = float(row[1])
        except ValueError:
            if number == 1:
                continue  # a header line
            raise ScenarioError(f"capability {row[1]!r} is not a number", where=f"{path}:{number}",
                                fix="write actor,capability with a number") from None  # fmt: skip

    def value(actor: str, kind: str | None) -> Estimate:
        if actor not in table:
            raise ScenarioError(f"no capability for actor {actor!r}", where=str(path),
                                fix=f"add a line {actor},<number> to the table")  # fmt: skip
        return Estimate(value=table[actor], confidence=0.8, note=f"the analyst's table {path}", basis="analyst")

    return value


def measure(name: str | Path, system: ConflictSystem) -> tuple[Measure, str]:
    """The measure called ``name`` (or the table at that path) and the sentence that says what it is."""
    if str(name) in MEASURES:
        chosen = {"military": military, "equal": equal}.get(str(name))
        return (chosen() if chosen else presence(system)), f"{name}: {WHY[str(name)]}"
    path = Path(name)
    if not path.is_file():
        raise ScenarioError(
            f"unknown capability measure {str(name)!r}",
            fix=f"use one of {', '.join(MEASURES)}, or the path of a CSV table actor,capability",
        )
    return from_file(path), f"the analyst's table {path}"


def dominance(actors: list[DraftActor], issue: str) -> str | None:
    """A warning when one actor holds more than half of the issue's weight among the actors taking part."""
    weights = {a.id: a.capability.value * cell.value for a in actors if (cell := a.salience.get(issue)) is not None}
    total = sum(weights.values())
    if not total or len(weights) < 2:
        return None
    top = max(weights, key=lambda k: weights[k])
    share = weights[top] / total
    if share <= DOMINANT:
        return None
    return (f"{issue}: {top} holds {share:.0%} of the weight (capability x salience); the weighted models will "
            "mostly return its position: check the capability measure")  # fmt: skip
