"""What the components share: the Doc extensions they fill, and span helpers."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span

from detente.model.mention import Mention

for _name in ("actor_mentions", "place_mentions", "date_mentions"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("published"):
    Doc.set_extension("published", default=None)

LOCATIVE = frozenset({"in", "into", "across", "throughout", "inside", "near", "around", "over", "outside", "from",
                      "to", "at", "toward", "towards", "via", "along", "of"})  # fmt: skip


LEANINGS = frozenset({"hostile", "hostility", "loyal", "loyalty", "allegiance", "allied", "aligned", "opposed",
                      "friendly", "sympathetic", "beholden", "tie", "ties", "link", "links", "linked", "enmity",
                      "animosity", "threat"})  # fmt: skip
"""Words whose "to" or "toward" names a party, not a destination."""
PLACE_NOUNS = frozenset({"city", "town", "village", "province", "outskirts", "north", "south", "east", "west", "part",
                         "area", "region", "capital", "center", "centre", "suburb", "countryside", "coast", "border",
                         "heart", "edge", "district", "governorate", "territory", "rest", "map", "interior",
                         "northeast", "northwest", "southeast", "southwest", "neighborhood",
                         "neighbourhood"})  # fmt: skip


def mention(span: Span, kind: str, entity: str, **fields: Any) -> Mention:
    sent = span.sent
    return Mention(kind=kind, entity=entity, start=span.start_char, end=span.end_char, text=span.text,  # type: ignore[arg-type]
                   sentence_start=sent.start_char, sentence_end=sent.end_char, **fields)  # fmt: skip


def is_locative(span: Span) -> bool:
    """True when the span is the object of a place preposition ("in Syria", "strikes near Homs")."""
    head = span.root
    while head.dep_ in ("compound", "amod", "poss", "nmod") and head.head.i != head.i:
        head = head.head
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in LOCATIVE:
        return False
    if prep.lower_ in ("to", "toward", "towards") and prep.head.lemma_.lower() in LEANINGS:
        return False  # "hostile to Israel", "ties to Iran": whom, not where
    # "the city of Aleppo", "the outskirts of Damascus" are places; "the ministers of Russia" are not
    return prep.lower_ != "of" or prep.head.lemma_.lower() in PLACE_NOUNS
