"""A history check of the flagship scenario: prints one JSON line.

    .venv/bin/python bench/history.py

Drafts the flagship issues from the example corpus with only the evidence up to ``as_of`` in
``examples/syria-2016/outcomes.yaml`` (10 September 2016), forecasts the draft by every registered model (actors
with no stated position on an issue take no part in it), and compares each forecast with what happened
(``outcomes.yaml``, our reading of the public record, sources named there). The reviewed example scenario
(``scenario.yaml``, which mixes periods) is forecast and scored beside it, and so is the same draft with capability
by presence in the theatre instead of military spending. The error is reported as it is: neither
the example scenario nor the models are tuned to these outcomes.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import yaml

from detente import pipeline
from detente.bargain import forecast, models
from detente.scenario import Scenario, load, parse_yaml, to_yaml
from detente.store import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2016"


def score(scenario: Scenario, outcomes: dict[str, float]) -> dict[str, Any]:
    """Each model's forecast of every issue, its absolute error, and the mean error over the issues."""
    out: dict[str, Any] = {}
    for spec in models():
        result = forecast(scenario, spec.name, runs=1)
        errors = {i.issue.id: round(abs(i.forecast - outcomes[i.issue.id]), 1) for i in result.issues
                  if i.issue.id in outcomes}  # fmt: skip
        out[spec.name.removeprefix("detente.").removesuffix(".v1")] = {
            "forecast": {i.issue.id: round(i.forecast, 1) for i in result.issues},
            "error": errors,
            "mae": round(sum(errors.values()) / len(errors), 1) if errors else None,
        }
    return out


def main() -> None:
    record = yaml.safe_load((EXAMPLE / "outcomes.yaml").read_text(encoding="utf-8"))
    outcomes = {issue: float(v["outcome"]) for issue, v in record["issues"].items()}
    as_of = record["as_of"]
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        pipeline.ingest(ws, [EXAMPLE / "articles"])
        pipeline.extract(ws)
        drafted = pipeline.draft(ws, issues=list(outcomes), as_of=as_of, name=f"drafted as of {as_of}")
        local = pipeline.draft(ws, issues=list(outcomes), as_of=as_of, capability="presence")
    scenario = parse_yaml(to_yaml(drafted), source="draft")  # an empty cell: that actor takes no part
    cells = sum(len(a.positions) for a in drafted.actors)
    print(json.dumps({
        "benchmark": "history",
        "as_of": str(as_of),
        "outcomes": outcomes,
        "draft": {"actors": len(drafted.actors), "cells_filled": sum(1 for a in drafted.actors
                                                                     for c in a.positions.values() if c is not None),
                  "cells": cells, "warnings": list(drafted.warnings)},
        "drafted_scenario": score(scenario, outcomes),
        "drafted_scenario_capability_by_presence": score(parse_yaml(to_yaml(local), source="draft"), outcomes),
        "midpoint_mae": round(sum(abs(50.0 - v) for v in outcomes.values()) / len(outcomes), 1),
        "reviewed_example_scenario": score(load(EXAMPLE / "scenario.yaml"), outcomes),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
