"""Train the learned trigger model (``detente.extract.learned``) and print one JSON line of held-out scores.

    .venv/bin/python train/triggers.py [--shared ../shared] [--out src/detente/extract/data/triggers.npz]
                                       [--seed 0] [--limit N]

Data (read from ``../shared/benchmarks``, never copied); only licence-compatible data is fitted or tuned on:
* fit: GENEVA's reconstructed train split (Parekh et al. 2023, FrameNet-derived, CC BY 3.0) and half of WikiEvents'
  dev documents (Li et al. 2021, MIT; real news), every verb and noun labelled with its event's PLOVER type
  (``events-train/plover_mapping.tsv``) or NONE;
* tune: the other half of WikiEvents' dev documents and PETRARCH2's unit-test sentences (openeventdata, MIT; a
  dictionary hit is an event when the record codes an event of its type, none when the record expects no event or
  only statements) choose the regularisation, the veto threshold and whether verbs as well as nouns may be vetoed,
  by their mean F1;
* score only: GENEVA's validation and test splits, WikiEvents' test documents, PETRARCH2's validation sentences and
  ConfliBERT's CAMEO *test* split (GPL-3.0: read to measure, never to fit or tune; hits labelled by sentence class).
  ConfliBERT's train split is not used.
Mentions the mapping calls weak or cannot decide are left out of fitting and scoring. Scores are typed trigger
precision, recall and F1 over verbs and nouns, for the dictionary alone (``kb/plover.yaml``) and with the veto.
``--limit`` keeps the first N sentences of each split (a quick run). Without ``../shared`` it prints a line saying
it skipped, and exits 0. The seed fixes the WikiEvents cut and the solver; the same seed gives the same file.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
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
WIKI_TUNING_SHARE = 0.5  # of WikiEvents' dev documents, kept out of fitting to tune the veto
NEWS_WEIGHT = 2.0  # a news example (WikiEvents, PETRARCH) counts twice a GENEVA one


Veto = tuple[float, tuple[str, ...]]  # threshold, parts of speech


@dataclass(frozen=True)
class Sample:
    """One candidate token: its features, its gold class, and the dictionary's type."""

    names: list[str]
    gold: str
    lexicon: str
    pos: str
    weight: float = 1.0


@dataclass(frozen=True)
class Tuned:
    """The fitted model chosen on the tuning samples, with what it was fitted on."""

    model: LogisticRegression
    index: dict[str, int]
    c: float
    veto: Veto
    tuning_f1: float  # the mean F1 over the tuning sets


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


def wikievents(records: list[dict[str, Any]], limit: int | None) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
    count = 0
    for record in records:
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


Records = Iterator[tuple[list[str], list[dict[str, Any]]]]  # sentences (tokens) with their event mentions


def samples(nlp: Any, triggers_of: Any, rows: list[dict[str, str]], dataset: str, records: Records,
            weight: float = 1.0) -> list[Sample]:  # fmt: skip
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
            found.append(Sample(features(token, lexicon), label, lexicon or NONE, token.pos_, weight))
    return found


def wiki_documents(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """WikiEvents documents (one JSON record a line), the first ``limit`` only when given."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records[:limit]


def split_documents(records: list[dict[str, Any]], seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """WikiEvents dev documents cut, by the seed, into a fitting part and a tuning part (whole documents)."""
    order = np.random.default_rng(seed).permutation(len(records))
    cut = len(records) - max(1, round(len(records) * WIKI_TUNING_SHARE))
    return [records[i] for i in order[:cut]], [records[i] for i in order[cut:]]


Judge = Callable[[str], str | None]  # a dictionary type -> its weak label (None: left out)


def by_types(types: set[str], statement_only: bool) -> Judge:
    """A weak labeller for a sentence known only by its events' types: a hit of one of them is an event, every hit
    in a sentence with no event (or only statements, which PLOVER does not code) is none, other hits are left out."""
    return lambda type_: NONE if statement_only else (type_ if type_ in types else None)


def petrarch(path: Path, suite: str, field: str, limit: int | None) -> list[tuple[str, Judge]]:
    """PETRARCH records of one suite (MIT, openeventdata): each sentence with a weak labeller from its events'
    PLOVER types (``field``: ``events_cameo_recoded`` for the unit tests, ``events`` for the validation set)."""
    found: list[tuple[str, Judge]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line) if line.strip() else {}
        if record.get("suite") != suite:
            continue
        types = {e["plover_event_type"] for e in record.get(field) or [] if e.get("plover_event_type")}
        coded = {t for t in types if not t.startswith("DROPPED")}
        found.append((record["text"], by_types(coded, not coded and (record["no_events_expected"] or bool(types)))))
    return found[:limit]


def conflibert_test(path: Path, limit: int | None) -> list[tuple[list[str], Judge]]:
    """ConfliBERT's CAMEO *test* split (GPL-3.0; read to measure only, never to fit or tune): a hit of the
    sentence's quad class is an event, every hit in a statement sentence (class 0) is none."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [(r["tokens"], int(r["penta_class"])) for r in records if r["split"] == "test"][:limit]
    return [(words, by_quad(penta)) for words, penta in pairs]


def by_quad(penta: int) -> Judge:
    return lambda type_: NONE if penta == 0 else (type_ if QUAD[type_] == penta else None)


def weak_samples(lex: Any, docs: Iterator[Doc], judges: list[Judge], weight: float) -> list[Sample]:
    """Dictionary hits in sentences labelled only by their events' types (see :func:`by_types`)."""
    found: list[Sample] = []
    for doc, judge in zip(docs, judges, strict=True):
        triggers = Triggers(lex)
        for token in doc:
            trigger = triggers(token) if is_candidate(token) else None
            label = judge(trigger.type) if trigger is not None else None
            if trigger is not None and label is not None:
                found.append(Sample(features(token, trigger.type), label, trigger.type, token.pos_, weight))
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


def tune(train: list[Sample], tunings: list[list[Sample]], seed: int) -> Tuned:
    """The regularisation, veto threshold and vetoed parts of speech with the best mean F1 over the tuning sets (the
    first best on ties: the smaller change wins)."""
    best: tuple[float, Any] = (-1.0, None)
    types = vetoable(Counter(s.gold for s in train))
    for c in C_GRID:
        model, index = fit(train, c, seed)
        probs = [model.predict_proba(matrix(tuning, index)) for tuning in tunings]
        for veto in ((t, p) for p in VETO_POS_GRID for t in VETO_GRID):
            f1 = sum(scores(decide(pr, list(model.classes_), tuning, veto, types), tuning)["f1"]
                     for pr, tuning in zip(probs, tunings, strict=True)) / len(tunings)  # fmt: skip
            if f1 > best[0]:
                best = (f1, Tuned(model, index, c, veto, round(f1, 3)))
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
    if not (folder / "plover_mapping.tsv").exists() or not (events / "petrarch_gold.jsonl").exists():
        print(json.dumps({"benchmark": "train_triggers", "skipped": f"no {folder} or {events}"}))
        return
    started = time.perf_counter()
    nlp, lex, rows = spacy.load(DEFAULT_MODEL), load_kb().lexicon, mapping_rows(folder / "plover_mapping.tsv")

    def read(
        dataset: str, records: Iterator[tuple[list[str], list[dict[str, Any]]]], weight: float = 1.0
    ) -> list[Sample]:
        return samples(nlp, lambda: Triggers(lex), rows, dataset, records, weight)

    def weak(pairs: list[tuple[Any, Judge]], weight: float = 1.0) -> list[Sample]:
        inputs = [Doc(nlp.vocab, words=x) if isinstance(x, list) else x for x, _ in pairs]
        return weak_samples(lex, nlp.pipe(inputs, batch_size=64), [judge for _, judge in pairs], weight)

    gen, wiki, gold = folder / "geneva", folder / "wikievents" / "data", events / "petrarch_gold.jsonl"
    wiki_fit, wiki_tune = split_documents(wiki_documents(wiki / "dev.jsonl", args.limit), args.seed)
    train = read("geneva", geneva(gen / "train.reconstructed.jsonl", args.limit))
    train += read("wikievents", wikievents(wiki_fit, args.limit), NEWS_WEIGHT)
    tunings = [read("wikievents", wikievents(wiki_tune, args.limit)),
               weak(petrarch(gold, "petrarch2_unittest", "events_cameo_recoded", args.limit))]  # fmt: skip
    scored = {"wikievents_tuning": tunings[0], "petrarch_unittests_tuning": tunings[1],
              "geneva_val": read("geneva", geneva(gen / "data" / "val.json", args.limit)),
              "geneva_test": read("geneva", geneva(gen / "data" / "test.json", args.limit)),
              "wikievents_test": read("wikievents", wikievents(wiki_documents(wiki / "test.jsonl", None), args.limit)),
              "petrarch_validation": weak(petrarch(gold, "universalpetrarch_petr2_gsr_validation", "events",
                                                   args.limit))}  # fmt: skip
    if (events / "conflibert_cameo_gold.jsonl").exists():  # GPL-3.0: measured here, never fitted or tuned on
        scored["conflibert_test"] = weak(conflibert_test(events / "conflibert_cameo_gold.jsonl", args.limit))
    tuned = tune(train, tunings, args.seed)
    support = Counter(s.gold for s in train)
    shipped = export(tuned.model, tuned.index, tuned.veto, support)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    shipped.save(args.out)
    figures = {}
    for name, data in scored.items():
        probs = tuned.model.predict_proba(matrix(data, tuned.index))
        vetoed = decide(probs, list(shipped.classes), data, tuned.veto, vetoable(support))
        figures[name] = {"dictionary": scores([s.lexicon for s in data], data), "with_veto": scores(vetoed, data)}
    print(json.dumps({"benchmark": "train_triggers", "seed": args.seed, "limit": args.limit,
                      "train_tokens": len(train), "train_events": sum(s.gold != NONE for s in train),
                      "tuning_f1": tuned.tuning_f1, "features": len(tuned.index), "C": tuned.c,
                      "veto": tuned.veto[0], "veto_pos": tuned.veto[1], "vetoable": sorted(vetoable(support)),
                      "support": dict(zip(shipped.classes, shipped.support, strict=True)), **figures,
                      "model_bytes": args.out.stat().st_size,
                      "seconds": round(time.perf_counter() - started, 1)}))  # fmt: skip


if __name__ == "__main__":
    main()
