"""Stances on the issues at stake, read from the conflict system: every one with the sentence it came from.

Two sources of evidence:

* **statements**: a sentence matches an issue's cue phrase; the speakers are the actors named before the clause's
  first stance verb (people rolled up to the government or group they speak for on the article's date), except
  those the sentence's coded events show only as targets ("called on Russia to ...") and the issue's own subject.
  The stance verb says whether they support the phrase or oppose it ("wants", "insists", "is ready to" against
  "rejected", "will not accept"); a negation before it ("does not want", "no longer backs") turns it; a condition
  after it ("only if ...") halves its distance from the middle of the scale. A claim
  about an actor's stance made by someone else ("analysts say Moscow wants ...", "according to ...") counts, but
  weighs half and is marked ``attributed``.
* **events** towards an issue's subject (e.g. support for or an attack on the incumbent government), coded by the
  event coder, that happened (not negated, hypothetical or merely claimed), and relations stated towards it
  (backing, alliance, enmity); weaker than a statement.

Each stance keeps its date (the article's, or the event's), its speaker's words and its cue, so that a draft made
``--as-of`` a day uses only what was known then, and older stances weigh less than newer ones.
One piece of evidence per actor, issue and sentence (the first cue wins, a statement before an event).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from detente.draft.templates import IssueTemplate, Library
from detente.kb import KnowledgeBase
from detente.model import Actor, ConflictSystem, EventRecord, Evidence, StatedRelationRecord

CLAUSE = re.compile(r",? while |; |, but |, whereas | whereas |, although | although ")
NEGATION = re.compile(r"\b(not|n't|no longer|never|nor)\s+(\w+\s+){0,2}$", re.IGNORECASE)
CONDITION = re.compile(r"^\W*(only if|only when|on condition|provided that|as long as|unless|if and only if)\b",
                       re.IGNORECASE)  # fmt: skip
ATTRIBUTION = re.compile(
    r"\b(analysts?|experts?|observers?|critics?|commentators?|scholars?|researchers?|think[- ]tanks?|"
    r"according to|is said to|are said to|reportedly|is believed to|are believed to|allegedly)\b",
    re.IGNORECASE,
)
# curly quotes read as straight ones by the cue patterns: one character for one, so offsets hold
TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
EVENT_WEIGHT = 0.5  # an event is weaker evidence of a stance than a statement
ATTRIBUTED_WEIGHT = 0.5  # someone else's claim about an actor's stance, against the actor's own words
HALF_LIFE_DAYS = 90.0  # a stance this much older than the draft's --as-of day weighs half as much


@dataclass(frozen=True)
class Stance:
    actor: str
    issue: str
    value: float  # on 0-100
    weight: float
    kind: str  # statement or event
    evidence: Evidence  # the sentence, with its document and offsets
    cue: str
    day: date | None = None  # the article's date, or the event's
    speaker: str | None = None  # the words that name the actor ("Kerry", "Moscow")
    attributed: bool = False

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


@dataclass(frozen=True)
class Speaker:
    """An actor named in a sentence: where (offset in the sentence), who it speaks for, and the words."""

    at: int
    actor: str
    words: str


Index = dict[tuple[str, int], tuple[Evidence, list[Speaker]]]


def sentence_index(system: ConflictSystem, kb: KnowledgeBase) -> Index:
    """(document, sentence start) -> (the sentence's evidence, the actors named in it, in text order)."""
    published = {d.id: d.published for d in system.documents}
    index: Index = {}
    for actor in system.actors:
        for mention in actor.mentions:
            where = mention.evidence
            # a person speaks for whom the conflict system says (after the analysts' merges), else by the rule
            who = mention.speaks_for or kb.speaker(actor.id, published.get(where.document)) or _provisional(actor)
            if who is not None:
                entry = index.setdefault((where.document, where.sentence_start), (where, []))
                entry[1].append(Speaker(where.span_in_sentence[0], who, mention.text))
    for _, entries in index.values():
        entries.sort(key=lambda s: s.at)
    return index


def _provisional(actor: Actor) -> str | None:
    """An actor extraction found beyond the knowledge base (``?group:...``) speaks for itself and may take part in
    a scenario; an unknown person speaks for nobody we know of."""
    return actor.id if not actor.resolved and actor.kind not in (None, "person") else None


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in CLAUSE.finditer(sentence):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(sentence)))
    return bounds


def _stance(library: Library, before: str, named: list[tuple[int, int]]) -> tuple[str | None, int, int | None]:
    """Read the words between a clause's start and a cue: the stance ("support", "oppose" or None), where the
    cue's speakers stand (a window of the clause) and where the cue's own stance verb starts.

    A verb has a new stance-holder when an actor is named (``named``: offsets) as its subject: after a comma that
    follows the verb before ("X wants A, and Y, which ..., wants B") and at most three words before the verb;
    otherwise the previous verb's holders hold it too ("the HNC demanded that Assad step down, and said ...": the
    HNC's, not Assad's). An opposing verb turns the stance ("rejected
    any demand that Assad step down"); a negation just before the verb turns it again ("does not want", "no longer
    backs")."""
    verbs = sorted([(m.start(), m.end(), "support") for m in library.support.finditer(before)]
                   + [(m.start(), m.end(), "oppose") for m in library.oppose.finditer(before)])  # fmt: skip
    if not verbs:
        return None, 0, None
    window, previous_end, group = 0, 0, 0
    for k, (start, end, _) in enumerate(verbs):
        if k and any(previous_end <= at and until <= start and "," in before[previous_end:at]
                     and len(before[until:start].split()) <= 3 for at, until in named):  # fmt: skip
            window, group = previous_end, k  # a new subject between the two verbs: a new stance-holder
        previous_end = end
    own = verbs[group:]
    stance = "oppose" if any(kind == "oppose" for _, _, kind in own) else "support"
    if NEGATION.search(before[: own[-1][0]]):
        stance = "support" if stance == "oppose" else "oppose"
    return stance, window, own[0][0]


def _conditional(after: str) -> bool:
    """A stance with a condition right after its cue ("would accept a truce only if aid reaches ...")."""
    return bool(CONDITION.match(after))


def statements(
    issue: IssueTemplate, library: Library, index: Index, only_targets: dict[tuple[str, int], set[str]],
    days: dict[str, date | None],
) -> list[Stance]:  # fmt: skip
    found: list[Stance] = []
    for key, (evidence, mentions) in index.items():
        sentence = evidence.sentence.translate(TYPOGRAPHY)  # the cue patterns need not spell curly quotes
        clauses = _clauses(sentence)
        for topic in issue.topics:
            for match in topic.pattern.finditer(sentence):
                start, _ = next((a, b) for a, b in clauses if a <= match.start() <= b)
                before = sentence[start : match.start()]
                named = [(m.at - start, m.at - start + len(m.words)) for m in mentions if start <= m.at < match.start()]
                stance, window, verb = _stance(library, before, named)
                # the speakers come before the cue's stance verb ("Kerry called on Russia to ..."): those after it
                # are whom the stance is addressed to or about
                end = start + verb if verb is not None else match.start()
                speakers = [s for s in mentions if start + window <= s.at < end and s.actor not in issue.subject
                            and s.actor not in only_targets.get(key, set())]  # fmt: skip
                if not speakers or (stance is None and topic.needs_verb):
                    continue
                value = 100.0 - topic.value if stance == "oppose" else topic.value
                if _conditional(sentence[match.end() :]):  # a condition halves the distance from the middle
                    value = 50.0 + (value - 50.0) / 2.0
                attributed = bool(ATTRIBUTION.search(sentence[: match.start()]))
                weight = ATTRIBUTED_WEIGHT if attributed else 1.0
                cue = sentence[end : match.end()].strip() if verb is not None else match.group(0)
                for who in {s.actor: s for s in speakers}.values():
                    found.append(Stance(who.actor, issue.id, value, weight, "statement", evidence, cue,
                                        days.get(evidence.document), who.words, attributed))  # fmt: skip
    return found


def event_stances(issue: IssueTemplate, events: Iterable[EventRecord], days: dict[str, date | None]) -> list[Stance]:
    found: list[Stance] = []
    if not issue.subject or not issue.events:
        return found
    for event in events:
        if not event.happened or not set(event.target) & set(issue.subject):
            continue
        day = date.fromisoformat(event.date) if event.date else days.get(event.evidence.document)
        for rule in issue.events:
            if event.type in rule.types:
                for who in event.source:
                    if who not in issue.subject and not who.startswith("?"):
                        weight = EVENT_WEIGHT * float(event.confidence or 1.0)
                        found.append(Stance(who, issue.id, rule.value, weight, "event", event.evidence,
                                            f"{event.type} {event.trigger}", day))  # fmt: skip
    return found


RELATION_TYPES = {"backs": "SUPPORT", "ally": "SUPPORT", "enemy": "ASSAULT"}  # read like the event they stand for


def relation_stances(issue: IssueTemplate, relations: Iterable[StatedRelationRecord],
                     days: dict[str, date | None]) -> list[Stance]:  # fmt: skip
    """Stances from relations stated towards an issue's subject ("backed by Iran, Russia and Hezbollah, the Assad
    government ..."): read like the event type they stand for (backing and alliance as SUPPORT, enmity as
    ASSAULT), as weak as an event."""
    found: list[Stance] = []
    if not issue.subject or not issue.events:
        return found
    for r in relations:
        if r.kind not in RELATION_TYPES:  # a mediator takes no side
            continue
        pairs = [(r.source, r.target)] + ([(r.target, r.source)] if r.kind != "backs" else [])
        for who, towards in pairs:
            if towards not in issue.subject or who in issue.subject or who.startswith("?"):
                continue
            rule = next((rule for rule in issue.events if RELATION_TYPES[r.kind] in rule.types), None)
            if rule is not None:
                found.append(Stance(who, issue.id, rule.value, EVENT_WEIGHT, "event", r.evidence,
                                    f"{r.kind} {r.cue}", days.get(r.evidence.document)))  # fmt: skip
    return found


def collect(
    system: ConflictSystem, kb: KnowledgeBase, issues: list[IssueTemplate], library: Library, *,
    as_of: date | None = None, since: date | None = None,
) -> list[Stance]:  # fmt: skip
    """Every stance the conflict system states on ``issues``, one per actor, issue and sentence; with ``as_of``
    (``since``), only those dated up to (from) that day: an undated stance cannot be placed and is left out."""
    index = sentence_index(system, kb)
    days = {d.id: d.published for d in system.documents}
    by_sentence: dict[tuple[str, int], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for event in system.events:
        sources, targets = by_sentence[(event.evidence.document, event.evidence.sentence_start)]
        sources.update(event.source)
        targets.update(event.target)
    only_targets = {key: targets - sources for key, (sources, targets) in by_sentence.items()}
    stances: list[Stance] = []
    seen: set[tuple[str, str, str]] = set()
    for issue in issues:
        found = (statements(issue, library, index, only_targets, days) + event_stances(issue, system.events, days)
                 + relation_stances(issue, system.stated_relations, days))  # fmt: skip
        for stance in found:
            key = (stance.actor, stance.issue, stance.sentence)
            if key in seen or not within(stance.day, as_of, since):
                continue
            seen.add(key)
            stances.append(stance)
    return stances


def within(day: date | None, as_of: date | None, since: date | None) -> bool:
    """Whether ``day`` lies in the period; with a period given, an undated item cannot be placed and is out."""
    if as_of is None and since is None:
        return True
    if day is None:
        return False
    return (as_of is None or day <= as_of) and (since is None or day >= since)


def decay(day: date | None, reference: date | None, half_life: float = HALF_LIFE_DAYS) -> float:
    """How much a stance of ``day`` weighs on ``reference`` (the draft's date, or its newest evidence): halved for
    every ``half_life`` days it is older; undated stances and stances without a reference weigh in full."""
    if day is None or reference is None or day >= reference:
        return 1.0
    return float(0.5 ** ((reference - day).days / half_life))


def estimate(stances: list[Stance], *, as_of: date | None = None,
             half_life: float = HALF_LIFE_DAYS) -> dict[tuple[str, str], Position]:  # fmt: skip
    """Pool each actor's stances on each issue: a weighted mean, a spread, and a confidence that grows with the
    evidence and falls with its disagreement. With ``as_of`` (a draft of one day), older stances weigh less (see
    :func:`decay`); without it, every stance of the period weighs alike (the draft says which period that is)."""
    groups: dict[tuple[str, str], list[Stance]] = defaultdict(list)
    for stance in stances:
        groups[(stance.actor, stance.issue)].append(stance)
    out = {}
    for (actor, issue), items in groups.items():
        values = np.array([s.value for s in items])
        weights = np.array([s.weight * decay(s.day, as_of, half_life) for s in items])
        mean = float(np.average(values, weights=weights))
        spread = float(np.sqrt(np.average((values - mean) ** 2, weights=weights)))
        strength = float(weights.sum())
        confidence = (1.0 - 0.5**strength) * (1.0 - min(spread, 50.0) / 100.0)
        sd = max(5.0, spread, 30.0 * (1.0 - confidence))
        out[(actor, issue)] = Position(actor, issue, round(mean, 1), round(sd, 1), round(confidence, 2), strength,
                                       tuple(items))  # fmt: skip
    return out
