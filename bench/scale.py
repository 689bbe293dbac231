"""Distributed extraction on Dask: prints one JSON line with articles/s for the in-process path and for 1 and 2
Dask workers on a generated corpus, the speed-up of 2 workers over 1, the peak memory of each worker, and the
overhead of the Dask path over the in-process path on one worker.

    .venv/bin/python bench/scale.py [--articles 5000] [--sentences 5]

Every run extracts its own copy of one freshly ingested workspace, from scratch, so the runs compare like with
like; each includes starting its cluster and loading the pipeline in every worker.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from detente.extract.distributed import extract_distributed
from detente.extract.run import extract_workspace
from detente.store import Workspace
from detente.store.articles import ingest_paths
from ingest import sentence  # bench/ingest.py: the same generated sentences


def generate(root: Path, n: int, sentences: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(n):
        text = f"Talks, day {i}\n\n" + " ".join(sentence(rng, i * 10 + j) for j in range(sentences))
        (root / f"{i:06d}.txt").write_text(text + "\n", encoding="utf-8")


def run(workspace: Path, workers: int | None) -> dict[str, Any]:
    stats: dict[str, Any] = {}
    with Workspace.open(workspace, create=False) as ws:
        start = time.perf_counter()
        count = extract_workspace(ws) if workers is None else extract_distributed(ws, workers=workers, stats=stats)
        seconds = time.perf_counter() - start
    return {"seconds": round(seconds, 2), "articles_per_s": round(count / seconds, 1), "articles": count, **stats}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--sentences", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        generate(corpus, args.articles, args.sentences)
        with Workspace.open(root / "base") as ws:
            ingest_paths(ws, [corpus])
        results = {}
        for name, workers in (("in_process", None), ("dask_1_worker", 1), ("dask_2_workers", 2)):
            shutil.copytree(root / "base", root / name)
            results[name] = run(root / name, workers)
    one, two, local = results["dask_1_worker"], results["dask_2_workers"], results["in_process"]
    print(json.dumps({
        "articles": args.articles, "sentences_per_article": args.sentences, **results,
        "speedup_2_workers_over_1": round(one["seconds"] / two["seconds"], 2),
        "dask_overhead_1_worker": round(one["seconds"] / local["seconds"] - 1, 3),
        "cpus": os.cpu_count(), "python": platform.python_version(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
