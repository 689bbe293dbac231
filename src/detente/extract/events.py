"""The ``detente.events.v1`` component: sentences coded into PLOVER events from the dependency parse.

Triggers are verbs and nouns of the event dictionary (``kb/plover.yaml``; ``triggers.py``); their source and
target actors come from the parse (``roles.py``, over the actor mentions on the Doc: ``arguments.py``); negation,
modality and reporting mark an event negated, hypothetical or claimed instead of dropping it (``flags.py``);
date, place and mode come from the clause (``circumstances.py``). The events are written to ``doc._.events``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from detente.extract.arguments import Arguments
from detente.extract.circumstances import Circumstances
from detente.extract.flags import flags
from detente.extract.registry import component
from detente.extract.roles import RECIPROCAL, Roles
from detente.extract.tree import is_lemma
from detente.extract.triggers import Triggers
from detente.kb.lexicon import EventLexicon, Trigger
from detente.kb.loader import KnowledgeBase
from detente.model.event import Event

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

ENDED = frozenset({"over", "dead", "void", "finished", "ended"})
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})
# objects that make a verb of violence figurative ("torpedoed the talks", "blew up any possibility of ...")
ABSTRACT = frozenset({"possibility", "chance", "hope", "prospect", "talk", "negotiation", "deal", "agreement",
                      "process", "plan", "idea", "effort", "initiative", "truce", "ceasefire", "cease-fire", "proposal",
                      "record", "momentum", "credibility", "notion", "argument", "case"})  # fmt: skip
SAYING_TOO = frozenset({"CONCEDE"})  # types whose verbs also report speech ("concede that", "admit that")
DECLINABLE = frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
AGREEING = frozenset({"agree", "broker", "reach", "sign", "negotiate", "conclude", "seal", "strike", "ink"})


@dataclass
class _Reading:
    """What the coder knows of one Doc."""

    args: Arguments
    triggers: Triggers
    roles: Roles
    around: Circumstances


class EventCoder:
    def __init__(self, kb: KnowledgeBase, *, triggers: Callable[[EventLexicon], Triggers] = Triggers) -> None:
        self.kb = kb
        self.lex: EventLexicon = kb.lexicon
        self.speech_verbs = self.lex.reporting_verbs | self.lex.claim_verbs
        self.make_triggers = triggers  # the trigger lookup of one Doc (``learned.py`` adds a trained model to it)

    def __call__(self, doc: Doc) -> Doc:
        args = Arguments(doc, self.kb, self.speech_verbs)
        triggers = self.make_triggers(self.lex)
        reading = _Reading(args, triggers, Roles(self.lex, args, triggers), Circumstances(doc, self.kb, self.lex))
        events: list[Event] = []
        for sent in doc.sents:
            found: list[Event] = []
            for token in sent:
                event = self._code(reading, token, events + found)
                if event is None:
                    continue
                twin = next((i for i, e in enumerate(found) if _same(event, e)), None)
                if twin is None:
                    found.append(event)
                elif len(_own_target(event)) > len(_own_target(found[twin])):  # keep the telling with the target
                    found[twin] = event
            events += found
        doc._.events = events
        return doc

    def _code(self, reading: _Reading, token: Token, earlier: list[Event]) -> Event | None:
        trigger = reading.triggers(token)
        if trigger is None:
            return None
        is_verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
        if is_verb:
            if is_lemma(token, self.lex.light_verbs) and reading.triggers.event_object(token) is not None:
                return None  # "agreed a cease-fire": the noun carries it, coded below
            if trigger.type == "ASSAULT" and _figurative(token):
                return None  # "blew up any chance of a deal", "killed the talks": not an attack
            if trigger.type in SAYING_TOO and any(_finite_clause(c) for c in token.children):
                return None  # "conceded that their goal was ...": an admission, said, not a concession
            source, target, used_pronoun = reading.roles.of_verb(token)
            if reading.roles.not_an_act(token, trigger.type, source, target):
                return None  # "the report alleged", "Turkey, which backs the rebels" (see Roles.not_an_act)
            anchor = token
            confidence = 0.9
        else:
            found = reading.triggers.anchor(token)
            if found is None:
                return None
            anchor = found
            source, target, used_pronoun = reading.roles.of_noun(token, anchor)
            if anchor == token and not source and not target:
                return None
            confidence = 0.75
        if not target:
            target = tuple(
                a for a in reading.roles.event_anaphora(token, earlier, is_verb, source=source) if a not in source
            )
            if target:
                confidence -= 0.15
            elif not source:
                return None
        if not source:
            confidence -= 0.2
        if used_pronoun:
            confidence -= 0.1
        type_ = trigger.type
        if type_ == "RETREAT" and anchor != token and is_lemma(anchor, AGREEING):
            type_, trigger = "AGREE", Trigger("AGREE", None, ())  # "brokered a cease-fire", "signed a truce"
        if not target and len(source) >= 2 and (_reciprocal(type_, token) or _each_other(token)):
            target = source[::-1]  # "talks between X and Y", "X and Y agreed": each side the other's target
        else:
            target = tuple(t for t in target if t not in source) or (target if type_ == "ASSAULT" else ())
        how = flags(token, anchor, self.lex, reading.args)
        if how.declined and type_ in DECLINABLE:  # "failed to reach a deal", "declined to sign": a rejection
            type_, trigger, how = "REJECT", Trigger("REJECT", None, ()), replace(how, negated=False)
        if type_ == "RETREAT" and anchor != token and any(c.lower_ in ENDED for c in anchor.children):
            type_, trigger = "SANCTION", Trigger("SANCTION", "discontinue", ())  # "declared the truce over"
        around = reading.around
        mode = trigger.mode or around.cue_mode(type_, token, anchor)
        place = around.place(token, anchor)
        if type_ == "CONSULT" and mode is None:
            mode = around.consult_mode(source, target, place)
        day, precision, date_from = around.date(token, anchor)
        sent = token.sent
        return Event(type=type_, mode=mode, source=source, target=target, trigger=token.text,
                     start=token.idx, end=token.idx + len(token), sentence_start=sent.start_char,
                     sentence_end=sent.end_char, date=day, date_precision=precision, date_from=date_from,
                     place=place, confidence=round(max(confidence, 0.3), 2), negated=how.negated,
                     hypothetical=how.hypothetical, claimed=how.claimed, reported_by=how.reported_by,
                     score=self.lex.score(type_, mode))  # fmt: skip


def _reciprocal(type_: str, token: Token) -> bool:
    """An event whose parties act on each other: talks, agreements, cooperation, and fighting "between" sides."""
    if type_ in MUTUAL_TYPES:
        return True
    between = any(c.dep_ == "prep" and c.lower_ in ("between", "among") for c in token.children)
    return (type_ == "ASSAULT" and between) or token.lemma_.lower() in RECIPROCAL  # "traded blame", "clashed"


def _own_target(event: Event) -> tuple[str, ...]:
    """The target beyond the parties themselves (none for a mutual event: its sides are each other's target)."""
    return () if set(event.target) == set(event.source) else event.target


def _finite_clause(token: Token) -> bool:
    """A clausal complement with its own tense ("conceded that it failed"), not "allowed X to run"."""
    return token.dep_ == "ccomp" and not any(c.tag_ == "TO" for c in token.children)


def _figurative(verb: Token) -> bool:
    """A verb of violence whose object is an abstraction ("blowing up any possibility of a cease-fire")."""
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
    return obj is not None and obj.lemma_.lower() in ABSTRACT


def _each_other(token: Token) -> bool:
    """ "accused each other", "fought one another"."""
    return any(c.lower_ == "other" or (c.lower_ == "another" and c.i > 0 and c.nbor(-1).lower_ == "one")
               for c in token.subtree if c.head == token or c.head.head == token)  # fmt: skip


def _same(a: Event, b: Event) -> bool:
    """One event told twice in a sentence ("struck ..., killing ..."): same type and source, targets alike."""
    ta, tb = _own_target(a), _own_target(b)
    return (a.type, set(a.source)) == (b.type, set(b.source)) and (set(ta) == set(tb) or not ta or not tb)


@component("detente.events.v1", default_config={"kb": []})
def make_event_coder(nlp: Language, name: str, kb: list[list[str]]) -> EventCoder:
    from detente.kb import load_kb

    return EventCoder(load_kb(texts=kb))
