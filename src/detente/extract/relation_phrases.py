"""Phrasings of standing relations beyond relation nouns and backing participles (read by the relations component).

- prepositional phrases: "sided with", "allied with", "fighting alongside", "on the side of", "turned against",
  "at war with", "the war on", "the campaign against", "hostile to", "at odds with";
- "anti-" and "pro-" before a name: "the anti-ISIS coalition", "pro-government militias", "Russia's push for
  anti-ISIS unity" (the noun's own actors, else whoever stands behind the noun);
- hostile aims: "efforts to defeat X", "vowed to topple X", "to spite X"; demands for a leader's removal: "wants X
  out", "called for X's ouster";
- battlefield idioms: "losing ground to X", "gained ground against X";
- membership of a bloc: "X joined the coalition", "a coalition of A, B and C".

Condemnations and accusations are events, not standing relations, and are left to the event coder. Each finder
yields :class:`StatedRelation` with the word that states it as its cue; negations and refusals on the way to the
relation's holder ("refused to side with", "does not want X out") yield nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from detente.extract.arguments import Arguments
from detente.extract.relation_tree import NOUN_TAGS, Actors, denied, emit, holder, noun_head, own, partners
from detente.extract.tree import child
from detente.kb.loader import KnowledgeBase
from detente.model.event import RelationKind, StatedRelation

ALLIED = frozenset({"side", "ally", "allied", "align", "aligned", "affiliate", "affiliated", "partner", "team"})
HOSTILE_NOUNS = frozenset({"war", "warfare", "conflict", "hostility", "hostilities", "enmity", "animosity",
                           "struggle", "fight", "battle", "campaign", "offensive", "insurgency", "rivalry",
                           "crackdown", "turn", "side", "rise", "rebel", "revolt", "unite", "ally", "coalition",
                           "alliance", "front", "axis", "bloc", "defense", "defence", "defenses", "defences",
                           "strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid", "raids",
                           "operation", "operations", "weapon", "weapons", "use", "fighting"})  # fmt: skip
PHRASES: dict[tuple[str, str], RelationKind] = {
    **{(word, "with"): "ally" for word in ALLIED},
    **{(word, "with"): "enemy" for word in ("war", "conflict", "hostilities", "odds", "rivalry", "feud")},
    **{(word, prep): "backs" for word in ("support", "backing", "aid", "assistance", "funding", "sponsorship")
       for prep in ("for",)},  # not "of": "with the support of X" is X's support
    ("stand", "by"): "ally", ("stand", "with"): "ally", ("shoulder", "with"): "ally", ("contributor", "to"): "ally",
    **{(word, "to"): "ally" for word in ("allied", "aligned", "linked", "loyal")},
    **{(word, "to"): "enemy" for word in ("hostile", "opposed")},
    **{(word, "against"): "enemy" for word in HOSTILE_NOUNS},
    **{(word, "on"): "enemy" for word in ("war", "turn", "crackdown")},
    **{(word, prep): "enemy" for word in ("hostile", "hostility", "enmity", "animosity")
       for prep in ("toward", "towards")},
}  # fmt: skip
"""(word, preposition) -> kind: "sided with", "at war with", "the campaign against", "turned on", "hostile to"."""
PREPOSITIONS = frozenset(prep for _, prep in PHRASES)
HOSTILE_AIMS = frozenset({"defeat", "destroy", "topple", "oust", "overthrow", "unseat", "depose", "crush",
                          "eliminate", "eradicate", "annihilate", "spite", "counter", "contain", "weaken",
                          "undermine", "isolate", "dislodge", "expel", "fight", "combat", "confront", "punish",
                          "deter", "encircle", "besiege", "strangle"})  # fmt: skip
REMOVALS = frozenset({"ouster", "removal", "overthrow", "downfall", "departure", "exit", "resignation", "fall",
                      "toppling", "ousting", "demise"})  # fmt: skip
WANTING = frozenset({"want", "demand", "seek", "call", "push", "press", "insist", "urge", "favor", "favour",
                     "advocate", "work", "need", "wish", "hope", "plot", "campaign", "back"})  # fmt: skip
OUT_WORDS = frozenset({"out", "gone", "removed", "ousted", "toppled", "deposed", "overthrown"})
LEAVING = frozenset({"go", "leave", "step", "quit", "resign", "fall"})
GROUND = frozenset({"ground", "territory", "terrain", "control", "town", "towns", "city", "cities", "village",
                    "villages", "area", "areas", "land", "positions", "position", "district", "districts"})  # fmt: skip
GROUND_VERBS: dict[str, tuple[str, ...]] = {
    "lose": ("to",), "cede": ("to",), "surrender": ("to",), "gain": ("against", "on", "from"), "take": ("from",),
    "seize": ("from",), "wrest": ("from",), "retake": ("from",), "recapture": ("from",),
}  # fmt: skip
"""Verbs of ground lost to or won from a foe, and the preposition that names the foe."""
BLOCS = frozenset({"coalition", "alliance", "bloc", "axis", "pact", "league", "front", "union", "partnership"})


class PhraseFinder:
    """The finders of this module over one Doc's actors."""

    def __init__(self, kb: KnowledgeBase, args: Arguments) -> None:
        self.kb = kb
        self.args = args
        self.leaders = _people(args)  # token -> the person named, before roll-up to whom they speak for

    def removed(self, head: Token | None) -> Actors:
        """Whom a demand for removal is aimed at: the people named, as themselves (the leader, not the government
        they speak for), else the actors named."""
        if head is None:
            return ()
        people = tuple(dict.fromkeys(self.leaders[t.i] for t in head.subtree if t.i in self.leaders))
        return people or partners(self.args, head)

    def at(self, token: Token) -> Iterator[StatedRelation]:
        lower, lemma = token.lower_, token.lemma_.lower()
        if token.dep_ == "prep" and lower in PREPOSITIONS:
            yield from self.prepositional(token)
        if lower == "alongside" or (lemma == "side" and token.head.lower_ == "on"):
            yield from self.alongside(token)
        if lower in ("anti", "pro") and token.i + 2 < len(token.doc) and token.nbor(1).text in ("-", "–"):
            yield from self.anti_pro(token)
        if token.pos_ == "VERB" and lemma in HOSTILE_AIMS and _aimed(token):
            yield from self.hostile_aim(token)
        if token.pos_ == "NOUN" and lemma in REMOVALS:
            yield from self.removal(token)
        if token.pos_ in ("VERB", "AUX") and lemma in ("want", "need", "prefer", "wish"):
            yield from self.wanted_out(token)
        if token.pos_ == "NOUN" and lower in GROUND and token.dep_ == "dobj":
            yield from self.ground(token)
        if token.pos_ == "VERB" and lemma == "join":
            yield from self.joined(token)
        if token.pos_ in ("NOUN", "PROPN") and lower in BLOCS:
            yield from self.bloc_of(token)
        if lemma == "part" and token.pos_ == "NOUN":
            yield from self.part_of(token)

    def prepositional(self, prep: Token) -> Iterator[StatedRelation]:
        """ "X sided with Y", "X is at war with Y", "the war on Y", "X turned against Y", "hostile to Y"."""
        head = prep.head
        kind = PHRASES.get((head.lower_, prep.lower_)) or PHRASES.get((head.lemma_.lower(), prep.lower_))
        if kind is None and head.pos_ in ("AUX", "VERB"):  # "is at war with Y" parsed with "with" under "is"
            nouns = [child(c, "pobj") for c in head.children if c.dep_ == "prep" and c.lower_ in ("at", "in")]
            kind = next((PHRASES[(n.lower_, prep.lower_)] for n in nouns
                         if n is not None and (n.lower_, prep.lower_) in PHRASES), None)  # fmt: skip
        others = partners(self.args, child(prep, "pobj"))
        if kind is None or not others or denied(head):
            return
        owners = tuple(a for a in own(self.args, head) if a not in others) if head.pos_ in NOUN_TAGS else ()
        yield from emit(kind, owners or holder(self.args, head, skip=others), others, prep)

    def alongside(self, token: Token) -> Iterator[StatedRelation]:
        """ "X fought alongside Y", "X is on the side of Y", "on Y's side"."""
        if token.lower_ == "alongside":
            others, head = partners(self.args, child(token, "pobj")), token.head
        else:
            of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            possessor = child(token, "poss")
            others = partners(self.args, child(of, "pobj")) if of is not None else ()
            others = others or (self.args.actors_of(possessor)[0] if possessor is not None else ())
            head = token.head.head  # the verb or noun "on" hangs from
        if others and not denied(head):
            yield from emit("ally", holder(self.args, head, skip=others), others, token)

    def anti_pro(self, token: Token) -> Iterator[StatedRelation]:
        """ "anti-ISIS coalition" (the coalition against ISIS), "pro-Assad militias", "a push for anti-X unity"."""
        name = token.doc[token.i + 2]
        alias = self.kb.actor_for(name.text)
        noun = noun_head(name)
        target = alias[0] if alias else self.args.actors.get(name.i)
        if target is None or noun is None or (not alias and self.args.actors.get(noun.i) == target):
            return
        kind: RelationKind = "enemy" if token.lower_ == "anti" else "ally"
        named = self.args.actors.get(name.i)  # "Assad" in "pro-Assad militias" is not the militias' own name
        named = None if named == self.args.actors.get(noun.i) else named  # unless it names "the anti-X coalition"
        sides = tuple(a for a in own(self.args, noun, appositions=False) if a not in (target, named))
        sides = sides or holder(self.args, noun, skip=(target, named or target))
        if not denied(noun):
            yield from emit(kind, sides, (target,), token)

    def hostile_aim(self, verb: Token) -> Iterator[StatedRelation]:
        """ "efforts to defeat X", "X vowed to topple Y", "to spite Y": an aim against an actor."""
        targets = partners(self.args, child(verb, "dobj"), appositions=False)
        if not targets or denied(verb):
            return
        holders = holder(self.args, verb, skip=targets)
        yield from emit("enemy", holders, targets, verb)
        for i, first in enumerate(holders[:-1]):  # "A and B vowed to defeat X": A and B on one side
            yield from emit("ally", (first,), holders[i + 1 :], verb)

    def removal(self, noun: Token) -> Iterator[StatedRelation]:
        """ "X called for Y's ouster", "X demanded the removal of Y"."""
        possessor = child(noun, "poss")
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        targets = self.removed(possessor) or self.removed(child(of, "pobj") if of is not None else None)
        wanting = next((h for h in _heads(noun) if h.pos_ == "VERB" and h.lemma_.lower() in WANTING), None)
        if targets and wanting is not None and not denied(noun):
            yield from emit("enemy", holder(self.args, wanting, skip=targets), targets, noun)

    def wanted_out(self, verb: Token) -> Iterator[StatedRelation]:
        """ "X wants Y out", "X wants Y gone", "X wants Y to go"."""
        clause = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "dobj", "oprd", "prt", "advmod", "prep")]
        words = [*clause, *(g for c in clause for g in c.children)]
        if not any(w.lower_ in OUT_WORDS or (w.pos_ == "VERB" and w.lemma_.lower() in LEAVING) for w in words):
            return
        # the one wanted gone: the object, the subject of "to go", or a name the parse hung on "out"
        subjects: list[Token | None] = [c for c in clause if c.dep_ in ("dobj", "prt", "advmod", "oprd")]
        subjects += [child(c, "nsubj") for c in clause if c.dep_ in ("ccomp", "xcomp")]
        targets = tuple(dict.fromkeys(a for s in subjects for a in self.removed(s)))
        if targets and not denied(verb):
            yield from emit("enemy", holder(self.args, verb, skip=targets), targets, verb)

    def ground(self, noun: Token) -> Iterator[StatedRelation]:
        """ "X is losing ground to Y", "X ceded territory to Y", "X gained ground against Y"."""
        verb = noun.head
        lemma = verb.lemma_.lower()
        preps = GROUND_VERBS.get(lemma, ())
        prep = next((c for c in [*verb.children, *noun.children] if c.dep_ == "prep" and c.lower_ in preps), None)
        others = partners(self.args, child(prep, "pobj")) if prep is not None else ()
        if others and not denied(verb):
            yield from emit("enemy", holder(self.args, verb, skip=others), others, verb)

    def joined(self, verb: Token) -> Iterator[StatedRelation]:
        """ "X joined the coalition against Y": X is a member of the coalition."""
        obj = child(verb, "dobj")
        if obj is None or obj.lemma_.lower() not in BLOCS | {"force", "forces", "ranks"}:
            return
        blocs = own(self.args, obj, appositions=False)
        if obj.lower_ in ("forces", "ranks"):  # "joined forces with Y", "joined the ranks of Y"
            prep = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ in ("with", "of")), None)
            blocs = partners(self.args, child(prep, "pobj")) if prep is not None else ()
            prep = prep or next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None)
            blocs = blocs or (partners(self.args, child(prep, "pobj")) if prep is not None else ())
        if blocs and not denied(verb):
            yield from emit("ally", holder(self.args, verb, skip=blocs), blocs, verb)

    def part_of(self, noun: Token) -> Iterator[StatedRelation]:
        """ "X is part of the coalition", "X, working as part of the alliance": X is a member of the bloc."""
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        bloc = child(of, "pobj") if of is not None else None
        if bloc is None or bloc.lemma_.lower() not in BLOCS:
            return
        blocs = partners(self.args, bloc)
        if blocs and not denied(noun):
            yield from emit("ally", holder(self.args, noun, skip=blocs), blocs, noun)

    def bloc_of(self, noun: Token) -> Iterator[StatedRelation]:
        """ "a coalition of Saudi Arabia, the UAE and Egypt": the members are allies, and members of the bloc."""
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        members = partners(self.args, child(of, "pobj")) if of is not None else ()
        if len(members) < 2:
            return
        bloc = tuple(a for a in own(self.args, noun, appositions=False) if a not in members)
        yield from emit("ally", members, bloc, noun)
        for i, first in enumerate(members[:-1]):
            yield from emit("ally", (first,), members[i + 1 :], noun)


def _people(args: Arguments) -> dict[int, str]:
    out: dict[int, str] = {}
    for mention in args.doc._.actor_mentions or []:
        if mention.entity.startswith("?person") or args.kb.is_person(mention.entity):
            span = args.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            out.update({t.i: mention.entity for t in span or ()})
    return out


def _aimed(verb: Token) -> bool:
    """An infinitive of aim or intent ("to defeat", "vowed to crush", "help defeat"), not a finite or modal act
    ("defeated", "will defeat": an event's business)."""
    if verb.dep_ == "ROOT" or any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        return False
    to = any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)
    return to or (verb.tag_ == "VB" and verb.dep_ in ("xcomp", "advcl", "acl"))


def _heads(token: Token, hops: int = 4) -> Iterator[Token]:
    node = token
    for _ in range(hops):
        if node.head.i == node.i:
            return
        node = node.head
        yield node


__all__ = ["Actors", "PhraseFinder"]
