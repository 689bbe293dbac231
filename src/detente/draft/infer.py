"""Cells inferred from allies: an actor the articles never show taking a stance on an issue, but shown backing or
allied with an actor that does, is drafted at its ally's position, marked ``inferred``, with half the ally's
confidence, a wider spread and a low salience. The tie is evidence too: the sentence that states the alliance, or
the cooperative events between the two.

A tie counts when the text states it (``ally`` either way, ``backs`` from the actor to its ally or back) or when the
two actors' events are on balance cooperative (at least ``MIN_COOPERATION`` PLOVER points more cooperation than
conflict, both ways together). The strongest tie with a stated position wins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from detente.draft.positions import Position, within
from detente.draft.templates import IssueTemplate
from detente.model import ConflictSystem
from detente.model import Evidence as Found
from detente.scenario.model import Estimate, Evidence

STATED_TIE = 10.0  # a stated alliance counts as much as this many PLOVER points of cooperation
MIN_COOPERATION = 6.0
INFERRED_SALIENCE = 0.3
MIN_SD_SHARE = 0.2  # an inferred position's spread: at least a fifth of the scale


@dataclass(frozen=True)
class Tie:
    ally: str
    strength: float
    how: str  # "stated ally", "backs", "backed by", "cooperative events"
    evidence: Found


def _within(day: str | None, as_of: date | None, since: date | None) -> bool:
    """:func:`detente.draft.positions.within` for the ISO dates of the conflict system's records."""
    return within(date.fromisoformat(day) if day else None, as_of, since)


def ally_ties(system: ConflictSystem, *, as_of: date | None = None, since: date | None = None) -> dict[str, list[Tie]]:
    """Each actor's allies, strongest first, from stated relations and cooperative events within the period."""
    ties: dict[str, dict[str, Tie]] = defaultdict(dict)

    def add(actor: str, tie: Tie) -> None:
        old = ties[actor].get(tie.ally)
        if old is None or tie.strength > old.strength:
            ties[actor][tie.ally] = tie

    for r in system.stated_relations:
        if r.kind in ("enemy", "mediates") or not _within(r.date, as_of, since):
            continue
        add(r.source, Tie(r.target, STATED_TIE, "stated ally" if r.kind == "ally" else "backs", r.evidence))
        add(r.target, Tie(r.source, STATED_TIE, "stated ally" if r.kind == "ally" else "backed by", r.evidence))
    balance: dict[frozenset[str], float] = defaultdict(float)
    first: dict[frozenset[str], Found] = {}
    for e in system.happened():
        if not _within(e.date, as_of, since):
            continue
        for s in e.source:
            for t in e.target:
                if s != t and not s.startswith("?") and not t.startswith("?"):
                    pair = frozenset((s, t))
                    balance[pair] += e.score
                    if e.score > 0:
                        first.setdefault(pair, e.evidence)
    for pair, score in balance.items():
        if score >= MIN_COOPERATION and pair in first:
            a, b = sorted(pair)
            add(a, Tie(b, score, "cooperative events", first[pair]))
            add(b, Tie(a, score, "cooperative events", first[pair]))
    return {actor: sorted(found.values(), key=lambda t: (-t.strength, t.ally)) for actor, found in ties.items()}


def _quote(found: Found, day: date | None) -> Evidence:
    sentence = found.sentence.strip()
    start = found.sentence_start + len(found.sentence) - len(found.sentence.lstrip())
    return Evidence(document=found.label, sentence=sentence, id=found.document, start=start,
                    end=start + len(sentence), date=day, kind="relation")  # fmt: skip


def inferred(issue: IssueTemplate, actor: str, estimates: dict[tuple[str, str], Position],
             ties: list[Tie]) -> tuple[Estimate | None, Estimate | None]:  # fmt: skip
    """The position and salience of ``actor`` on ``issue`` taken from its strongest ally with a stated position
    (see the module docstring), or (None, None)."""
    for tie in ties:
        stated = estimates.get((tie.ally, issue.id))
        if stated is None or tie.ally in issue.subject:
            continue
        width = issue.scale.width
        sd = max(stated.sd / 100.0 * width, MIN_SD_SHARE * width)
        note = f"inferred: no stance of its own; takes the stated position of {tie.ally} ({tie.how})"
        evidence = (_quote(tie.evidence, None),)
        position = Estimate(value=round(issue.on_scale(stated.value), 2), sd=round(sd, 2),
                            confidence=round(0.5 * stated.confidence, 2), evidence=evidence, note=note,
                            basis="inferred")  # fmt: skip
        salience = Estimate(value=INFERRED_SALIENCE, confidence=0.2, evidence=evidence, basis="inferred",
                            note="inferred: an ally's issue, not shown to matter to this actor itself")  # fmt: skip
        return position, salience
    return None, None
