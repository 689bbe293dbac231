"""The event dictionary (``plover.yaml``): trigger words by PLOVER type, modes, scores, and the words that flag events.

A pattern is a head lemma plus lemmas that must appear among its children: for verbs the head comes first
("call for", "take control"), for nouns last ("chemical attack", "air strike"); a word may list alternatives
("provide|send aid|food").
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from detente.errors import KnowledgeBaseError

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "SANCTION", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT")  # fmt: skip
QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2, "REQUEST": 3,
        "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3, "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4,
        "ASSAULT": 4}  # fmt: skip


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    needs: tuple[str, ...]  # lemmas that must be children of the head


@dataclass
class EventLexicon:
    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    mode_scores: dict[tuple[str, str], float] = field(default_factory=dict)
    target_preps: dict[str, frozenset[str]] = field(default_factory=dict)
    cues: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    intransitive_light: frozenset[str] = frozenset()
    hypothetical_heads: frozenset[str] = frozenset()
    hypothetical_aux: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    claim_verbs: frozenset[str] = frozenset()
    noun_types: dict[str, str] = field(default_factory=dict)  # head lemma -> type, for "the attack", "the plan"

    def score(self, type_: str, mode: str | None) -> float:
        """PLOVER's cooperation-conflict intensity: the mode's score where one is set, else the type's."""
        if mode is not None and (type_, mode) in self.mode_scores:
            return self.mode_scores[(type_, mode)]
        return self.scores[type_]

    def add(self, data: dict[str, Any], where: str) -> None:
        """Add a ``plover.yaml``-shaped mapping (types and word lists); later entries come after earlier ones."""
        for type_, entry in (data.get("types") or {}).items():
            if type_ not in PLOVER_TYPES:
                raise KnowledgeBaseError(f"unknown PLOVER type {type_!r}", where=where,
                                   fix=f"use one of {', '.join(PLOVER_TYPES)}")  # fmt: skip
            if "score" in entry:
                self.scores[type_] = float(entry["score"])
            self.scores.setdefault(type_, 0.0)
            for mode, value in (entry.get("modes") or {}).items():
                self.mode_scores[(type_, mode)] = float(value)
            for pattern, mode in (entry.get("verbs") or {}).items():
                for words in _expand(pattern):
                    self.verbs.setdefault(words[0], []).append(Trigger(type_, mode, words[1:]))
            for pattern, mode in (entry.get("nouns") or {}).items():
                for words in _expand(pattern):
                    self.nouns.setdefault(words[-1], []).append(Trigger(type_, mode, words[:-1]))
                    self.noun_types.setdefault(words[-1], type_)
            preps = entry.get("target", [])
            if not all(isinstance(p, str) for p in preps):  # YAML reads a bare `on` as true
                raise KnowledgeBaseError(f"{type_}: target prepositions must be strings, got {preps!r}", where=where,
                                   fix='quote them: target: ["on", "against"]')  # fmt: skip
            self.target_preps[type_] = self.target_preps.get(type_, frozenset()) | frozenset(preps)
            for mode, words in (entry.get("cues") or {}).items():
                self.cues.setdefault(type_, {})[mode] = tuple(str(w).lower() for w in words)
        for name in ("light_verbs", "intransitive_light", "hypothetical_heads", "hypothetical_aux", "reporting_verbs",
                     "claim_verbs"):  # fmt: skip
            if name in data:
                setattr(self, name, getattr(self, name) | frozenset(str(w).lower() for w in data[name]))
        # the most specific patterns (most required words) are tried first
        for table in (self.verbs, self.nouns):
            for triggers in table.values():
                triggers.sort(key=lambda t: -len(t.needs))


def _expand(pattern: object) -> list[tuple[str, ...]]:
    """The word sequences of a pattern whose words may list alternatives: "provide|send aid|food" stands for
    "provide aid", "provide food", "send aid" and "send food"."""
    return list(itertools.product(*(word.split("|") for word in str(pattern).lower().split())))
