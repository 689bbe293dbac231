"""Extraction on real, scraped news: prints one JSON line with every figure of issue #17's table.

    .venv/bin/python bench/realnews.py [--shared ../shared] [--learned-triggers]

Builds a workspace of the real articles in ``../shared/samples`` (ingest, extract, export as
``detente.conflict/1``), scores the export against the hand-made gold ``../shared/benchmarks/realnews/gold.json``
with that folder's own ``score.py`` (imported from there, never copied), and adds what the scorer does not
measure: how many pages got a publication date, and from where. Without ``../shared`` it prints a line saying it
skipped, and exits 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import tempfile
import time
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from detente.extract.run import extract_workspace
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system, write

FIGURES = {  # issue #17's table: row -> scorer fields
    "actor_f1": "actor_f1",
    "one_id_per_actor": "actor_one_id_across_docs",
    "event_f1": "event_f1",
    "event_source_type_recall": "event_recall_source_and_type",
    "relation_pairs_found": "relation_pairs_found",
    "relation_sign_right": "relation_sign_accuracy",
    "place_recall": "place_recall",
    "place_coordinates_right": "place_geo_accuracy",
}


def load_scorer(folder: Path) -> ModuleType:
    """The gold's own scorer, imported from its folder."""
    spec = importlib.util.spec_from_file_location("realnews_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot import {folder / 'score.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(samples: Path, out: Path) -> dict[str, Any]:
    """Ingest, extract and export the sample articles; the export's data and the documents' dates."""
    with Workspace.open(out / "ws") as ws:
        ingest_paths(ws, [samples])
        extract_workspace(ws)
        write(conflict_system(ws), out / "conflict.json", format="json")
    data: dict[str, Any] = json.loads((out / "conflict.json").read_text(encoding="utf-8"))
    return data


def dates_found(data: dict[str, Any]) -> dict[str, Any]:
    docs = data.get("documents", [])
    dated = [d for d in docs if d.get("published")]
    return {
        "publication_date_found": f"{len(dated)} of {len(docs)}",
        "publication_date_share": round(len(dated) / len(docs), 3) if docs else 0.0,
        "publication_dates": {Path(str(d.get("path", ""))).name[:3]: d.get("published") for d in docs},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared")
    parser.add_argument(
        "--learned-triggers",
        action="store_true",
        help="code events with the learned veto on dictionary triggers (detente.events.v2)",
    )
    args = parser.parse_args()
    if args.learned_triggers:  # the extraction below with the option on
        global extract_workspace
        extract_workspace = partial(extract_workspace, learned=True)
    gold_dir = args.shared / "benchmarks" / "realnews"
    samples = args.shared / "samples"
    if not (gold_dir / "gold.json").exists() or not samples.is_dir():
        print(json.dumps({"benchmark": "realnews", "skipped": f"no {gold_dir} or {samples}"}))
        return
    scorer = load_scorer(gold_dir)
    gold = json.loads((gold_dir / "gold.json").read_text(encoding="utf-8"))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        data = build(samples, Path(tmp))
    seconds = time.perf_counter() - start
    scores = scorer.score(data, gold, ["000", "003"])
    figures = {name: scores[field] for name, field in FIGURES.items()}
    print(json.dumps({"benchmark": "realnews", **figures, **dates_found(data), "scores": scores,
                      "seconds": round(seconds, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
