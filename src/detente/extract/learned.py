"""A learned check on the event dictionary: is this dictionary hit an event in its context? (``detente.events.v2``)

The model is a multinomial logistic regression over sparse features of a verb or noun in its parse (word, lemma,
tag, dependency, head, children and their entity types, neighbours) and the dictionary's own reading of it
(``lex=ASSAULT``); its classes are the PLOVER types and ``NONE``. It is trained by ``train/triggers.py`` on
licence-compatible data only: GENEVA (FrameNet-derived, CC BY 3.0: Parekh et al. 2023; Baker, Fillmore and Lowe
1998) and WikiEvents news documents (MIT: Li, Ji and Han 2021), their event types mapped to PLOVER, tuned on
WikiEvents and PETRARCH2's unit tests (MIT), and shipped as plain arrays (``extract/data/triggers.npz``: class
names, feature names, coefficients, threshold), read without pickle.

:class:`LearnedTriggers` is :class:`~detente.extract.triggers.Triggers` with a veto: a dictionary hit is dropped when
the model gives "no event" at least the probability ``veto`` (tuned on held-out news by the training script), for
the types the model saw at least :data:`MIN_SUPPORT` times in training. The component ``detente.events.v2`` is
``detente.events.v1`` with this lookup; it is an option, not the default (see ``docs/extraction.md``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from spacy.language import Language
from spacy.tokens import Token

from detente.errors import ExtractionError
from detente.extract.events import EventCoder
from detente.extract.registry import component
from detente.extract.triggers import Triggers
from detente.kb.lexicon import EventLexicon, Trigger

NONE = "NONE"  # the class of a token that is no event
CANDIDATE_POS = frozenset({"VERB", "NOUN"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "agent", "attr", "dative", "xcomp", "ccomp", "neg", "aux",
                           "amod", "compound", "poss"})  # fmt: skip
MODEL_FILE = "triggers.npz"
MIN_SUPPORT = 50  # a dictionary type with fewer training examples is never vetoed (the model barely knows it)
REBUILD = "rebuild it with `python train/triggers.py` (needs ../shared and scikit-learn)"


def is_candidate(token: Token) -> bool:
    """A token the model reads: a verb or a common noun."""
    return token.pos_ in CANDIDATE_POS


def features(token: Token, lexicon_type: str | None) -> list[str]:
    """The sparse features of one token in its parse, with the dictionary's type for it (None: not in it)."""
    lemma, head, lex = token.lemma_.lower(), token.head, lexicon_type or "none"
    found = [f"w={token.lower_}", f"l={lemma}", f"p={token.pos_}", f"t={token.tag_}", f"d={token.dep_}",
             f"s3={token.lower_[-3:]}", f"hl={head.lemma_.lower()}", f"hd={token.dep_}>{head.pos_}",
             f"dl={token.dep_}|{lemma}", f"lex={lex}", f"lexp={lex}|{token.pos_}",
             f"lexd={lex}|{token.dep_}"]  # fmt: skip
    if token.ent_type_:
        found.append(f"ent={token.ent_type_}")
    for child in token.children:
        dep = child.dep_
        if dep == "prep":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            found.append(f"prep={child.lower_}")
            if obj is not None:
                found += [f"pobj={child.lower_}|{obj.lemma_.lower()}", f"pent={child.lower_}|{obj.ent_type_ or '-'}"]
        elif dep in ARGUMENT_DEPS:
            found += [f"c={dep}|{child.lemma_.lower()}", f"ce={dep}|{child.ent_type_ or child.pos_}"]
    doc = token.doc
    before = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    after = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    found += [f"w-1={before}", f"w+1={after}", f"l+w-1={lemma}|{before}"]
    return found


@dataclass(frozen=True)
class TriggerModel:
    """Class names, feature index, coefficients (features x classes) and intercepts of the trained model, its veto
    threshold, and how many training examples each class had."""

    classes: tuple[str, ...]
    index: dict[str, int]
    coef: NDArray[np.float32]
    intercept: NDArray[np.float32]
    veto: float
    support: tuple[int, ...]
    veto_pos: tuple[str, ...] = ("NOUN", "VERB")  # the parts of speech whose hits may be vetoed

    def probabilities(self, names: list[str]) -> NDArray[np.float64]:
        """The probability of each class given a token's features (softmax of the summed weights)."""
        rows = [self.index[name] for name in names if name in self.index]
        scores = self.intercept.astype(np.float64) + self.coef[rows].sum(axis=0, dtype=np.float64)
        exp = np.exp(scores - scores.max())
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def judge(self, token: Token, lexicon_type: str | None) -> dict[str, float]:
        """The probability of each class (PLOVER types and ``NONE``) for the token."""
        probs = self.probabilities(features(token, lexicon_type))
        return {name: float(p) for name, p in zip(self.classes, probs, strict=True)}

    def vetoes(self, token: Token, trigger: Trigger) -> bool:
        """Whether the model judges this dictionary hit no event: "no event" at least ``veto`` probable, for a type
        the model saw often enough in training."""
        if token.pos_ not in self.veto_pos or trigger.type not in self.classes:
            return False
        if self.support[self.classes.index(trigger.type)] < MIN_SUPPORT:
            return False
        return self.judge(token, trigger.type)[NONE] >= self.veto

    def save(self, path: Path) -> None:
        """Write the model as plain arrays (``np.savez_compressed``; strings as unicode arrays, no pickle)."""
        names = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(path, classes=np.array(self.classes), features=np.array(names),
                            coef=self.coef.astype(np.float16), intercept=self.intercept.astype(np.float32),
                            veto=np.array(self.veto), support=np.array(self.support, dtype=np.int64),
                            veto_pos=np.array(self.veto_pos))  # fmt: skip


def read_model(path: Path) -> TriggerModel:
    """Read a model written by :meth:`TriggerModel.save`."""
    try:
        with np.load(path, allow_pickle=False) as data:
            classes = tuple(str(c) for c in data["classes"])
            index = {str(name): i for i, name in enumerate(data["features"])}
            coef, intercept = data["coef"].astype(np.float32), data["intercept"].astype(np.float32)
            veto, support = float(data["veto"]), tuple(int(x) for x in data["support"])
            veto_pos = tuple(str(p) for p in data["veto_pos"])
    except (OSError, KeyError, ValueError) as err:
        raise ExtractionError(f"cannot read the trigger model ({err})", where=str(path), fix=REBUILD) from err
    if NONE not in classes or coef.shape != (len(index), len(classes)) or len(support) != len(classes):
        raise ExtractionError("the trigger model's arrays do not fit together", where=str(path), fix=REBUILD)
    return TriggerModel(classes, index, coef, intercept, veto, support, veto_pos)


@lru_cache(maxsize=1)
def shipped_model() -> TriggerModel:
    """The model shipped with detente (read once per process)."""
    with resources.as_file(resources.files("detente.extract") / "data" / MODEL_FILE) as path:
        return read_model(path)


@lru_cache(maxsize=1)
def shipped_digest() -> str:
    """A short digest of the shipped weights: retrained weights mean re-extraction (see ``pipeline_version``)."""
    data = (resources.files("detente.extract") / "data" / MODEL_FILE).read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


class LearnedTriggers(Triggers):
    """Dictionary triggers, less the hits the learned model vetoes in context."""

    def __init__(self, lex: EventLexicon, model: TriggerModel) -> None:
        super().__init__(lex)
        self.model = model

    def _lookup(self, token: Token) -> Trigger | None:
        found = super()._lookup(token)
        if found is not None and is_candidate(token) and self.model.vetoes(token, found):
            return None
        return found


@component("detente.events.v2", default_config={"kb": []})
def make_learned_event_coder(nlp: Language, name: str, kb: list[list[str]]) -> EventCoder:
    """``detente.events.v1`` with the learned veto on dictionary hits (:class:`LearnedTriggers`)."""
    from detente.kb import load_kb

    model = shipped_model()
    return EventCoder(load_kb(texts=kb), triggers=lambda lex: LearnedTriggers(lex, model))
