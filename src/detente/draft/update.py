"""A living scenario: draft again after new articles, keep what the analyst wrote, and say what moved and why.

A cell the analyst wrote or edited is theirs: ``basis: analyst``, or no ``basis`` at all (a value typed into a draft's
empty cell has none). Every other cell (``stated``, ``inferred``, ``definition``, ``table``) is re-estimated from the
new evidence. Actors and issues the analyst removed stay removed; actors the new evidence brings in are added.
The changes come back as :class:`CellChange` rows: which cell moved, from what to what, and the sentences that are
new in its evidence. With ``evidence=True`` a cell whose value stayed but whose evidence changed (other sentences,
by document and offsets) is a change too (the cell-evidence alerts ask for that).
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.scenario.model import DraftActor, DraftScenario, Estimate, Evidence

FIELDS = ("position", "salience")


@dataclass(frozen=True)
class CellChange:
    actor: str
    issue: str | None  # None for capability
    field: str
    before: float | None
    after: float | None
    new_evidence: tuple[str, ...]  # sentences in the new cell's evidence that the old one did not cite
    evidence: tuple[str, ...] = ()  # the new cell's evidence, each as DOCUMENT:START:END (see evidence_key)
    new_documents: tuple[str, ...] = ()  # the document of each sentence in new_evidence

    @property
    def moved(self) -> bool:
        """The value changed (not only the evidence)."""
        return self.before != self.after

    def describe(self) -> str:
        where = f"{self.actor} {self.field}" + (f" on {self.issue}" if self.issue else "")
        old = "empty" if self.before is None else f"{self.before:g}"
        new = "empty" if self.after is None else f"{self.after:g}"
        return f"{where}: {old} -> {new}"


def _kept(cell: Estimate | None) -> bool:
    """The analyst's own value: marked ``analyst``, or written without a basis."""
    return cell is not None and cell.basis in (None, "analyst")


def evidence_key(evidence: Evidence) -> str:
    """A sentence of evidence named by its document (id, else as written) and offsets: DOCUMENT:START:END."""
    start = "" if evidence.start is None else evidence.start
    end = "" if evidence.end is None else evidence.end
    return f"{evidence.id or evidence.document}:{start}:{end}"


def _keys(cell: Estimate | None) -> tuple[str, ...]:
    return tuple(evidence_key(e) for e in cell.evidence) if cell is not None else ()


def _change(actor: str, issue: str | None, field: str, old: Estimate | None, new: Estimate | None, *,
            evidence: bool = False) -> CellChange | None:  # fmt: skip
    before = old.value if old is not None else None
    after = new.value if new is not None else None
    keys = _keys(new)
    if before == after and not (evidence and set(keys) != set(_keys(old))):
        return None
    cited = {e.sentence for e in old.evidence} if old is not None else set()
    fresh = [e for e in new.evidence if e.sentence not in cited] if new is not None else []
    return CellChange(actor, issue, field, before, after, tuple(e.sentence for e in fresh), keys,
                      tuple(e.id or e.document for e in fresh))  # fmt: skip


def _merge_actor(old: DraftActor, new: DraftActor | None, issues: list[str], changes: list[CellChange],
                 evidence: bool) -> DraftActor:  # fmt: skip
    cells: dict[str, dict[str, Estimate | None]] = {"position": {}, "salience": {}}
    for issue in issues:
        for field, table in (("position", old.positions), ("salience", old.salience)):
            previous = table.get(issue)
            fresh = (new.positions if field == "position" else new.salience).get(issue) if new is not None else None
            chosen = previous if _kept(previous) else fresh
            cells[field][issue] = chosen
            # a salience cites its position's sentences: its evidence alone changing is said once, by the position
            found = _change(old.id, issue, field, previous, chosen, evidence=evidence and field == "position")
            if found is not None:
                changes.append(found)
    capability = old.capability if _kept(old.capability) or new is None else new.capability
    if (found := _change(old.id, None, "capability", old.capability, capability, evidence=evidence)) is not None:
        changes.append(found)
    return old.model_copy(update={"positions": cells["position"], "salience": cells["salience"],
                                  "capability": capability})  # fmt: skip


def update(previous: DraftScenario, fresh: DraftScenario, *,
           evidence: bool = False) -> tuple[DraftScenario, list[CellChange]]:  # fmt: skip
    """The previous draft brought up to date with ``fresh`` (drafted from the workspace now, on the same issues):
    the analyst's cells kept, the others re-estimated, new actors added; and the cells that changed in value (and
    with ``evidence``, also those whose evidence alone changed)."""
    issues = [i.id for i in previous.issues]
    new_by_id = {a.id: a for a in fresh.actors}
    changes: list[CellChange] = []
    actors = [_merge_actor(a, new_by_id.get(a.id), issues, changes, evidence) for a in previous.actors]
    known = {a.id for a in previous.actors}
    for actor in fresh.actors:
        if actor.id not in known:
            added = actor.model_copy(update={"positions": {i: actor.positions.get(i) for i in issues},
                                             "salience": {i: actor.salience.get(i) for i in issues}})  # fmt: skip
            actors.append(added)
            for issue in issues:
                found = _change(actor.id, issue, "position", None, added.positions[issue], evidence=evidence)
                if found is not None:
                    changes.append(found)
    updated = previous.model_copy(update={
        "actors": tuple(actors), "description": fresh.description, "as_of": fresh.as_of, "since": fresh.since,
        "left_out": {**previous.left_out, **fresh.left_out}, "warnings": fresh.warnings,
        "capability_measure": previous.capability_measure or fresh.capability_measure,
    })  # fmt: skip
    return updated, changes
