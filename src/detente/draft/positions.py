"""Stances on the issues at stake, read from the conflict system: every one with the sentence it came from.

Two sources of evidence:

* **statements**: a sentence matches an issue's cue phrase; the speakers are the actors named before the cue in
  the same clause (people rolled up to the government or group they speak for on the article's date), except
  those the sentence's coded events show only as targets ("called on Russia to ...") and the issue's own subject;
  a stance verb nearest before the cue says whether they support the phrase or oppose it ("rejected any demand
  that Assad step down");
* **events** towards an issue's subject (e.g. support for or an attack on the incumbent government), coded by the
  event coder, that happened (not negated, hypothetical or merely claimed); weaker than a statement.

One piece of evidence per actor, issue and sentence (the first cue wins, a statement before an event).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from detente.draft.templates import IssueTemplate, Library
from detente.kb import KnowledgeBase
from detente.model import ConflictSystem, EventRecord, Evidence

CLAUSE = re.compile(r",? while |; |, but |, whereas | whereas ")
EVENT_WEIGHT = 0.5  # an event is weaker evidence of a stance than a statement


@dataclass(frozen=True)
class Stance:
    actor: str
    issue: str
    value: float  # on 0-100
    weight: float
    kind: str  # statement or event
    evidence: Evidence  # the sentence, with its document and offsets
    cue: str

    @property
    def document(self) -> str:
        return self.evidence.label

    @property
    def sentence(self) -> str:
        return self.evidence.sentence.strip()


@dataclass(frozen=True)
class Position:
    """An actor's drafted position on an issue (0-100) with its spread, confidence and evidence."""

    actor: str
    issue: str
    value: float
    sd: float
    confidence: float
    strength: float
    evidence: tuple[Stance, ...]


Index = dict[tuple[str, int], tuple[Evidence, list[tuple[int, str]]]]


def sentence_index(system: ConflictSystem, kb: KnowledgeBase) -> Index:
    """(document, sentence start) -> (the sentence's evidence, [(offset of a mention in the sentence, the actor it
    speaks for)] in text order)."""
    published = {d.id: d.published for d in system.documents}
    index: Index = {}
    for actor in system.actors:
        for mention in actor.mentions:
            where = mention.evidence
            who = kb.speaker(actor.id, published.get(where.document))
            if who is not None:
                entry = index.setdefault((where.document, where.sentence_start), (where, []))
                entry[1].append((where.span_in_sentence[0], who))
    for _, entries in index.values():
        entries.sort()
    return index


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in CLAUSE.finditer(sentence):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(sentence)))
    return bounds


def statements(
    issue: IssueTemplate, library: Library, index: Index, only_targets: dict[tuple[str, int], set[str]]
) -> list[Stance]:
    found: list[Stance] = []
    for key, (evidence, mentions) in index.items():
        sentence = evidence.sentence
        clauses = _clauses(sentence)
        for topic in issue.topics:
            for match in topic.pattern.finditer(sentence):
                start, _ = next((a, b) for a, b in clauses if a <= match.start() <= b)
                before = sentence[start : match.start()]
                supports = [m.start() for m in library.support.finditer(before)]
                opposes = [m.start() for m in library.oppose.finditer(before)]
                # the speakers come before the clause's first stance verb ("Kerry called on Russia to ..."):
                # those after it are whom the stance is addressed to or about
                end = start + min(supports + opposes) if supports or opposes else match.start()
                speakers = {
                    who for at, who in mentions
                    if start <= at < end and who not in issue.subject
                    and who not in only_targets.get(key, set())
                }  # fmt: skip
                if not speakers:
                    continue
                # any opposing verb in the clause turns the stance ("rejected any demand that Assad step down")
                stance = "oppose" if opposes else "support" if supports else None
                if stance is None and topic.needs_verb:
                    continue
                value = 100.0 - topic.value if stance == "oppose" else topic.value
                for who in sorted(speakers):
                    found.append(Stance(who, issue.id, value, 1.0, "statement", evidence, match.group(0)))
    return found


def event_stances(issue: IssueTemplate, events: Iterable[EventRecord]) -> list[Stance]:
    found: list[Stance] = []
    if not issue.subject or not issue.events:
        return found
    for event in events:
        if not event.happened or not set(event.target) & set(issue.subject):
            continue
        for rule in issue.events:
            if event.type in rule.types:
                for who in event.source:
                    if who not in issue.subject and not who.startswith("?"):
                        weight = EVENT_WEIGHT * float(event.confidence or 1.0)
                        found.append(Stance(who, issue.id, rule.value, weight, "event", event.evidence,
                                            f"{event.type} {event.trigger}"))  # fmt: skip
    return found


def collect(system: ConflictSystem, kb: KnowledgeBase, issues: list[IssueTemplate], library: Library) -> list[Stance]:
    """Every stance the conflict system states on ``issues``, one per actor, issue and sentence."""
    index = sentence_index(system, kb)
    by_sentence: dict[tuple[str, int], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for event in system.events:
        sources, targets = by_sentence[(event.evidence.document, event.evidence.sentence_start)]
        sources.update(event.source)
        targets.update(event.target)
    only_targets = {key: targets - sources for key, (sources, targets) in by_sentence.items()}
    stances: list[Stance] = []
    seen: set[tuple[str, str, str]] = set()
    for issue in issues:
        for stance in statements(issue, library, index, only_targets) + event_stances(issue, system.events):
            key = (stance.actor, stance.issue, stance.sentence)
            if key not in seen:
                seen.add(key)
                stances.append(stance)
    return stances


def estimate(stances: list[Stance]) -> dict[tuple[str, str], Position]:
    """Pool each actor's stances on each issue: weighted mean, spread, and a confidence that grows with the
    evidence and falls with its disagreement."""
    groups: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for stance in stances:
        groups[(stance.actor, stance.issue)].append(stance)
    out = {}
    for (actor, issue), items in groups.items():
        values = np.array([s.value for s in items])
        weights = np.array([s.weight for s in items])
        mean = float(np.average(values, weights=weights))
        spread = float(np.sqrt(np.average((values - mean) ** 2, weights=weights)))
        strength = float(weights.sum())
        confidence = (1.0 - 0.5**strength) * (1.0 - min(spread, 50.0) / 100.0)
        sd = max(5.0, spread, 30.0 * (1.0 - confidence))
        out[(actor, issue)] = Position(actor, issue, round(mean, 1), round(sd, 1), round(confidence, 2), strength,
                                       tuple(items))  # fmt: skip
    return out
