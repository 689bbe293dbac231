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

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from detente.extract.arguments import Arguments
from detente.extract.registry import component
from detente.extract.tree import agent_of, child, passive_receiver
from detente.kb.loader import KnowledgeBase
from detente.model.event import RelationKind, StatedRelation

if not Doc.has_extension("stated_relations"):
    Doc.set_extension("stated_relations", default=None)

Actors = tuple[str, ...]
BACKING: dict[str, RelationKind] = {
    "back": "backs", "support": "backs", "sponsor": "backs", "fund": "backs", "arm": "backs", "finance": "backs",
    "equip": "backs", "train": "backs", "ally": "ally", "allied": "ally", "align": "ally", "aligned": "ally",
    "affiliate": "ally", "affiliated": "ally", "link": "ally", "linked": "ally",
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
BROKEN = frozenset({"cut", "sever", "break", "suspend", "downgrade", "freeze", "end", "deny", "reject"})
NAMING = frozenset({"know", "call", "name", "dub", "label"})


class RelationFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.speech_verbs = kb.lexicon.reporting_verbs | kb.lexicon.claim_verbs

    def __call__(self, doc: Doc) -> Doc:
        args = Arguments(doc, self.kb, self.speech_verbs)  # the actors on the Doc, and the pronoun rules
        found: dict[tuple[str, str, str], StatedRelation] = {}
        for token in doc:
            for relation in self._at(args, token):
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

    def _mediation(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        """The mediator and the two sides it mediates between: Q mediates A, Q mediates B."""
        places = [token, token.head, *(c for c in token.children if c.dep_ in ("dobj", "nsubjpass"))]
        between = next((c for t in places for c in t.children if c.dep_ == "prep" and c.lower_ == "between"), None)
        if between is None:
            return
        sides = args.actors_of(child(between, "pobj"))[0]
        mediators: Actors = ()
        if token.i >= 2 and token.nbor(-1).text in ("-", "–"):  # "the Qatar-brokered truce"
            alias = self.kb.actor_for(token.doc[token.i - 2].text)
            mediators = (alias[0],) if alias else tuple(filter(None, [args.actors.get(token.i - 2)]))
        elif child(token, "agent") is not None:  # "talks ... mediated by Q"
            mediators = args.actors_of(agent_of(token))[0]
        elif token.dep_ == "relcl":  # "Q, which mediates between A and B"
            mediators = _own(args, token.head, appositions=False)
        else:  # "Q mediated between A and B", "Q brokered a deal between A and B"
            mediators = args.actors_of(child(token, "nsubj"))[0]
        yield from _emit("mediates", mediators, tuple(a for a in sides if a not in mediators), token)

    def _backing(self, args: Arguments, token: Token, kind: RelationKind) -> Iterator[StatedRelation]:
        if token.i >= 2 and token.nbor(-1).text in ("-", "–"):  # "US-backed rebels"
            name = token.doc[token.i - 2]
            # the name itself ("Iran" in "Iran-backed militias", which as a whole may be an actor of its own)
            alias = self.kb.actor_for(name.text)
            backer = alias[0] if alias else args.actors.get(name.i)
            noun = _noun_head(token)
            if backer and noun is not None:
                yield from _emit(kind, (backer,), tuple(a for a in _own(args, noun) if a != backer), token)
        elif token.tag_ == "VBN" and child(token, "agent") is not None:  # "rebels backed by Turkey"
            receiver = passive_receiver(token)
            if receiver is not None:
                backers = args.actors_of(agent_of(token))[0]
                yield from _emit(kind, backers, _own(args, receiver), token)

    def _relation_noun(
        self, args: Arguments, token: Token, kind: RelationKind, reverse: bool
    ) -> Iterator[StatedRelation]:
        possessor = child(token, "poss")
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = args.actors_of(possessor)[0] if possessor is not None else ()
        if not owner and of is not None:
            owner = args.actors_of(child(of, "pobj"))[0]
        others: Actors = ()
        for c in token.children:
            if c.dep_ == "appos":
                others += args.actors_of(c)[0]
        if token.dep_ in ("compound", "appos") and token.head.i in args.actors:
            others += _own(args, token.head, appositions=False)
        if token.dep_ == "attr":
            others += args.actors_of(child(token.head, "nsubj"))[0]
        after = token.i + 1  # "Saudi Arabia's regional rival Iran": the name right after the noun
        if not others and after < len(token.doc) and after in args.actors and token.doc[after].pos_ == "PROPN":
            others += (args.actors[after],)
        if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX"):
            verb = token.head.head  # "Iran sees Assad as an ally": the subject and the object
            subject = child(verb, "nsubj") or (child(verb.head, "nsubj") if verb.dep_ == "xcomp" else None)
            owner = owner or args.actors_of(subject)[0]
            others += args.actors_of(child(verb, "dobj"))[0]
        if owner and others:
            source, target = (others, owner) if reverse else (owner, others)
            yield from _emit(kind, source, target, token)
        elif not owner and kind != "backs" and token.tag_ == "NNS" and len(set(others)) >= 2:
            parties = tuple(dict.fromkeys(others))  # "India and Pakistan are rivals", "A and B, bitter rivals"
            for i, first in enumerate(parties[:-1]):
                yield from _emit(kind, (first,), parties[i + 1 :], token)

    def _ties(self, args: Arguments, token: Token) -> Iterator[StatedRelation]:
        """ "groups with ties to al-Qaeda like X", "X has close links with Y"; not "cut ties with Y"."""
        prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "with")), None)
        partner = args.actors_of(child(prep, "pobj"))[0] if prep is not None else ()
        head = token.head
        if not partner or head.lemma_.lower() in BROKEN:
            return
        if head.dep_ == "prep" and head.lower_ == "with":  # "groups with ties to ... like X", "X, with ties to ..."
            holders = _own(args, head.head) + _examples(args, token)
        elif head.pos_ in ("VERB", "AUX"):  # "X has ties to ..."
            holders = args.actors_of(child(head, "nsubj"))[0]
        else:
            holders = ()
        yield from _emit("ally", tuple(a for a in holders if a not in partner), partner, token)


def _examples(args: Arguments, noun: Token) -> Actors:
    """ "ties to al-Qaeda like X and Y": the actors given as examples."""
    tokens = [t for c in noun.children if c.dep_ == "prep" and c.lower_ in ("like", "including") for t in c.subtree]
    return tuple(dict.fromkeys(args.actors[t.i] for t in tokens if t.i in args.actors))


def _own(args: Arguments, noun: Token, *, appositions: bool = True) -> Actors:
    """Actors of a noun and its left modifiers, conjuncts and appositions, and the names it is known by ("a group
    known as X", "groups like X and Y"), without its clauses."""
    tokens = [noun, *(t for c in noun.lefts for t in c.subtree)]
    for c in noun.children:
        if c.dep_ == "conj" or (c.dep_ == "appos" and appositions):
            tokens += [c, *(t for g in c.lefts for t in g.subtree)]
        elif c.dep_ == "acl" and c.lemma_.lower() in NAMING:
            tokens += [t for g in c.children if g.dep_ in ("prep", "oprd", "attr") for t in g.subtree]
        elif c.dep_ == "prep" and c.lower_ in ("like", "including"):
            tokens += list(c.subtree)
    ordered = sorted(tokens, key=lambda t: t.i)
    return tuple(dict.fromkeys(args.actors[t.i] for t in ordered if t.i in args.actors and t.i not in args.holders))


def _emit(kind: RelationKind, sources: Actors, targets: Actors, cue: Token) -> Iterator[StatedRelation]:
    sent = cue.sent
    for source in sources:
        for target in targets:
            yield StatedRelation(kind=kind, source=source, target=target, cue=cue.text, start=cue.idx,
                                 end=cue.idx + len(cue), sentence_start=sent.start_char,
                                 sentence_end=sent.end_char)  # fmt: skip


def _noun_head(token: Token) -> Token | None:
    head = token
    while head.dep_ in ("amod", "compound", "advmod", "npadvmod") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("NOUN", "PROPN") else None


@component("detente.relations.v1", default_config={"kb": []})
def make_relation_finder(nlp: Language, name: str, kb: list[list[str]]) -> RelationFinder:
    from detente.kb import load_kb

    return RelationFinder(load_kb(texts=kb))
