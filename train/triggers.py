"""Train the learned trigger model (``detente.extract.learned``) and print one JSON line of held-out scores.

    .venv/bin/python train/triggers.py [--shared ../shared] [--out src/detente/extract/data/triggers.npz]
                                       [--seed 0] [--limit N]

Data (read from ``../shared/benchmarks``, never copied):
* fit: GENEVA's reconstructed train split (Parekh et al. 2023, FrameNet-derived, CC BY 3.0), every verb and noun
  labelled with its event's PLOVER type (``events-train/plover_mapping.tsv``) or NONE; and three quarters of
  ConfliBERT's CAMEO *train* split (real news, one class per sentence: ``events/conflibert_cameo_gold.jsonl``), where
  a dictionary hit is labelled its type when the sentence's class is the type's quad class and NONE when the
  sentence has no event class (other hits are left out);
* tune: the other quarter of ConfliBERT's train split chooses the regularisation, the veto threshold and whether
  verbs as well as nouns may be vetoed (news is the domain the veto serves); GENEVA's validation split is scored
  beside it;
* score: GENEVA's test split and WikiEvents dev+test (Li et al. 2021, MIT). ConfliBERT's *test* split, scored by
  ``bench/events.py``, is never read here.
Mentions the mapping calls weak or cannot decide are left out of fitting and scoring. Scores are typed trigger
precision, recall and F1 over verbs and nouns, for the dictionary alone (``kb/plover.yaml``) and with the veto.
``--limit`` keeps the first N sentences of each split (a quick run). Without ``../shared`` it prints a line saying
it skipped, and exits 0. The seed fixes the ConfliBERT cut and the solver; the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from spacy.tokens import Doc

from detente.extract.learned import MIN_SUPPORT, NONE, TriggerModel, features, is_candidate
from detente.extract.pipeline import DEFAULT_MODEL
from detente.extract.triggers import Triggers
from detente.kb import load_kb
from detente.kb.lexicon import QUAD

ROOT = Path(__file__).resolve().parents[1]
IGNORE = "IGNORE"  # a mention whose PLOVER type the mapping cannot decide: neither positive nor negative
VIOLENT = ("kill", "shoot", "murder", "assassinat", "behead", "execut", "bomb", "slay", "massacre", "stab")
ACCEPTED = ("deliberate", "recipient is a state", "theme is goods")  # conditions taken as met
C_GRID = (0.3, 1.0, 3.0)
VETO_POS_GRID = (
    ("NOUN",),
    ("NOUN", "VERB"),
)  # which hits may be vetoed: nouns only first (the smaller change wins ties)
VETO_GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: never veto
NEWS_TUNING_SHARE = 0.25  # of ConfliBERT's train split, kept out of fitting to tune the threshold
NEWS_WEIGHT = 2.0  # a weakly labelled news example counts twice a GENEVA one


Veto = tuple[float, tuple[str, ...]]  # threshold, parts of speech


@dataclass(frozen=True)
class Sample:
    """One candidate token: its features, its gold class, and the dictionary's type."""

    names: list[str]
    gold: str
    lexicon: str
    pos: str
    weight: float = 1.0


def mapping_rows(path: Path) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


def plover_type(rows: list[dict[str, str]], dataset: str, event: dict[str, Any], lemmas: list[str]) -> str:
    """The PLOVER class of one annotated event (NONE when it maps to nothing, IGNORE when undecidable)."""
    matching = [r for r in rows if r["dataset"] == dataset and any(fnmatch.fnmatch(event["event_type"], p)
                                                                    for p in r["event_type"].split("|"))]  # fmt: skip
    roles = {a["role"] for a in event.get("arguments", [])}
    for row in matching:
        plover, condition = row["plover"].strip(), row["condition"].strip().lower()
        plover = NONE if plover in ("—", "") else plover
        if condition.startswith("trigger lemma"):
            words = condition.removeprefix("trigger lemma").split()[0].split("/")
            if any(lemma.startswith(w) for w in words for lemma in lemmas):
                return plover
        elif condition.startswith("only with"):
            violent = any(lemma.startswith(v) for v in VIOLENT for lemma in lemmas)
            return plover if violent or roles & {"Killer", "Injurer"} else NONE
        elif not condition or condition.startswith("otherwise") or condition.startswith(ACCEPTED):
            return plover
        else:
            return IGNORE  # weak, or a condition on the arguments we do not check
    return NONE


def geneva(path: Path, limit: int | None) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
    with path.open(encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            record = json.loads(line)
            yield record["tokens"], record["event_mentions"]


def wikievents(path: Path, limit: int | None) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            offset = 0
            for index, sentence in enumerate(record["sentences"]):
                words = [t[0] for t in sentence[0]]
                events = [{**e, "trigger": {**e["trigger"], "start": e["trigger"]["start"] - offset,
                                            "end": e["trigger"]["end"] - offset}}
                          for e in record["event_mentions"] if e["trigger"]["sent_idx"] == index]  # fmt: skip
                offset += len(words)
                yield words, events
                count += 1
                if limit is not None and count >= limit:
                    return


def samples(nlp: Any, triggers_of: Any, rows: list[dict[str, str]], dataset: str,
            records: Iterator[tuple[list[str], list[dict[str, Any]]]]) -> list[Sample]:  # fmt: skip
    """Parse each sentence from its own tokens and label its verbs and nouns."""
    pairs = list(records)
    docs = (Doc(nlp.vocab, words=words) for words, _ in pairs)
    found: list[Sample] = []
    for doc, (_, events) in zip(nlp.pipe(docs, batch_size=64), pairs, strict=True):
        gold: dict[int, str] = {}
        for event in events:
            span = doc[event["trigger"]["start"] : event["trigger"]["end"]]
            if len(span) == 0:
                continue
            label = plover_type(rows, dataset, event, [t.lemma_.lower() for t in span] + [span.text.lower()])
            gold[span.root.i] = label
        triggers = triggers_of()
        for token in doc:
            label = gold.get(token.i, NONE)
            if label == IGNORE or not is_candidate(token):
                continue
            trigger = triggers(token)
            lexicon = trigger.type if trigger else None
            found.append(Sample(features(token, lexicon), label, lexicon or NONE, token.pos_))
    return found


def conflibert(
    path: Path, limit: int | None, seed: int
) -> tuple[list[tuple[list[str], int]], list[tuple[list[str], int]]]:
    """ConfliBERT's CAMEO train split (real news sentences, five classes) cut into a fitting and a tuning part."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [(r["tokens"], int(r["penta_class"])) for r in records if r["split"] == "train"][:limit]
    order = np.random.default_rng(seed).permutation(len(pairs))
    cut = int(len(pairs) * (1 - NEWS_TUNING_SHARE))
    return [pairs[i] for i in order[:cut]], [pairs[i] for i in order[cut:]]


def weak_samples(nlp: Any, lex: Any, pairs: list[tuple[list[str], int]]) -> list[Sample]:
    """Dictionary hits in sentences labelled only by class: a hit of the sentence's class is an event, a hit in a
    sentence with no event class (0) is none, and other hits are left out (another event may be the main one)."""
    found: list[Sample] = []
    docs = (Doc(nlp.vocab, words=words) for words, _ in pairs)
    for doc, (_, penta) in zip(nlp.pipe(docs, batch_size=64), pairs, strict=True):
        triggers = Triggers(lex)
        for token in doc:
            trigger = triggers(token) if is_candidate(token) else None
            if trigger is None or (penta != 0 and QUAD[trigger.type] != penta):
                continue
            label = NONE if penta == 0 else trigger.type
            found.append(Sample(features(token, trigger.type), label, trigger.type, token.pos_, NEWS_WEIGHT))
    return found


def matrix(data: list[Sample], index: dict[str, int]) -> csr_matrix:
    cols = [[index[n] for n in dict.fromkeys(s.names) if n in index] for s in data]
    indptr = np.cumsum([0, *map(len, cols)])
    flat = np.fromiter((c for row in cols for c in row), dtype=np.int64, count=int(indptr[-1]))
    return csr_matrix((np.ones(len(flat)), flat, indptr), shape=(len(data), len(index)))


def decide(probs: np.ndarray, classes: list[str], data: list[Sample], veto: Veto, vetoable: set[str]) -> list[str]:
    """The dictionary's type, or NONE where the model vetoes it (as :class:`~detente.extract.learned.LearnedTriggers`
    does)."""
    none = classes.index(NONE)
    threshold, pos = veto
    return [NONE if s.lexicon in vetoable and s.pos in pos and probs[i, none] >= threshold else s.lexicon
            for i, s in enumerate(data)]  # fmt: skip


def scores(predicted: list[str], data: list[Sample]) -> dict[str, float]:
    right = sum(p == s.gold != NONE for p, s in zip(predicted, data, strict=True))
    said, real = sum(p != NONE for p in predicted), sum(s.gold != NONE for s in data)
    precision, recall = (right / said if said else 0.0), (right / real if real else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "gold": real}


def fit(train: list[Sample], c: float, seed: int) -> tuple[LogisticRegression, dict[str, int]]:
    """A logistic regression over the features seen at least twice in training."""
    counts = Counter(n for s in train for n in set(s.names))
    index = {n: i for i, n in enumerate(sorted(n for n, k in counts.items() if k >= 2))}
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed)
    model.fit(matrix(train, index), [s.gold for s in train], sample_weight=[s.weight for s in train])
    return model, index


def vetoable(support: Counter[str]) -> set[str]:
    """The types the model may veto: those with enough training examples."""
    return {type_ for type_, count in support.items() if type_ != NONE and count >= MIN_SUPPORT}


def tune(train: list[Sample], tuning: list[Sample], seed: int) -> tuple[LogisticRegression, dict[str, int], float,
                                                                           Veto]:  # fmt: skip
    """The regularisation, veto threshold and vetoed parts of speech with the best F1 on the tuning samples (the
    first best on ties)."""
    best: tuple[float, Any] = (-1.0, None)
    types = vetoable(Counter(s.gold for s in train))
    for c in C_GRID:
        model, index = fit(train, c, seed)
        probs = model.predict_proba(matrix(tuning, index))
        for veto in ((t, p) for p in VETO_POS_GRID for t in VETO_GRID):
            f1 = scores(decide(probs, list(model.classes_), tuning, veto, types), tuning)["f1"]
            if f1 > best[0]:
                best = (f1, (model, index, c, veto))
    return best[1]  # type: ignore[no-any-return]


def export(model: LogisticRegression, index: dict[str, int], veto: Veto, support: Counter[str]) -> TriggerModel:
    """The fitted model as plain arrays (a two-class fit is written as two opposite columns)."""
    classes = [str(k) for k in model.classes_]
    coef, intercept = model.coef_.T, model.intercept_
    if len(classes) == 2:
        coef, intercept = np.hstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    return TriggerModel(tuple(classes), index, coef.astype(np.float32), intercept.astype(np.float32), veto[0],
                        tuple(support[k] for k in classes), veto[1])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=ROOT / ".." / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "detente" / "extract" / "data" / "triggers.npz")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    folder, events = args.shared / "benchmarks" / "events-train", args.shared / "benchmarks" / "events"
    if not (folder / "plover_mapping.tsv").exists() or not (events / "conflibert_cameo_gold.jsonl").exists():
        print(json.dumps({"benchmark": "train_triggers", "skipped": f"no {folder} or {events}"}))
        return
    started = time.perf_counter()
    nlp, lex, rows = spacy.load(DEFAULT_MODEL), load_kb().lexicon, mapping_rows(folder / "plover_mapping.tsv")

    def read(dataset: str, records: Iterator[tuple[list[str], list[dict[str, Any]]]]) -> list[Sample]:
        return samples(nlp, lambda: Triggers(lex), rows, dataset, records)

    gen, wiki = folder / "geneva", folder / "wikievents" / "data"
    news_fit, news_tune = conflibert(events / "conflibert_cameo_gold.jsonl", args.limit, args.seed)
    train = read("geneva", geneva(gen / "train.reconstructed.jsonl", args.limit)) + weak_samples(nlp, lex, news_fit)
    news = weak_samples(nlp, lex, news_tune)
    scored = {"news_tuning": news, "geneva_val": read("geneva", geneva(gen / "data" / "val.json", args.limit)),
              "geneva_test": read("geneva", geneva(gen / "data" / "test.json", args.limit)),
              "wikievents": read("wikievents", wikievents(wiki / "dev.jsonl", args.limit))
              + read("wikievents", wikievents(wiki / "test.jsonl", args.limit))}  # fmt: skip
    model, index, c, veto = tune(train, news, args.seed)
    support = Counter(s.gold for s in train)
    shipped = export(model, index, veto, support)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    shipped.save(args.out)
    figures = {}
    for name, data in scored.items():
        probs = model.predict_proba(matrix(data, index))
        figures[name] = {"dictionary": scores([s.lexicon for s in data], data),
                         "with_veto": scores(decide(probs, shipped.classes, data, veto, vetoable(support)), data)}  # type: ignore[arg-type]  # fmt: skip
    print(json.dumps({"benchmark": "train_triggers", "seed": args.seed, "limit": args.limit,
                      "train_tokens": len(train), "train_events": sum(s.gold != NONE for s in train),
                      "features": len(index), "C": c, "veto": veto[0], "veto_pos": veto[1],
                      "vetoable": sorted(vetoable(support)),
                      "support": dict(zip(shipped.classes, shipped.support, strict=True)), **figures,
                      "model_bytes": args.out.stat().st_size,
                      "seconds": round(time.perf_counter() - started, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
