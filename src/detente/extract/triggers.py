"""Event triggers: the dictionary entry (``kb/plover.yaml``) a token triggers, and where a nominal event sits.

A verb or noun triggers an entry when its lemma is in the dictionary and the entry's required words are among
its children. A noun is an event of its own unless it is the content of another coded verb ("condemned the
attack"); a light verb carries it ("launched an offensive", "the cease-fire took effect").
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.tree import ancestors, child, is_lemma
from detente.kb.lexicon import EventLexicon, Trigger

# nouns a nominal event is "of" that only say how far along it is ("the beginning of an offensive", "a wave of
# airstrikes", "a new round of talks")
ASPECT_NOUNS = frozenset({"beginning", "start", "launch", "resumption", "continuation", "escalation", "expansion",
                          "intensification", "renewal", "wave", "series", "round", "spate", "string"})  # fmt: skip
# generic nouns an event noun modifies ("a mediation effort", "a bombing campaign")
GENERIC_HEADS = frozenset({"effort", "mission", "campaign", "operation", "process", "initiative", "drive"})
# nouns of a state of affairs: an event only with parties of their own or a verb that wages them, never with
# these modifiers ("the civil war goes on")
SETTINGS = {"war": frozenset({"civil", "cold", "world"})}
WAGING = frozenset({"wage", "declare", "launch", "start", "begin", "fight", "lead", "escalate", "intensify", "join",
                    "enter"})  # fmt: skip
# objects that make a verb of the dictionary an idiom, not an act on an actor
_STRUGGLES = frozenset({"corruption", "poverty", "disease", "virus", "pandemic", "epidemic", "inflation", "hunger",
                        "fire", "wildfire", "crime", "impunity", "climate", "malaria", "drought", "famine",
                        "unemployment", "misinformation", "disinformation"})  # fmt: skip
IDIOMS = {
    "silence": frozenset({"gun", "weapon", "cannon", "artillery"}),
    "fight": _STRUGGLES, "battle": _STRUGGLES, "combat": _STRUGGLES, "tackle": _STRUGGLES,
    "seize": frozenset({"opportunity", "chance", "initiative", "moment", "momentum", "day"}),
    "capture": frozenset({"imagination", "attention", "mood", "spirit", "essence", "market", "vote", "heart"}),
    "hit": frozenset({"headline", "road", "wall", "snag", "record", "note", "mark", "bottom", "stride", "target"}),
    "strike": frozenset({"balance", "tone", "note", "chord", "pose", "blow"}),
    "beat": frozenset({"expectation", "forecast", "record", "deadline", "odds"}),
    "shoot": frozenset({"video", "film", "footage", "scene"}),
    "target": frozenset({"voter", "audience", "market", "inflation", "reader"}),
    "kill": frozenset({"time", "bill", "momentum"}),
    "break": frozenset({"record", "silence", "news", "ground", "ice"}),
}  # fmt: skip
# what a source declines to do in the formula "declined to comment"
NO_COMMENT = frozenset({"comment", "elaborate", "say", "speak", "confirm", "discuss", "specify", "disclose",
                        "identify", "name", "detail", "give"})  # fmt: skip
# verbs that draw their object into the event named after "in" ("engaged the rebels in a firefight")
ENGAGING = frozenset({"engage", "involve", "embroil"})


class Triggers:
    """Trigger lookups over one Doc (each token looked up once)."""

    def __init__(self, lex: EventLexicon) -> None:
        self.lex = lex
        self.cache: dict[int, Trigger | None] = {}

    def __call__(self, token: Token) -> Trigger | None:
        """The dictionary entry the token triggers, if any."""
        if token.i not in self.cache:
            self.cache[token.i] = self._lookup(token)
        return self.cache[token.i]

    def _lookup(self, token: Token) -> Trigger | None:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT" and token.tag_ == "VBD"):
            table = self.lex.verbs
        elif token.pos_ in ("NOUN", "PROPN"):
            table = self.lex.nouns
        else:
            return None
        if any(c.dep_ == "oprd" for c in token.children):
            return None  # "what the envoy called a painful meeting": naming, not requesting
        if table is self.lex.verbs and _idiom(token):
            return None  # "silence the guns", "fight corruption", "seize the opportunity": no act on anyone
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in NO_COMMENT for c in token.children):
            return None  # "declined to comment", "refused to elaborate": a reporter's formula, not a rejection
        options = table.get(token.lemma_.lower()) or table.get(token.lower_)
        if not options and token.pos_ == "PROPN" and token.lower_.endswith("s"):  # "Talks" in a headline
            options = table.get(token.lower_[:-1])
        if token.i >= 2 and token.nbor(-1).text == "-":  # "cease-fire", "build-up": split by the tokenizer
            options = table.get(f"{token.nbor(-2).lower_}-{token.lower_}") or options
        if not options:
            return None
        # "called on Thursday" is no "call on": a preposition of time is not the pattern's
        children = [c for c in token.children if not (c.dep_ == "prep" and _temporal(c))]
        near = {c.lemma_.lower() for c in children} | {c.lower_ for c in children}
        near |= {g.lemma_.lower() for c in children for g in c.children if c.dep_ in ("prep", "dobj")}
        for option in options:
            if all(word in near for word in option.needs):
                return option
        return None

    def carrier(self, noun: Token) -> Token:
        """The phrase that stands for a nominal event in its clause: the noun itself, the generic noun it
        modifies ("a mediation effort"), or the aspect noun it is "of" ("the beginning of an offensive")."""
        while True:
            head = noun.head
            if noun.dep_ == "compound" and head.lemma_.lower() in GENERIC_HEADS and self(head) is None:
                noun = head
            elif noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ASPECT_NOUNS:
                noun = head.head
            else:
                return noun

    def anchor(self, noun: Token) -> Token | None:
        """The token whose clause carries a nominal event: a light verb, or the noun itself; None when the noun
        is the content of another coded event ("condemned the attack")."""
        place = self.carrier(noun)
        head = place.head
        lemma = noun.lemma_.lower()
        if lemma in SETTINGS and any(c.lower_ in SETTINGS[lemma] for c in noun.children):
            return None  # "the civil war": the setting, not an act of anyone named
        waged = lemma not in SETTINGS or is_lemma(head, WAGING)  # "waged war", not "kept the war going"
        if place.dep_ in ("dobj", "nsubjpass") and is_lemma(head, self.lex.light_verbs) and waged:
            return head
        if place.dep_ == "nsubj" and is_lemma(head, self.lex.intransitive_light):
            return head
        if place.dep_ == "pobj" and head.lower_ in ("in", "into") and is_lemma(head.head, ENGAGING):
            return head.head  # "engaged the rebels in a firefight"
        for ancestor in ancestors(place):
            if ancestor != place and ancestor.pos_ in ("VERB", "AUX"):
                # "condemned the attack": the content of a coded verb; "promised to halt the attacks": not
                return None if self(ancestor) is not None else noun
            if ancestor.dep_ in ("nsubj", "ROOT", "ccomp", "relcl", "advcl"):
                break
        return noun

    def event_object(self, verb: Token) -> Token | None:
        """The verb's object when it is an event noun ("agreed a cease-fire")."""
        obj = child(verb, "dobj")
        if obj is not None and self(obj) is not None:
            return obj
        return None


def _idiom(verb: Token) -> bool:
    """A verb of the dictionary whose object makes it an idiom ("silence the guns", "fight poverty")."""
    objects = IDIOMS.get(verb.lemma_.lower())
    obj = child(verb, "dobj")
    return objects is not None and obj is not None and obj.lemma_.lower() in objects


def _temporal(prep: Token) -> bool:
    """A preposition whose object is a date or time ("on Thursday", "in September")."""
    obj = child(prep, "pobj")
    return obj is not None and obj.ent_type_ in ("DATE", "TIME")
