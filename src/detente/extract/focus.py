"""The country an article is about, and generic names ("the rebels", "the regime", "the coalition") read as that
country's actors instead of a built-in default.

The country in focus is voted by the places the article names: a state named as a place ("fighting in Yemen")
counts most, then cities and regions of the gazetteer and demonyms ("Yemeni forces"); a state that only acts
("Russia said") counts little. A wire dateline ("KHARTOUM, May 3 (Reuters) -") counts as much as a state named as a
place, and each mention of a known group, or of a person who speaks for one, counts for the group's country ("the
RSF" for Sudan). A generic name whose built-in actor belongs to another country becomes the
country in focus's actor of the same sector, or a provisional group named after it ("?group:yemeni rebels").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from detente.extract.common import is_locative
from detente.kb.loader import KnowledgeBase, normalise

PLACE_LABELS = frozenset({"GPE", "LOC"})
MIN_VOTES = 3


def focus_country(doc: Doc, kb: KnowledgeBase) -> str | None:
    """The ISO3 code of the country the article is about, or None when its places do not say."""
    return focus_of(country_votes(doc, kb))


def focus_of(votes: Counter[str]) -> str | None:
    """The country with the most votes, if it has enough."""
    if not votes:
        return None
    best, count = votes.most_common(1)[0]
    return best if count >= MIN_VOTES else None


def country_votes(doc: Doc, kb: KnowledgeBase) -> Counter[str]:
    """How much the article's places and demonyms speak of each country."""
    votes: Counter[str] = Counter()
    for ent in doc.ents:
        key = normalise(ent.text.removeprefix("the "))
        if ent.label_ == "NORP" and key in kb.demonyms:
            votes[kb.demonyms[key]] += 2
        elif ent.label_ in PLACE_LABELS:
            found = kb.actor_for(ent.text)
            entry = kb.actors.get(found[0]) if found else None
            if found and entry is not None and entry.kind == "state" and found[1] is None:
                votes[entry.id] += 4 if is_locative(ent) else 2
            elif key in kb.place_names:
                country = kb.places[kb.place_names[key][0]].country
                if country:
                    votes[country] += 1
    return votes


def anchor_votes(kb: KnowledgeBase, datelines: Iterable[Span], names: Iterable[str]) -> Counter[str]:
    """Votes from where the report was filed (its datelines) and from the known groups it names (``names``: the
    texts of the knowledge-base aliases found)."""
    votes: Counter[str] = Counter()
    for span in datelines:
        key = normalise(span.text)
        country = kb.capitals.get(key)
        if country is None and key in kb.place_names:
            country = kb.places[kb.place_names[key][0]].country
        if country:
            votes[country] += 4
    for name in names:
        country = _group_country(kb, name)
        if country is not None:
            votes[country] += 1
    return votes


def _group_country(kb: KnowledgeBase, name: str) -> str | None:
    """The country of the group a name stands for, or of the group a person speaks for (None for states, their
    bodies, international organisations and transnational groups)."""
    found = kb.actor_for(name)
    actor = kb.actors.get(found[0]) if found and found[1] is None else None
    if actor is not None and actor.kind == "person" and actor.affiliation:
        actor = kb.actors.get(actor.affiliation[-1].actor)
    if actor is None or actor.kind != "group" or actor.country not in kb.actors:
        return None
    return actor.country


def is_generic(span: Span) -> bool:
    """A common-noun name ("the rebels", "government forces"), not a proper one ("Syrian rebels", "Assad regime")."""
    words = [t for t in span if t.is_alpha and t.lower_ != "the"]
    return bool(words) and all(t.is_lower for t in words)


class Demonyms:
    """The adjective of each country ("YEM" -> "yemeni"), for naming provisional groups."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.of: dict[str, str] = {}
        for word, iso3 in kb.demonyms.items():
            if not word.endswith("s") or iso3 not in self.of:
                self.of.setdefault(iso3, word)

    def name(self, iso3: str, kb: KnowledgeBase) -> str:
        entry = kb.actors.get(iso3)
        return self.of.get(iso3) or (normalise(entry.name) if entry is not None else iso3.lower())
