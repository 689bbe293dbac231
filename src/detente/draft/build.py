"""The drafted scenario: issues from templates, positions and salience from evidence, capability from the table.

No evidence, no number: an actor the articles never show taking a stance on an issue gets an empty cell, for the
analyst to fill in (the scenario loader refuses it until then, naming the gap).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from detente.draft.capability import dominance, measure
from detente.draft.infer import ally_ties, inferred
from detente.draft.positions import Position, Stance, collect, estimate
from detente.draft.templates import IssueTemplate, load_library
from detente.kb import KnowledgeBase, load_kb
from detente.model import ConflictSystem
from detente.scenario.model import DraftActor, DraftScenario, Estimate, Evidence, Issue


def _evidence(items: Iterable[Stance]) -> tuple[Evidence, ...]:
    seen, out = set(), []
    for item in items:
        if (item.document, item.sentence) not in seen:
            seen.add((item.document, item.sentence))
            where = item.evidence
            lead = len(where.sentence) - len(where.sentence.lstrip())
            start = where.sentence_start + lead
            out.append(Evidence(document=item.document, sentence=item.sentence, id=where.document, start=start,
                                end=start + len(item.sentence), date=item.day, speaker=item.speaker, cue=item.cue,
                                kind="event" if item.kind == "event" else "statement",
                                attributed=item.attributed))  # fmt: skip
    return tuple(out)


def salience(estimates: dict[tuple[str, str], Position]) -> dict[tuple[str, str], float]:
    """How much each actor cares about each issue, from how much and how strongly it acts or speaks on it: 0.3 to
    0.9, the actor's most-discussed issue highest."""
    top: dict[str, float] = defaultdict(float)
    for (actor, _), item in estimates.items():
        top[actor] = max(top[actor], item.strength)
    return {key: round(0.3 + 0.6 * item.strength / top[key[0]], 2) for key, item in estimates.items()}


def _cells(issue: IssueTemplate, actor: str, item: Position | None, sal: float | None) -> tuple[Estimate | None, ...]:
    """The position and salience cells of one actor on one issue: stated, by the issue's definition, or empty."""
    if item is not None and sal is not None:
        evidence = _evidence(item.evidence)
        kinds_of = sorted({s.kind for s in item.evidence})
        position = Estimate(value=round(issue.on_scale(item.value), 2),
                            sd=round(item.sd / 100.0 * issue.scale.width, 2), confidence=item.confidence,
                            evidence=evidence, basis="stated")  # fmt: skip
        weight = Estimate(value=sal, confidence=item.confidence, evidence=evidence, basis="stated",
                          note=f"from {len(item.evidence)} {' and '.join(kinds_of)}(s)")  # fmt: skip
        return position, weight
    if actor in issue.subject and issue.subject_value is not None:
        note = "the issue's subject: stands at this end by the issue's definition"
        return (Estimate(value=issue.on_scale(issue.subject_value), confidence=0.8, note=note, basis="definition"),
                Estimate(value=0.9, confidence=0.6, note="the issue is about this actor",
                         basis="definition"))  # fmt: skip
    return None, None


def draft(
    system: ConflictSystem, *, issues: Iterable[str] | None = None, templates: Iterable[str | Path] = (),
    kb: KnowledgeBase | None = None, name: str = "drafted scenario", min_evidence: int = 1,
    as_of: date | None = None, since: date | None = None, infer: bool = True, capability: str | Path = "military",
) -> DraftScenario:  # fmt: skip
    """A scenario drafted from the conflict system, every value with ``evidence``, ``confidence`` and ``basis``.

    ``issues`` picks templates by id (default: all); actors enter with at least ``min_evidence`` stances; forums
    that convene the opposing sides (``forum: true`` in the knowledge base) do not enter (``left_out`` says so).
    ``as_of``/``since`` keep only the evidence dated within them, newer stances weighing more. With ``infer``, an
    actor silent on an issue takes the stated position of its closest ally (``basis: inferred``, lower confidence,
    wider spread); a cell still without evidence is empty: the actor takes no part in that issue. ``capability``
    names the measure (``military``, ``equal``, ``presence``, or a CSV table: see :mod:`detente.draft.capability`);
    the draft records it and warns where one actor holds more than half of an issue's weight.
    """
    library = load_library(templates)
    chosen: list[IssueTemplate] = library.select(issues)
    kb = kb or load_kb()
    stances = collect(system, kb, chosen, library, as_of=as_of, since=since)
    left_out = {a: "a forum of the opposing sides, not a party: its members bargain" for a in {s.actor for s in stances}
                if (known := kb.actors.get(a)) is not None and known.forum}  # fmt: skip
    stances = [s for s in stances if s.actor not in left_out]
    estimates = estimate(stances, as_of=as_of)
    counts: dict[str, int] = defaultdict(int)
    for stance in stances:
        counts[stance.actor] += 1
    known_actors = {a.id: a for a in system.actors}
    actors = sorted((a for a, n in counts.items() if n >= min_evidence), key=lambda a: (-counts[a], a))
    # an issue's subject the articles name takes part by definition (it stands at its own end of the scale)
    named = {a.id for a in system.actors}
    actors += sorted({s for t in chosen if t.subject_value is not None for s in t.subject
                      if s in named and s not in actors and s not in left_out and not kb.is_person(s)})  # fmt: skip
    sal = salience(estimates)
    weigh, measure_note = measure(capability, system)
    allies = ally_ties(system, as_of=as_of, since=since) if infer else {}
    entries = []
    for actor in actors:
        known = kb.actors.get(actor)
        seen = known_actors.get(actor)
        positions: dict[str, Estimate | None] = {}
        saliences: dict[str, Estimate | None] = {}
        for issue in chosen:
            cells = _cells(issue, actor, estimates.get((actor, issue.id)), sal.get((actor, issue.id)))
            if cells[0] is None and infer:
                cells = inferred(issue, actor, estimates, allies.get(actor, []))
            positions[issue.id], saliences[issue.id] = cells
        kind = (seen.kind if seen else None) or (known.kind if known else None)
        entries.append(DraftActor(id=actor, name=(seen.name if seen else None) or (known.name if known else actor),
                                  capability=weigh(actor, kind), positions=positions,
                                  salience=saliences))  # fmt: skip
    warnings = tuple(w for t in chosen if (w := dominance(entries, t.id)) is not None)
    return DraftScenario(
        name=name, description=_description(system, stances, entries, len(chosen), as_of, since), as_of=as_of,
        since=since, issues=tuple(Issue(id=t.id, name=t.name, description=t.description, scale=t.scale)
                                  for t in chosen),
        actors=tuple(entries), left_out=left_out, capability_measure=measure_note, warnings=warnings,
    )  # fmt: skip


def _description(system: ConflictSystem, stances: list[Stance], entries: list[DraftActor], issues: int,
                 as_of: date | None, since: date | None) -> str:  # fmt: skip
    cells = len(entries) * issues
    stated = sum(1 for a in entries for c in a.positions.values() if c is not None and c.basis == "stated")
    guessed = sum(1 for a in entries for c in a.positions.values() if c is not None and c.basis == "inferred")
    empty = sum(1 for a in entries for c in a.positions.values() if c is None)
    days = sorted(s.day for s in stances if s.day is not None)
    period = "".join([f" from {since}" if since else "", f" up to {as_of}" if as_of else ""])
    if days and as_of is None:  # the draft never mixes periods silently
        period += f" (evidence dated {days[0]} to {days[-1]}: use --as-of DAY for one day's picture)"
    return (
        f"Drafted by detente from {len(system.documents)} documents{period}: {len(stances)} stances; of "
        f"{cells} actor x issue cells, {stated} stated, {guessed} inferred from allies, {empty} empty (that "
        "actor takes no part in that issue). Review every value."
    )
