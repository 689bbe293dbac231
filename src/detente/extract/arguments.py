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


# people sent by a country: "officials from Ethiopia" speak for it
ENVOYS = frozenset({"delegation", "delegate", "official", "envoy", "diplomat", "negotiator", "representative",
                    "minister", "team", "troop", "soldier", "force", "mediator", "emissary"})  # fmt: skip
COLLECTIVE_NOUNS = frozenset({"side", "party", "sides", "parties", "belligerent", "belligerents", "foe", "foes",
                              "rival", "rivals", "adversary", "adversaries"})  # fmt: skip
COLLECTIVE_WORDS = frozenset({"both", "two", "warring", "opposing", "rival"})


def is_collective(head: Token) -> bool:
    """ "both sides", "the two parties", "the warring sides", "the two rivals": the parties in focus."""
    return (
        head.lower_ in COLLECTIVE_NOUNS
        and head.tag_ in ("NNS", "NNPS")
        and any(c.lower_ in COLLECTIVE_WORDS for c in head.children)
    )


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
        self.holders: set[int] = set()  # "rebel" in "rebel-held town": a party only as the target of an attack on it
        self.people: set[int] = set()  # tokens naming a person (before they are rolled up to whom they speak for)
        self.actors = self._actor_tokens(doc)
        self.countries, self.hosts = self._country_tokens(doc)  # "fired missiles at Russia", "a visit to Moscow"
        self.held = self._held_places(doc)  # "rebel-held eastern Aleppo": place token -> its holder

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
                if m.label == "holder":
                    self.holders.add(t.i)
                if self._is_person(m.entity):
                    self.people.add(t.i)
        return out

    def _country_tokens(self, doc: Doc) -> tuple[dict[int, str], dict[int, str]]:
        """Token index -> actor id of the places that are countries the knowledge base knows as actors, and of the
        country of every place (the host of a visit)."""
        countries: dict[int, str] = {}
        hosts: dict[int, str] = {}
        for m in doc._.place_mentions or []:
            place = self.kb.places.get(m.entity)
            country = m.entity.removeprefix("country:")
            host = country if country != m.entity else (place.country if place is not None else None)
            if host not in self.kb.actors:
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            for t in span if span is not None else ():
                hosts[t.i] = str(host)
                if country != m.entity:
                    countries[t.i] = country
        return countries, hosts

    def _held_places(self, doc: Doc) -> dict[str, str]:
        """Place id -> the actor said to hold it in the document ("rebel-held neighborhoods in eastern Aleppo")."""
        places = [(m.entity, doc.char_span(m.start, m.end, alignment_mode="expand"))
                  for m in doc._.place_mentions or []]  # fmt: skip
        held: dict[str, str] = {}
        for i in sorted(self.holders):
            noun = next((t for t in ancestors(doc[i]) if t.pos_ in ("NOUN", "PROPN") and t.i not in self.holders), None)
            if noun is None:
                continue
            inside = {t.i for t in noun.subtree}
            if noun.head.pos_ == "VERB":  # "bombed rebel-held districts in eastern Aleppo": "in" hangs on the verb
                inside |= {t.i for p in noun.head.children if p.dep_ == "prep" and p.lower_ == "in" for t in p.subtree}
            for entity, span in places:
                if span is not None and span.root.i in inside:
                    held.setdefault(entity, self.actors[i])
        return held

    def holder_of(self, head: Token | None, *, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The actor the document said holds the place at the head of an argument ("strikes on eastern Aleppo")."""
        if head is None:
            return ()
        for m in self.doc._.place_mentions or []:
            if m.start <= head.idx < m.end and self.held.get(m.entity) not in (None, *exclude):
                return (self.held[m.entity],)
        return ()

    def host_of(self, head: Token | None, *, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The country of the place at the head of an argument ("a visit to Moscow" -> Russia)."""
        if head is None or head.i not in self.hosts or self.hosts[head.i] in exclude:
            return ()
        return (self.hosts[head.i],)

    def countries_of(self, head: Token | None, *, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The countries written as places at the head of an argument ("strikes on Syria", "at Russia and
        Turkey"), for targets of hostile acts; not those deeper in it ("on air safety over Syria")."""
        if head is None:
            return ()
        heads = [head, *(c for c in head.children if c.dep_ == "conj")]
        return tuple(dict.fromkeys(self.countries[t.i] for t in heads
                                   if t.i in self.countries and self.countries[t.i] not in exclude))  # fmt: skip

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
        self, head: Token | None, *, exclude: tuple[str, ...] = (), sides: bool = False, holders: bool = False
    ) -> tuple[tuple[str, ...], bool]:
        """Actors named in an argument; a lone pronoun takes its antecedent. Second item: a pronoun was used.
        ``holders``: count the holders of places ("rebel-held"), as targets do."""
        if head is None:
            return (), False
        found = self.named(head, sides=sides, holders=holders)
        if head.lemma_.lower() in ENVOYS:  # "delegations from Ethiopia", the country written as a place
            sent_by = [child(p, "pobj") for p in head.children if p.dep_ == "prep" and p.lower_ == "from"]
            found = tuple(dict.fromkeys((*(a for o in sent_by for a in self.countries_of(o, exclude=exclude)), *found)))
        if found:
            return found, False
        pronoun = next((t for t in self.phrase(head) if t.lower_ in PRONOUNS), None)
        if pronoun is not None:
            antecedent = self.antecedent(pronoun, exclude)
            if antecedent:
                return antecedent, True
        if is_collective(head):
            parties = tuple(a for a in self.parties_in_focus(head) if a not in exclude)
            if parties:
                return parties, True
        return (), False

    def parties_in_focus(self, token: Token, *, sentences: int = 3) -> tuple[str, ...]:
        """ "both sides", "the two parties": the last pair of actors named together ("X and Y", "between X and
        Y") before the token, over a few sentences."""
        first = token.sent.start
        for _ in range(sentences):
            if first > 0:
                first = token.doc[first - 1].sent.start
        for i in range(token.i - 1, first - 1, -1):
            other = token.doc[i]
            if other.dep_ != "conj" or other.head.pos_ not in ("NOUN", "PROPN"):
                continue
            sides = [self._side(other.head), self._side(other)]  # "Sudan's army and the Rapid Support Forces"
            if sides[0] and sides[1] and sides[0] != sides[1]:
                return sides[0], sides[1]
        return ()

    def _side(self, head: Token) -> str | None:
        """The first actor, not a person, named in a conjunct (without its own conjuncts)."""
        tokens = [head, *(t for c in head.children if c.dep_ not in ("conj", "cc") for t in c.subtree)]
        for t in sorted(tokens, key=lambda t: t.i):
            if t.i in self.actors and t.i not in self.people and t.i not in self.holders:
                return self.actors[t.i]
        return None

    def _is_person(self, actor: str) -> bool:
        entry = self.kb.actors.get(actor)
        return actor.startswith("?person") or (entry is not None and entry.kind == "person")

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
            if personal and i not in self.people:
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

    def named(self, head: Token | None, *, sides: bool = False, holders: bool = False) -> tuple[str, ...]:
        """The actors named in the argument headed by ``head``, in text order."""
        if head is None:
            return ()
        tokens = sorted(self.phrase(head, sides=sides), key=lambda t: t.i)
        return tuple(dict.fromkeys(self.actors[t.i] for t in tokens
                                   if t.i in self.actors and (holders or t.i not in self.holders)))  # fmt: skip
