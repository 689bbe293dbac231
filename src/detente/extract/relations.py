"""The ``detente.relations.v1`` component: standing relations stated outright, not as events.

Backing: "US-backed rebels", "an al Qaeda-affiliated group" (a name joined to a participle), "rebels backed by
Turkey", "Backed by Iran, Assad ..." (a passive with a "by" agent, participial or finite). Relation nouns with a
possessor, an "of", an apposition, a predicate or an "as": "Russia's ally Assad", "Hezbollah, an ally of Iran",
"Assad's backers Russia and Iran", "Pakistan is a member of X", "the Nusra Front, the Syrian branch of al-Qaeda",
"Iran sees Assad as a key ally", "Saudi Arabia's rival Iran", "India and Pakistan are rivals"; ties: "groups with
ties to al-Qaeda like X and Y"; mediation (see ``MEDIATING``). ``backs`` and ``mediates`` are directed (source
backs target, or mediates between target and another side); ``ally`` (alliance, affiliation, membership) and
``enemy`` (rivalry) are mutual. The component reads only the actor mentions on the Doc (through
:class:`Arguments`) and writes ``doc._.stated_relations``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from detente.extract.arguments import Arguments
from detente.extract.registry import component
from detente.extract.relation_phrases import PhraseFinder
from detente.extract.relation_tree import Actors, emit, holder, noun_head, own, partners
from detente.extract.tree import agent_of, child, passive_receiver
from detente.kb.loader import KnowledgeBase
from detente.model.event import RelationKind, StatedRelation

if not Doc.has_extension("stated_relations"):
    Doc.set_extension("stated_relations", default=None)

BACKING: dict[str, RelationKind] = {
    "back": "backs", "support": "backs", "sponsor": "backs", "fund": "backs", "arm": "backs", "finance": "backs",
    "equip": "backs", "train": "backs", "ally": "ally", "allied": "ally", "align": "ally", "aligned": "ally",
    "affiliate": "ally", "affiliated": "ally", "link": "ally", "linked": "ally", "aid": "backs", "assist": "backs",
}  # fmt: skip
# noun -> (kind, True when the possessor is the one backed: "Assad's backers")
NOUNS: dict[str, tuple[RelationKind, bool]] = {
    "ally": ("ally", False), "partner": ("ally", False), "backer": ("backs", True), "patron": ("backs", True),
    "sponsor": ("backs", True), "protector": ("backs", True), "proxy": ("backs", False), "client": ("backs", False),
    "enemy": ("enemy", False), "foe": ("enemy", False), "rival": ("enemy", False), "adversary": ("enemy", False),
    "nemesis": ("enemy", False), "arch-enemy": ("enemy", False), "archenemy": ("enemy", False),
    "archrival": ("enemy", False), "arch-rival": ("enemy", False), "member": ("ally", False),
    "branch": ("ally", False), "affiliate": ("ally", False), "offshoot": ("ally", False), "wing": ("ally", False),
    "franchise": ("ally", False),
}  # fmt: skip
TIES = frozenset({"tie", "ties", "link", "links"})
MEDIATING = frozenset({"mediate", "broker", "host", "facilitate"})
"""Verbs of a third party between two sides: "talks between A and B mediated by Q", "Q brokered a deal between A
and B", "Q, which mediates between A and B", "the Q-brokered truce between A and B"."""
MEDIATORS = frozenset({"mediator", "broker", "facilitator", "go-between", "intermediary", "peacemaker"})
TALKS = frozenset({"CONSULT", "AGREE"})
BROKEN = frozenset({"cut", "sever", "break", "suspend", "downgrade", "freeze", "end", "deny", "reject"})


class RelationFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.speech_verbs = kb.lexicon.reporting_verbs | kb.lexicon.claim_verbs

    def __call__(self, doc: Doc) -> Doc:
        args = Arguments(doc, self.kb, self.speech_verbs)  # the actors on the Doc, and the pronoun rules
        found: dict[tuple[str, str, str], StatedRelation] = {}
        phrases = PhraseFinder(self.kb, args)
        for token in doc:
            for relation in (*self._at(args, token), *phrases.at(token)):
                if relation.source != relation.target:
                    found.setdefault((relation.kind, relation.source, relation.target), relation)
        doc._.stated_relations = list(found.values())
        return doc

    def _at(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        lemma = token.lemma_.lower()
        kind = BACKING.get(lemma) or BACKING.get(token.lower_)
        if kind is not None:
            yield from self._backing(args, token, kind)
        if token.pos_ == "NOUN" and lemma in NOUNS:
            yield from self._relation_noun(args, token, *NOUNS[lemma])
        if token.pos_ == "NOUN" and token.lower_ in TIES:
            yield from self._ties(args, token)
        if token.pos_ == "VERB" and lemma in MEDIATING:
            yield from self._mediation(args, token)
        if token.pos_ == "NOUN" and lemma in MEDIATORS:
            yield from self._mediator(args, token)

    def _mediation(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        """The mediator and the two sides it mediates between: Q mediates A, Q mediates B."""
        places = [token, token.head, *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]
        between = next((c for t in places for c in t.children if c.dep_ == "prep" and c.lower_ == "between"), None)
        mediators: Actors = ()
        if token.i >= 2 and token.nbor(-1).text in ("-", "–"):  # "the Qatar-brokered truce"
            alias = self.kb.actor_for(token.doc[token.i - 2].text)
            mediators = (alias[0],) if alias else tuple(filter(None, [args.actors.get(token.i - 2)]))
        elif child(token, "agent") is not None:  # "talks ... mediated by Q"
            mediators = args.actors_of(agent_of(token))[0]
        elif token.dep_ == "relcl":  # "Q, which mediates between A and B"
            mediators = own(args, token.head, appositions=False)
        else:  # "Q mediated between A and B", "Q brokered a deal between A and B"
            mediators = holder(args, token)
        yield from self._mediates(args, token, mediators, between)

    def _forum(self, actor: str) -> bool:
        entry = self.kb.actors.get(actor)
        return entry is not None and entry.forum

    def _mediator(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        """ "Qatar, the mediator, said ...", "the mediator Qatar", "Qatar is the mediator", "Qatar acted as
        mediator between A and B"."""
        appos = child(token, "appos")
        if token.dep_ in ("appos", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
            mediators = own(args, token.head, appositions=False)
        elif token.dep_ == "attr":
            mediators = args.actors_of(child(token.head, "nsubj"))[0]
        elif appos is not None:
            mediators = args.actors_of(appos)[0]
        elif token.i + 1 < len(token.doc) and token.i + 1 in args.actors and token.nbor(1).pos_ == "PROPN":
            mediators = (args.actors[token.i + 1],)
        else:
            mediators = holder(args, token)
        between = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"), None)
        yield from self._mediates(args, token, mediators, between)

    def _mediates(self, args: Arguments, cue: Token, mediators: Actors, between: Token | None
                  ) -> Iterator[StatedRelation]:  # fmt: skip
        """Q mediates each side: the sides named "between A and B", else the parties of the talks or agreement
        coded in this sentence or the one before or after ("Egypt is mediating. Israel and Hamas met ...")."""
        if not mediators:
            return
        if between is not None:
            sides = args.actors_of(child(between, "pobj"))[0]
        else:  # the parties of talks nearby, never a forum that convenes them (the UN, a contact group)
            sides = _parties_near(cue, lambda a: a in mediators or self._forum(a))
        yield from emit("mediates", mediators, tuple(a for a in sides if a not in mediators), cue)

    def _backing(self, args: Arguments, token: Token, kind: RelationKind) -> Iterator[StatedRelation]:
        if token.i >= 2 and token.nbor(-1).text in ("-", "–"):  # "US-backed rebels"
            name = token.doc[token.i - 2]
            # the name itself ("Iran" in "Iran-backed militias", which as a whole may be an actor of its own)
            alias = self.kb.actor_for(name.text)
            backer = alias[0] if alias else args.actors.get(name.i)
            noun = noun_head(token)
            if backer and noun is not None:
                yield from emit(kind, (backer,), tuple(a for a in own(args, noun) if a != backer), token)
        elif token.tag_ == "VBN" and child(token, "agent") is not None:  # "rebels backed by Turkey"
            receiver = passive_receiver(token)
            if receiver is not None:
                backers = args.actors_of(agent_of(token))[0]
                yield from emit(kind, backers, own(args, receiver), token)

    def _relation_noun(
        self, args: Arguments, token: Token, kind: RelationKind, reverse: bool
    ) -> Iterator[StatedRelation]:
        possessor = child(token, "poss")
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = args.actors_of(possessor)[0] if possessor is not None else ()
        if not owner and of is not None:
            owner = partners(args, child(of, "pobj"))
        others: Actors = ()
        for c in token.children:
            if c.dep_ == "appos":
                others += args.actors_of(c)[0]
        if token.dep_ in ("compound", "appos") and token.head.i in args.actors:
            others += own(args, token.head, appositions=False)
        if token.dep_ == "attr":
            others += args.actors_of(child(token.head, "nsubj"))[0]
        after = token.i + 1  # "Saudi Arabia's regional rival Iran": the name right after the noun
        if not others and after < len(token.doc) and after in args.actors and token.doc[after].pos_ == "PROPN":
            others += (args.actors[after],)
        if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX"):
            verb = token.head.head  # "Iran sees Assad as an ally": the subject and the object
            subject = child(verb, "nsubj") or (child(verb.head, "nsubj") if verb.dep_ == "xcomp" else None)
            passive = child(verb, "nsubjpass")  # "Hezbollah is seen as a proxy of Iran": the one seen
            if passive is not None and owner:
                others += args.actors_of(passive)[0]
            else:
                owner = owner or args.actors_of(subject)[0]
                others += args.actors_of(child(verb, "dobj"))[0]
        if owner and others:
            source, target = (others, owner) if reverse else (owner, others)
            yield from emit(kind, source, target, token)
        elif not owner and kind != "backs" and token.tag_ == "NNS" and len(set(others)) >= 2:
            parties = tuple(dict.fromkeys(others))  # "India and Pakistan are rivals", "A and B, bitter rivals"
            for i, first in enumerate(parties[:-1]):
                yield from emit(kind, (first,), parties[i + 1 :], token)

    def _ties(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        """ "groups with ties to al-Qaeda like X", "X has close links with Y"; not "cut ties with Y"."""
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "with")), None)
        partner = args.actors_of(child(prep, "pobj"))[0] if prep is not None else ()
        head = token.head
        if not partner or head.lemma_.lower() in BROKEN:
            return
        if head.dep_ == "prep" and head.lower_ == "with":  # "groups with ties to ... like X", "X, with ties to ..."
            holders = own(args, head.head) + _examples(args, token)
        elif head.pos_ in ("VERB", "AUX"):  # "X has ties to ..."
            holders = args.actors_of(child(head, "nsubj"))[0]
        else:
            holders = ()
        yield from emit("ally", tuple(a for a in holders if a not in partner), partner, token)


def _parties_near(cue: Token, left_out: Callable[[str], bool]) -> Actors:
    """The two or more parties of the talks or agreement coded nearest the cue, in its sentence or the next or
    previous one (the events component's output on the Doc), without those ``left_out`` (the mediators, forums)."""
    doc, sent = cue.doc, cue.sent
    first = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
    last = doc[sent.end].sent.end_char if sent.end < len(doc) else sent.end_char
    nearby = sorted((e for e in doc._.events or [] if e.type in TALKS and first <= e.start < last),
                    key=lambda e: (e.sentence_start != sent.start_char, abs(e.start - cue.idx)))  # fmt: skip
    for event in nearby:
        sides = tuple(dict.fromkeys(a for a in (*event.source, *event.target) if not left_out(a)))
        if len(sides) >= 2 and not event.negated:
            return sides
    return ()


def _examples(args: Arguments, noun: Token) -> Actors:
    """ "ties to al-Qaeda like X and Y": the actors given as examples."""
    tokens = [t for c in noun.children if c.dep_ == "prep" and c.lower_ in ("like", "including") for t in c.subtree]
    return tuple(dict.fromkeys(args.actors[t.i] for t in tokens if t.i in args.actors))


@component("detente.relations.v1", default_config={"kb": []})
def make_relation_finder(nlp: Language, name: str, kb: list[list[str]]) -> RelationFinder:
    from detente.kb import load_kb

    return RelationFinder(load_kb(texts=kb))
