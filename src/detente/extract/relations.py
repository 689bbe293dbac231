"""The ``detente.relations.v1`` component: standing relations stated outright, not as events.

"US-backed rebels", "Iran-allied militias" (compound adjectives); "rebels backed by Turkey" (a participle with a
"by" agent); "Russia's ally Assad", "Hezbollah, an ally of Iran", "Assad's backers Russia and Iran", "Iran's
proxies", "its enemy" (relation nouns with a possessor and an apposition). ``backs`` is directed (source backs
target); ``ally`` and ``enemy`` are mutual.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Token

from detente.extract.arguments import Arguments
from detente.extract.registry import component
from detente.kb.loader import KnowledgeBase
from detente.model.event import RelationKind, StatedRelation

if not Doc.has_extension("stated_relations"):
    Doc.set_extension("stated_relations", default=None)

BACKING = {"back": "backs", "support": "backs", "sponsor": "backs", "fund": "backs", "arm": "backs",
           "finance": "backs", "equip": "backs", "train": "backs", "ally": "ally", "allied": "ally",
           "align": "ally", "aligned": "ally"}  # fmt: skip
# noun -> (kind, True when the possessor is the one backed: "Assad's backers")
NOUNS: dict[str, tuple[RelationKind, bool]] = {
    "ally": ("ally", False), "partner": ("ally", False), "backer": ("backs", True), "patron": ("backs", True),
    "sponsor": ("backs", True), "protector": ("backs", True), "proxy": ("backs", False), "client": ("backs", False),
    "enemy": ("enemy", False), "foe": ("enemy", False), "rival": ("enemy", False), "adversary": ("enemy", False),
    "nemesis": ("enemy", False),
}  # fmt: skip


class RelationFinder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.speech_verbs = kb.lexicon.reporting_verbs | kb.lexicon.claim_verbs

    def __call__(self, doc: Doc) -> Doc:
        self.args = Arguments(doc, self.kb, self.speech_verbs)  # the actors on the Doc, and the pronoun rules
        found: dict[tuple[str, str, str], StatedRelation] = {}
        for token in doc:
            for relation in self._at(token):
                if relation.source != relation.target:
                    found.setdefault((relation.kind, relation.source, relation.target), relation)
        doc._.stated_relations = list(found.values())
        return doc

    def _at(self, token: Token) -> Iterator[StatedRelation]:
        lemma = token.lemma_.lower()
        if lemma in BACKING or token.lower_ in BACKING:
            kind: RelationKind = BACKING.get(lemma) or BACKING[token.lower_]  # type: ignore[assignment]
            if token.i >= 2 and token.nbor(-1).text in ("-", "–"):  # "US-backed rebels"
                name = token.doc[token.i - 2]
                # the name itself ("Iran" in "Iran-backed militias", which as a whole may be an actor of its own)
                alias = self.kb.actor_for(name.text)
                backer = alias[0] if alias else self.args.actors.get(name.i)
                noun = _noun_head(token)
                if backer and noun is not None:
                    targets = tuple(a for a in self._own(noun) if a != backer)
                    yield from self._emit(kind, (backer,), targets, token)
            elif token.dep_ == "acl" and token.tag_ == "VBN":  # "rebels backed by Turkey"
                agent = next((c for c in token.children if c.dep_ == "agent"), None)
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if pobj is not None:
                    yield from self._emit(kind, self.args.actors_of(pobj)[0], self._own(token.head), token)
        if lemma in NOUNS and token.pos_ == "NOUN":
            kind, reverse = NOUNS[lemma]
            possessor = next((c for c in token.children if c.dep_ == "poss"), None)
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            owner = self.args.actors_of(possessor)[0] if possessor is not None else ()
            if not owner and of is not None:
                owner = self.args.actors_of(next((c for c in of.children if c.dep_ == "pobj"), None))[0]
            others: tuple[str, ...] = ()
            for child in token.children:
                if child.dep_ == "appos":
                    others += self.args.actors_of(child)[0]
            if token.dep_ in ("compound", "appos") and token.head.i in self.args.actors:
                others += self._own(token.head)
            if token.dep_ == "attr":
                subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
                others += self.args.actors_of(subject)[0] if subject is not None else ()
            if owner and others:
                source, target = (others, owner) if reverse else (owner, others)
                yield from self._emit(kind, source, target, token)

    def _own(self, noun: Token) -> tuple[str, ...]:
        """Actors of a noun and its left modifiers, without its clauses."""
        tokens = [noun, *(t for c in noun.lefts for t in c.subtree)]
        for child in noun.children:
            if child.dep_ in ("conj", "appos"):
                tokens += [child, *(t for c in child.lefts for t in c.subtree)]
        return tuple(dict.fromkeys(self.args.actors[t.i] for t in sorted(tokens, key=lambda t: t.i)
                                   if t.i in self.args.actors))  # fmt: skip

    @staticmethod
    def _emit(
        kind: RelationKind, sources: tuple[str, ...], targets: tuple[str, ...], cue: Token
    ) -> Iterator[StatedRelation]:
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
