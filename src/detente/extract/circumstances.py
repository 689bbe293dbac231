"""When, where and how: an event's date and place from the mentions of its clause, and its mode from cue words.

A date dates an event when it sits in the trigger's clause ("struck on Sept. 19") or names the only day in the
sentence; "the 2015 agreement" dates the agreement, not the event about it. With no date, the publication day.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from spacy.tokens import Doc, Token

from detente.extract.tree import child, token_at
from detente.kb.lexicon import EventLexicon
from detente.kb.loader import KnowledgeBase
from detente.model.mention import Mention, Precision

DateFrom = Literal["text", "published"]
NOUN_MODIFIERS = frozenset({"compound", "amod", "nummod", "nmod", "poss"})


class Circumstances:
    """Date, place and mode lookups over one Doc, from the date and place mentions written onto it."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, lex: EventLexicon) -> None:
        self.doc = doc
        self.kb = kb
        self.lex = lex
        self.dates = list(doc._.date_mentions or [])
        self.places = list(doc._.place_mentions or [])

    def cue_mode(self, type_: str, token: Token, anchor: Token) -> str | None:
        """The mode a cue word in the clause gives the event ("air strike" -> aerial), if any."""
        cues = self.lex.cues.get(type_)
        if not cues:
            return None
        words: set[str] = set()
        subject = child(anchor, "nsubj")
        for t in (*token.subtree, *anchor.subtree, *(subject.subtree if subject is not None else ())):
            words |= {t.lemma_.lower(), t.lower_}
        text = " ".join(t.lower_ for t in token.sent)
        for mode, cue_words in cues.items():
            if any((w in text) if " " in w else (w in words) for w in cue_words):
                return mode
        return None

    def consult_mode(self, source: tuple[str, ...], target: tuple[str, ...], place: str | None) -> str | None:
        """multilateral (three parties or more), visit (in the target's country) or third-party (elsewhere)."""
        parties = set(source) | set(target)
        if len(parties) >= 3:
            return "multilateral"
        country = self.kb.places[place].country if place in self.kb.places else None
        if country is None:
            return None
        homes = {self._country(p) for p in source}
        if country in {self._country(p) for p in target} and country not in homes:
            return "visit"
        if homes and country not in homes and all(self._country(p) != country for p in target):
            return "third-party"
        return None

    def _country(self, actor: str) -> str | None:
        entry = self.kb.actors.get(actor)
        return entry.country if entry is not None else None

    def _in_clause(self, mentions: list[Mention], token: Token, anchor: Token) -> tuple[list[Mention], list[Mention]]:
        """The mentions of the token's sentence, and those of them inside the trigger's or anchor's clause."""
        scope = {t.i for t in (*token.subtree, *anchor.subtree)}
        sent = token.sent
        inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        return inside, [m for m in inside if token_at(self.doc, m.start) in scope]

    def place(self, token: Token, anchor: Token) -> str | None:
        """The place of the event: one in its clause, else the sentence's only place."""
        inside, scoped = self._in_clause(self.places, token, anchor)
        chosen = scoped or (inside if len(inside) == 1 else [])
        return chosen[0].entity if chosen else None

    def date(self, token: Token, anchor: Token) -> tuple[dt.date | None, Precision | None, DateFrom | None]:
        """The event's date, its precision, and where it came from (the text, or the publication day)."""
        # not "the 2015 agreement", but "the Sept. 9 cease-fire"
        dates = [m for m in self.dates if m.value is not None and _dates_event(self.doc, m.start, m.end, token)]
        inside, scoped = self._in_clause(dates, token, anchor)
        # a lone date elsewhere in the sentence dates the event only when it names a day ("lost it in 2012" does not)
        chosen = scoped or (inside if len(inside) == 1 and inside[0].precision == "day" else [])
        if chosen:
            return chosen[0].value, chosen[0].precision, "text"
        published = self.doc._.published
        return (published, "day", "published") if published is not None else (None, None, None)


def _dates_event(doc: Doc, start: int, end: int, trigger: Token) -> bool:
    """A date modifying a noun dates the event only when that noun is the event itself."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return span.root.dep_ not in NOUN_MODIFIERS or span.root.head == trigger
