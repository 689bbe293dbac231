"""Drafting accuracy: prints one JSON line.

    .venv/bin/python bench/draft.py

Drafts the curated issues of ``examples/syria-2016/scenario.yaml`` from the example corpus and scores the drafted
positions against ``examples/syria-2016/positions.json`` (the developers' reading of the record): mean absolute
error on the 0-100 scale over the cells both have, direction accuracy (the same side of 50; key values of exactly
50 skipped), and coverage (the share of the key's actor x issue cells the draft fills with evidence). Cells the
draft fills by the issue's definition (the subject's own position) are counted apart.

On real text (``../shared/benchmarks/realnews/gold.json``, skipped without ``../shared``): the two real sample articles
are drafted on every issue template and scored against the gold's stated positions. The gold's issues are mapped
onto detente's templates (``GOLD_ISSUES``, with the direction of each scale; a gold issue no template covers counts
as not covered) and its actors onto detente's by the surface forms the gold lists. Figures: coverage of the stated
cells (filled by the draft: stated, inferred from an ally, or by the issue's definition for its subject, the last
counted apart), direction right, mean absolute error, and the share of evidence quotes that are exact substrings
of their article at their offsets.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from detente.draft import draft
from detente.extract.run import extract_workspace
from detente.model import ConflictSystem
from detente.scenario import to_yaml
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "syria-2016"
SHARED = ROOT.parent / "shared"
# gold issue -> (detente's template, True when the gold's scale runs the other way)
GOLD_ISSUES = {
    "ASSAD_FUTURE": ("leader_future", True),
    "CEASEFIRE_SCOPE_JIHADISTS": ("designated_groups", True),
    "ALEPPO_HUMANITARIAN_ACCESS": ("humanitarian_access", False),
    "GROUND_REGIME_AIR_FORCE": ("air_force_grounding", False),
    "NEGOTIATED_DEESCALATION": ("ceasefire_scope", False),
    "REBEL_JIHADIST_SEPARATION": ("designated_groups", False),
}


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _gold_actor_map(gold: dict[str, Any], system: ConflictSystem) -> dict[str, str]:
    """Gold actor id -> detente actor id: the actor most of whose mentions use the gold's surface forms."""
    found: dict[str, str] = {}
    for entry in gold["actors"]:
        forms = {_norm(f) for f in entry.get("surface_forms", [])} | {_norm(entry.get("name", ""))}
        votes = Counter(a.id for a in system.actors for m in a.mentions if _norm(m.text) in forms)
        if votes:
            found[entry["id"]] = votes.most_common(1)[0][0]
    return found


def realnews(shared: Path) -> dict[str, Any]:
    """The draft of the two real sample articles scored against the gold positions (see the module docstring)."""
    gold = json.loads((shared / "benchmarks" / "realnews" / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ingest_paths(ws, [shared / "samples"])
        extract_workspace(ws)
        system = conflict_system(ws)
        texts = {d.id: d.text for d in ws.documents()}
    drafted = draft(system)
    actors = _gold_actor_map(gold, system)
    cells = covered = judged = right = by_definition = 0
    errors: list[float] = []
    for issue in gold["issues"]:
        template, reverse = GOLD_ISSUES.get(issue["id"], (None, False))
        for stated in issue["positions"]:
            cells += 1
            ours = actors.get(stated["actor"])
            entry = next((a for a in drafted.actors if a.id == ours), None)
            cell = entry.positions.get(template) if entry is not None and template else None
            if cell is None:
                continue
            covered += 1
            by_definition += cell.basis == "definition"
            value = 100.0 - cell.value if reverse else cell.value
            errors.append(abs(value - stated["position"]))
            if stated["position"] != 50:
                judged += 1
                right += (value > 50) == (stated["position"] > 50)
    quotes = [e for a in drafted.actors for c in a.positions.values() if c is not None for e in c.evidence]
    exact = sum(
        1 for e in quotes if e.id in texts and e.start is not None and texts[e.id][e.start : e.end] == e.sentence
    )
    return {"gold_cells": cells, "coverage": round(covered / cells, 3) if cells else None,
            "mae": round(sum(errors) / len(errors), 2) if errors else None,
            "direction_accuracy": round(right / judged, 3) if judged else None, "filled_by_definition": by_definition,
            "evidence_exact": round(exact / len(quotes), 3) if quotes else None,
            "drafted_actors": len(drafted.actors),
            "drafted_cells": sum(1 for a in drafted.actors for c in a.positions.values() if c is not None)}  # fmt: skip


def main() -> None:
    key = json.loads((EXAMPLE / "positions.json").read_text())["positions"]
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        extract_workspace(ws)
        system = conflict_system(ws)
        start = time.perf_counter()
        data = yaml.safe_load(to_yaml(draft(system, issues=list(key))))
        seconds = time.perf_counter() - start
    drafted = {(a["id"], issue): v for a in data["actors"] for issue, v in a["positions"].items()}
    errors, right, judged, covered, by_definition, cells = [], 0, 0, 0, 0, 0
    per_issue = {}
    for issue, expected in key.items():
        issue_errors = []
        for actor, truth in expected.items():
            cells += 1
            value = drafted.get((actor, issue), {})
            if value.get("value") is None:
                continue
            if not value.get("evidence"):
                by_definition += 1
                continue
            covered += 1
            error = abs(float(value["value"]) - truth)
            errors.append(error)
            issue_errors.append(error)
            if truth != 50:
                judged += 1
                right += (value["value"] > 50) == (truth > 50)
        per_issue[issue] = round(sum(issue_errors) / len(issue_errors), 1) if issue_errors else None
    print(json.dumps({
        "benchmark": "draft",
        "key_cells": cells,
        "coverage": round(covered / cells, 3),
        "filled_by_definition": by_definition,
        "mae": round(sum(errors) / len(errors), 2) if errors else None,
        "direction_accuracy": round(right / judged, 3) if judged else None,
        "mae_by_issue": per_issue,
        "draft_seconds": round(seconds, 3),
        "realnews": realnews(SHARED) if (SHARED / "benchmarks" / "realnews").is_dir() else "skipped: no ../shared",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
