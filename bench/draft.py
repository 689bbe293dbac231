"""Drafting accuracy: prints one JSON line.

    .venv/bin/python bench/draft.py

Drafts the curated issues of ``examples/syria-2016/scenario.yaml`` from the example corpus and scores the drafted
positions against ``examples/syria-2016/positions.json`` (the developers' reading of the record): mean absolute
error on the 0-100 scale over the cells both have, direction accuracy (the same side of 50; key values of exactly
50 skipped), and coverage (the share of the key's actor x issue cells the draft fills with evidence). Cells the
draft fills by the issue's definition (the subject's own position) are counted apart.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

import yaml

from detente.draft import draft
from detente.extract.run import extract_workspace
from detente.scenario import to_yaml
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2016"


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
    }))  # fmt: skip


if __name__ == "__main__":
    main()
