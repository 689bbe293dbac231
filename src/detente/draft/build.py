"""The drafted scenario: issues from templates, positions and salience from evidence, capability from the table.

No evidence, no number: an actor the articles never show taking a stance on an issue gets an empty cell, for the
analyst to fill in (the scenario loader refuses it until then, naming the gap).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from detente.draft.positions import Position, Stance, collect, estimate
from detente.draft.templates import CapabilityTable, IssueTemplate, capability_table, load_library
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
                                end=start + len(item.sentence)))  # fmt: skip
    return tuple(out)


def _capability(actor: str, kind: str | None, table: CapabilityTable) -> Estimate:
    states, defaults, overrides, source = table
    if actor in states:
        entry = states[actor]
        note = f"military expenditure, {source}" + (
            "; detente's estimate, SIPRI has no 2016 figure" if entry.estimate else ""
        )
        return Estimate(value=entry.value, confidence=0.5 if entry.estimate else 0.9, note=note)
    if actor in overrides:
        note = "detente's default for this group, in the same unit as states' military expenditure"
        return Estimate(value=overrides[actor], confidence=0.3, note=note)
    value = defaults.get(kind or "group", defaults["group"])
    return Estimate(value=value, confidence=0.2, note=f"detente's default for a {kind or 'group'}")


def salience(estimates: dict[tuple[str, str], Position]) -> dict[tuple[str, str], float]:
    """How much each actor cares about each issue, from how much and how strongly it acts or speaks on it: 0.3 to
    0.9, the actor's most-discussed issue highest."""
    top: dict[str, float] = defaultdict(float)
    for (actor, _), item in estimates.items():
        top[actor] = max(top[actor], item.strength)
    return {key: round(0.3 + 0.6 * item.strength / top[key[0]], 2) for key, item in estimates.items()}


def _cells(issue: IssueTemplate, actor: str, item: Position | None, sal: float | None) -> tuple[Estimate | None, ...]:
    """The position and salience cells of one actor on one issue."""
    if item is not None and sal is not None:
        evidence = _evidence(item.evidence)
        kinds_of = sorted({s.kind for s in item.evidence})
        position = Estimate(value=round(issue.on_scale(item.value), 2),
                            sd=round(item.sd / 100.0 * issue.scale.width, 2), confidence=item.confidence,
                            evidence=evidence)  # fmt: skip
        weight = Estimate(value=sal, confidence=item.confidence, evidence=evidence,
                          note=f"from {len(item.evidence)} {' and '.join(kinds_of)}(s)")  # fmt: skip
        return position, weight
    if actor in issue.subject and issue.subject_value is not None:
        note = "the issue's subject: stands at this end by the issue's definition"
        return (Estimate(value=issue.on_scale(issue.subject_value), confidence=0.8, note=note),
                Estimate(value=0.9, confidence=0.6, note="the issue is about this actor"))  # fmt: skip
    return None, None


def draft(
    system: ConflictSystem, *, issues: Iterable[str] | None = None, templates: Iterable[str | Path] = (),
    kb: KnowledgeBase | None = None, name: str = "drafted scenario", min_evidence: int = 1,
) -> DraftScenario:  # fmt: skip
    """A scenario drafted from the conflict system, every value with ``evidence`` and ``confidence``.

    ``issues`` picks templates by id (default: all); actors enter with at least ``min_evidence`` stances. Cells
    without evidence are empty (see :meth:`DraftScenario.gaps`).
    """
    library = load_library(templates)
    chosen: list[IssueTemplate] = library.select(issues)
    kb = kb or load_kb()
    stances = collect(system, kb, chosen, library)
    estimates = estimate(stances)
    counts: dict[str, int] = defaultdict(int)
    for stance in stances:
        counts[stance.actor] += 1
    known_actors = {a.id: a for a in system.actors}
    actors = sorted((a for a, n in counts.items() if n >= min_evidence), key=lambda a: (-counts[a], a))
    sal = salience(estimates)
    table = capability_table()
    entries = []
    for actor in actors:
        known = kb.actors.get(actor)
        seen = known_actors.get(actor)
        positions: dict[str, Estimate | None] = {}
        saliences: dict[str, Estimate | None] = {}
        for issue in chosen:
            positions[issue.id], saliences[issue.id] = _cells(issue, actor, estimates.get((actor, issue.id)),
                                                              sal.get((actor, issue.id)))  # fmt: skip
        kind = (seen.kind if seen else None) or (known.kind if known else None)
        entries.append(DraftActor(id=actor, name=(seen.name if seen else None) or (known.name if known else actor),
                                  capability=_capability(actor, kind, table), positions=positions,
                                  salience=saliences))  # fmt: skip
    cells = len(entries) * len(chosen)
    filled = cells - sum(1 for a in entries for cell in a.positions.values() if cell is None)
    return DraftScenario(
        name=name,
        description=(f"Drafted by detente from {len(system.documents)} documents: {len(stances)} "
                     f"stances, {filled} of {cells} actor x issue cells filled. Review every value."),
        issues=tuple(Issue(id=t.id, name=t.name, description=t.description, scale=t.scale) for t in chosen),
        actors=tuple(entries),
    )  # fmt: skip
