"""The parse helpers of the relations component: who a relation word belongs to, and how one is written.

:func:`holder` finds who stands behind a word that states a relation ("at war with", "efforts to defeat",
"anti-ISIS unity"): the subject of its clause, climbing through infinitives, participles, conjoined verbs,
prepositions and objects, with a possessor or a name before a noun on the way ("Iran's efforts", "US efforts"), the
noun a participle or relative clause modifies, or the object of a verb of asking ("urged Turkey to fight X").
:func:`denied` says whether that path passes a negation or a refusal ("does not want", "refused to side with").
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from detente.extract.arguments import Arguments, is_collective
from detente.extract.common import PLACE_NOUNS
from detente.extract.tree import child
from detente.model.event import RelationKind, StatedRelation

Actors = tuple[str, ...]
NAMING = frozenset({"know", "call", "name", "dub", "label"})
REFUSALS = frozenset({"refuse", "decline", "reject", "deny", "oppose", "resist", "abandon", "renounce", "stop",
                      "cease", "quit"})  # fmt: skip
"""Verbs over a relation word that undo it: "refused to side with", "opposed efforts to topple"."""
CLAUSE_EDGES = frozenset({"ccomp", "parataxis"})  # another speaker's clause: the climb stops there
NOUN_TAGS = ("NOUN", "PROPN")  # the parts of speech of a noun (not relations.NOUNS, the relation nouns)
GEOGRAPHY = PLACE_NOUNS | {"frontier", "boundary", "line", "river", "bank", "sea", "valley", "mountain", "road"}
"""Nouns of places, whose modifiers name where, not a party ("the Iraqi border", "the city of Raqqa")."""


def path(token: Token, *, hops: int = 8) -> Iterator[Token]:
    """The token and its heads, up to the first clause of its own (a reported clause, the sentence root)."""
    node = token
    for _ in range(hops):
        yield node
        if node.dep_ in CLAUSE_EDGES or node.head.i == node.i:
            return
        node = node.head


def holder(args: Arguments, token: Token, *, skip: Actors = ()) -> Actors:
    """Who stands behind ``token`` (see the module's docstring); ``skip``: actors that cannot be the holder (the
    relation's other side)."""
    came_from: Token | None = None
    for node in path(token):
        found = _holder_at(args, node, came_from)
        found = tuple(a for a in found if a not in skip)
        if found:
            return found
        if node.pos_ in ("VERB", "AUX") and child(node, "nsubj") is not None:
            return ()  # the clause has a subject that names no actor: nobody we know
        came_from = node
    return ()


def _holder_at(args: Arguments, node: Token, came_from: Token | None) -> Actors:
    if node.pos_ in ("VERB", "AUX"):
        subject = child(node, "nsubj")
        if subject is not None:
            if node.dep_ == "relcl" and subject.tag_ in ("WDT", "WP"):  # "Q, which is at war with Y"
                return own(args, node.head, appositions=False)
            return args.actors_of(subject)[0]
        passive = child(node, "nsubjpass")
        if passive is not None and came_from is not None:  # "Turkey was forced to fight X"
            return args.actors_of(passive)[0]
        if came_from is not None and came_from.dep_ == "xcomp" and child(node, "dobj") is not None:
            return args.actors_of(child(node, "dobj"))[0]  # "urged Turkey to fight X"
        if node.dep_ in ("acl", "relcl") and node.head.pos_ in NOUN_TAGS:
            return own(args, node.head, appositions=False)  # "rebels fighting alongside X"
        return ()
    if node.pos_ in NOUN_TAGS:
        possessor = child(node, "poss")
        if possessor is not None:
            return args.actors_of(possessor)[0]
        return modifiers(args, node)
    return ()


def modifiers(args: Arguments, noun: Token) -> Actors:
    """Actors named before a noun, as a compound or adjective ("US efforts", "Russian support")."""
    tokens = [t for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree]
    return tuple(dict.fromkeys(args.actors[t.i] for t in tokens if t.i in args.actors and t.i not in args.holders))


def denied(token: Token) -> bool:
    """A negation or a refusal on the way from the word to its holder's clause ("does not want X out", "no longer
    at war with", "refused to side with")."""
    for node in path(token):
        if node.pos_ in ("VERB", "AUX", "ADJ") or node is token:
            if any(c.dep_ == "neg" or (c.lower_ == "longer" and c.i > 0 and c.nbor(-1).lower_ == "no")
                   for c in node.children):  # fmt: skip
                return True
            if node is not token and node.lemma_.lower() in REFUSALS:
                return True
        if node.pos_ == "VERB" and (child(node, "nsubj") is not None or node.dep_ == "conj"):
            return False  # the clause's own subject, or a conjoined clause ("denied X and called for Y")
    return False


def own(args: Arguments, noun: Token, *, appositions: bool = True) -> Actors:
    """Actors of a noun and its left modifiers, conjuncts and appositions, and the names it is known by ("a group
    known as X", "groups like X and Y"), without its clauses."""
    tokens = [noun, *(t for c in noun.lefts for t in c.subtree)]
    for c in noun.children:
        if c.dep_ == "conj":  # "A, B and C": conjuncts hang from each other
            tokens += list(_conjunct(c))
        elif c.dep_ == "appos" and appositions:
            tokens += [c, *(t for g in c.lefts for t in g.subtree)]
        elif c.dep_ == "acl" and c.lemma_.lower() in NAMING:
            tokens += [t for g in c.children if g.dep_ in ("prep", "oprd", "attr") for t in g.subtree]
        elif c.dep_ == "prep" and c.lower_ in ("like", "including"):
            tokens += list(c.subtree)
    ordered = sorted(tokens, key=lambda t: t.i)
    return tuple(dict.fromkeys(args.actors[t.i] for t in ordered if t.i in args.actors and t.i not in args.holders))


def _conjunct(token: Token) -> Iterator[Token]:
    """A conjunct with its left modifiers, and the conjuncts hung from it."""
    yield token
    for c in token.children:
        if c.dep_ == "conj":
            yield from _conjunct(c)
        elif c.i < token.i:
            yield from c.subtree


def partners(args: Arguments, pobj: Token | None, *, appositions: bool = True) -> Actors:
    """The actors a preposition's object names, without its own prepositional phrases ("a member of the coalition
    against the Houthis" names the coalition only); a pronoun takes its antecedent. ``appositions``: count "X, Y"
    (False where Y may be where X is: "to isolate Raqqa, Syria")."""
    if pobj is None or pobj.lemma_.lower() in GEOGRAPHY:  # "the Syrian side of the Iraqi border", "the city of X"
        return ()
    named = own(args, pobj, appositions=appositions)
    return named or (args.actors_of(pobj)[0] if pobj.pos_ == "PRON" or is_collective(pobj) else ())


def noun_head(token: Token) -> Token | None:
    """The noun a modifier belongs to ("Iran" in "Iran-backed militias" -> "militias")."""
    head = token
    while head.dep_ in ("amod", "compound", "advmod", "npadvmod", "punct") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in NOUN_TAGS else None


def emit(kind: RelationKind, sources: Actors, targets: Actors, cue: Token) -> Iterator[StatedRelation]:
    sent = cue.sent
    for source in sources:
        for target in targets:
            if source != target:
                yield StatedRelation(kind=kind, source=source, target=target, cue=cue.text, start=cue.idx,
                                     end=cue.idx + len(cue), sentence_start=sent.start_char,
                                     sentence_end=sent.end_char)  # fmt: skip
