"""The actors of a Doc's phrases, read from the actor mentions the actors component wrote onto it.

People count as whom they speak for on the publication day; a lone pronoun ("it", "they", "its") takes the
speaker of its reported clause or the last subject named. Shared by the events and relations components.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from detente.extract.tree import ancestors, child
from detente.kb.loader import KnowledgeBase

PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our"})
PERSONAL = frozenset({"he", "his", "him", "she", "her"})
PLURAL = frozenset({"they", "their", "them", "we", "our"})
OWN_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "parataxis", "pcomp"})
# participles that make their subject or agent a backer of the noun they modify, not a party to its events
BACKING_PARTICIPLES = frozenset({"backed", "supported", "sponsored", "funded", "financed", "armed", "allied",
                                 "aligned", "affiliated", "linked", "trained", "equipped", "inspired"})  # fmt: skip


def is_backing_modifier(token: Token, *, sides: bool = False) -> bool:
    """ "US-backed" in "US-backed rebels"; with ``sides``, also "backed by Iran" in "militias backed by Iran"."""
    if token.lower_ not in BACKING_PARTICIPLES:
        return False
    if token.dep_ == "acl":
        return sides and child(token, "agent") is not None
    return token.dep_ in ("amod", "compound", "npadvmod") and token.i >= 2 and token.nbor(-1).text in ("-", "–")


class Arguments:
    """Actor lookups over one Doc: ``actors`` maps token index to actor id."""

    def __init__(self, doc: Doc, kb: KnowledgeBase, speech_verbs: frozenset[str]) -> None:
        self.doc = doc
        self.kb = kb
        self.speech_verbs = speech_verbs
        self.actors = self._actor_tokens(doc)

    def _actor_tokens(self, doc: Doc) -> dict[int, str]:
        """Token index -> actor id (people rolled up to whom they speak for on the publication date)."""
        day = doc._.published
        out: dict[int, str] = {}
        for m in doc._.actor_mentions or []:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            actor = self.roll_up(m.entity, day)
            for t in span:
                out[t.i] = actor
        return out

    def roll_up(self, entity: str, day: dt.date | None) -> str:
        """The actor a person speaks for on ``day`` (the entity itself for everyone else, and for a person the
        knowledge base gives no affiliation)."""
        return self.kb.speaker(entity, day) or entity

    def phrase(self, head: Token, *, sides: bool = False) -> Iterator[Token]:
        """The tokens of an argument: the head's subtree without its own clauses or attributive backers ("US-backed
        rebels"); with ``sides`` (the sides of "fighting between X and Y"), without any backer ("troops backed by
        Iran")."""
        yield head
        for c in head.children:
            if c.dep_ in OWN_CLAUSES or (
                c.dep_ in ("xcomp", "acl") and c.pos_ == "VERB" and c.tag_ in ("VB", "VBG", "TO")
            ):
                continue
            if is_backing_modifier(c, sides=sides):
                continue  # the backer is a relation (see the relations component), not a party
            yield from self.phrase(c, sides=sides)

    def actors_of(
        self, head: Token | None, *, exclude: tuple[str, ...] = (), sides: bool = False
    ) -> tuple[tuple[str, ...], bool]:
        """Actors named in an argument; a lone pronoun takes its antecedent. Second item: a pronoun was used."""
        if head is None:
            return (), False
        found = self.named(head, sides=sides)
        if found:
            return found, False
        pronoun = next((t for t in self.phrase(head) if t.lower_ in PRONOUNS), None)
        if pronoun is not None:
            antecedent = self.antecedent(pronoun, exclude)
            if antecedent:
                return antecedent, True
        return (), False

    def antecedent(self, pronoun: Token, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The speaker of a reported clause, else the actors of the last subject before the pronoun (this or the
        last sentence); "they" takes all of a coordinated subject, "he" only people, ``exclude`` never."""
        plural = pronoun.lower_ in PLURAL
        speaker = tuple(a for a in self.speaker(pronoun) if a not in exclude)
        if speaker:
            return speaker if plural else speaker[:1]
        personal = pronoun.lower_ in PERSONAL
        first = pronoun.sent.start
        previous = pronoun.doc[first - 1].sent.start if first > 0 else first
        for i in range(pronoun.i - 1, previous - 1, -1):
            actor = self.actors.get(i)
            token = pronoun.doc[i]
            if actor is None or actor in exclude or actor.startswith("?group"):
                continue
            subject = next((t for t in ancestors(token) if t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj")),
                           None)  # fmt: skip
            if subject is None or (subject.dep_ not in ("nsubj", "nsubjpass", "poss") and not exclude):
                continue
            entry = self.kb.actors.get(actor)
            if personal and (entry is None or entry.kind != "person"):
                continue
            if plural:
                return tuple(a for a in self.actors_of(subject)[0] if a not in exclude) or (actor,)
            return (actor,)
        return ()

    def speaker(self, token: Token) -> tuple[str, ...]:
        """The actors who say the clause holding the token ("Russia said it would ...")."""
        for head in ancestors(token):
            if head.lemma_.lower() in self.speech_verbs and head != token:
                actors = self.said_by(head)
                if actors:
                    return actors
        return ()

    def said_by(self, verb: Token) -> tuple[str, ...]:
        """The actors named in a reporting verb's subject (no pronoun resolution: that would ask the speaker)."""
        return self.named(child(verb, "nsubj"))

    def named(self, head: Token | None, *, sides: bool = False) -> tuple[str, ...]:
        """The actors named in the argument headed by ``head``, in text order."""
        if head is None:
            return ()
        tokens = sorted(self.phrase(head, sides=sides), key=lambda t: t.i)
        return tuple(dict.fromkeys(self.actors[t.i] for t in tokens
                                   if t.i in self.actors))  # fmt: skip
