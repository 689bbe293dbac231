"""The drafted scenario: issues from templates, positions and salience from evidence, capability from the table.

No evidence, no number: an actor the articles never show taking a stance on an issue gets ``value: null`` with a
note, for the analyst to fill in (the scenario loader refuses it until then, naming the gap).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from detente.draft.positions import Estimate, Stance, collect, estimate
from detente.draft.templates import CapabilityTable, IssueTemplate, capability_table, load_library
from detente.kb import KnowledgeBase, load_kb

GAP = "no evidence in the articles: fill in a value (and say in a note it is your judgement) or drop the actor"


def _evidence(items: Iterable[Stance]) -> list[dict[str, str]]:
    seen, out = set(), []
    for item in items:
        if (item.document, item.sentence) not in seen:
            seen.add((item.document, item.sentence))
            out.append({"document": item.document, "sentence": item.sentence})
    return out


def _capability(actor: str, kind: str | None, table: CapabilityTable) -> dict[str, Any]:
    states, defaults, overrides, source = table
    if actor in states:
        entry = states[actor]
        note = f"military expenditure, {source}" + (
            "; detente's estimate, SIPRI has no 2016 figure" if entry.estimate else ""
        )
        return {"value": entry.value, "confidence": 0.5 if entry.estimate else 0.9, "note": note, "evidence": []}
    if actor in overrides:
        note = "detente's default for this group, in the same unit as states' military expenditure"
        return {"value": overrides[actor], "confidence": 0.3, "evidence": [], "note": note}
    value = defaults.get(kind or "group", defaults["group"])
    return {"value": value, "confidence": 0.2, "evidence": [], "note": f"detente's default for a {kind or 'group'}"}


def salience(estimates: dict[tuple[str, str], Estimate]) -> dict[tuple[str, str], float]:
    """How much each actor cares about each issue, from how much and how strongly it acts or speaks on it: 0.3 to
    0.9, the actor's most-discussed issue highest."""
    top: dict[str, float] = defaultdict(float)
    for (actor, _), item in estimates.items():
        top[actor] = max(top[actor], item.strength)
    return {key: round(0.3 + 0.6 * item.strength / top[key[0]], 2) for key, item in estimates.items()}


def draft(
    system: dict[str, Any], *, issues: Iterable[str] | None = None, templates: Iterable[str | Path] = (),
    kb: KnowledgeBase | None = None, name: str = "drafted scenario", min_evidence: int = 1,
) -> dict[str, Any]:  # fmt: skip
    """A scenario in detente's YAML structure, every value with ``evidence`` and ``confidence``.

    ``system`` is a conflict system's data (:class:`detente.system.ConflictSystem` ``.data``); ``issues`` picks
    templates by id (default: all); actors enter with at least ``min_evidence`` stances.
    """
    library = load_library(templates)
    chosen: list[IssueTemplate] = library.select(issues)
    kb = kb or load_kb()
    stances = collect(system, kb, chosen, library)
    estimates = estimate(stances)
    counts: dict[str, int] = defaultdict(int)
    for stance in stances:
        counts[stance.actor] += 1
    kinds = {a["id"]: a.get("kind") for a in system["actors"]}
    names = {a["id"]: a.get("name") for a in system["actors"]}
    actors = sorted((a for a, n in counts.items() if n >= min_evidence), key=lambda a: (-counts[a], a))
    sal = salience(estimates)
    table = capability_table()
    entries = []
    for actor in actors:
        known = kb.actors.get(actor)
        positions: dict[str, Any] = {}
        saliences: dict[str, Any] = {}
        for issue in chosen:
            item = estimates.get((actor, issue.id))
            if item is not None:
                evidence = _evidence(item.evidence)
                positions[issue.id] = {
                    "value": round(issue.on_scale(item.value), 2),
                    "sd": round(item.sd / 100.0 * issue.scale.width, 2),
                    "confidence": item.confidence,
                    "evidence": evidence,
                }
                kinds_of = sorted({s.kind for s in item.evidence})
                saliences[issue.id] = {"value": sal[(actor, issue.id)], "confidence": item.confidence,
                                       "note": f"from {len(item.evidence)} {' and '.join(kinds_of)}(s)",
                                       "evidence": evidence}  # fmt: skip
            elif actor in issue.subject and issue.subject_value is not None:
                note = "the issue's subject: stands at this end by the issue's definition"
                positions[issue.id] = {"value": issue.on_scale(issue.subject_value), "confidence": 0.8,
                                       "evidence": [], "note": note}  # fmt: skip
                saliences[issue.id] = {"value": 0.9, "confidence": 0.6, "evidence": [],
                                       "note": "the issue is about this actor"}  # fmt: skip
            else:
                positions[issue.id] = {"value": None, "note": GAP}
                saliences[issue.id] = {"value": None, "note": GAP}
        entries.append({
            "id": actor,
            "name": names.get(actor) or (known.name if known else actor),
            "capability": _capability(actor, kinds.get(actor) or (known.kind if known else None), table),
            "positions": positions,
            "salience": saliences,
        })  # fmt: skip
    filled = len(entries) * len(chosen) - len(gaps({"actors": entries}))
    cells = len(entries) * len(chosen)
    return {
        "version": 1,
        "name": name,
        "description": (f"Drafted by detente from {len(system.get('documents', []))} documents: {len(stances)} "
                        f"stances, {filled} of {cells} actor x issue cells filled. Review every value."),
        "issues": [
            {"id": t.id, "name": t.name, "description": t.description,
             "scale": t.scale.model_dump(exclude_none=True)}
            for t in chosen
        ],
        "actors": entries,
    }  # fmt: skip


class _PlainDumper(yaml.SafeDumper):
    """Writes shared objects (the same evidence under a position and its salience) in full, never as YAML aliases:
    the analyst edits each value on its own."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=110)


def gaps(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(actor, issue) cells a drafted scenario leaves for the analyst."""
    return [
        (actor["id"], issue)
        for actor in data.get("actors", [])
        for issue, value in (actor.get("positions") or {}).items()
        if isinstance(value, dict) and value.get("value") is None
    ]
