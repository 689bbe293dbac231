"""Event triggers: the dictionary entry (``kb/plover.yaml``) a token triggers, and where a nominal event sits.

A verb or noun triggers an entry when its lemma is in the dictionary and the entry's required words are among
its children. A noun is an event of its own unless it is the content of another coded verb ("condemned the
attack"); a light verb carries it ("launched an offensive", "the cease-fire took effect").
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.tree import ancestors, child, is_lemma
from detente.kb.lexicon import EventLexicon, Trigger


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
        options = table.get(token.lemma_.lower()) or table.get(token.lower_)
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

    def anchor(self, noun: Token) -> Token | None:
        """The token whose clause carries a nominal event: a light verb, or the noun itself; None when the noun
        is the content of another coded event ("condemned the attack")."""
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and is_lemma(head, self.lex.light_verbs):
            return head
        if noun.dep_ == "nsubj" and is_lemma(head, self.lex.intransitive_light):
            return head
        for ancestor in ancestors(noun):
            if ancestor != noun and self(ancestor) is not None and ancestor.pos_ in ("VERB", "AUX"):
                return None
            if ancestor.dep_ in ("nsubj", "ROOT", "ccomp", "relcl", "advcl"):
                break
        return noun

    def event_object(self, verb: Token) -> Token | None:
        """The verb's object when it is an event noun ("agreed a cease-fire")."""
        obj = child(verb, "dobj")
        if obj is not None and self(obj) is not None:
            return obj
        return None


def _temporal(prep: Token) -> bool:
    """A preposition whose object is a date or time ("on Thursday", "in September")."""
    obj = child(prep, "pobj")
    return obj is not None and obj.ent_type_ in ("DATE", "TIME")
