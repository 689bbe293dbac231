"""The ``detente_events`` component: sentences coded into PLOVER events from the dependency parse.

Triggers are verbs and nouns of the event dictionary (``kb/plover.yaml``). For a verb, the source is its subject
(coordination expanded, "by" agents for the passive, the controller's subject or object for "agreed to ..." and
"urged Russia to ..."), the target its object and the objects of the type's prepositions ("strikes on Aleppo",
"met with Lavrov"). A noun is an event of its own when an actor is attached to it ("Russian airstrikes", "a deal
brokered by Russia and Turkey", "a meeting of the ISSG") or a light verb carries it ("launched an offensive",
"the cease-fire took effect"); as the object of another coded verb it is that event's content, not an event.
People count as whom they speak for on the day; "it", "they", "its" take the speaker or the last actor named.
Negation, modality and reporting mark an event negated, hypothetical or claimed instead of dropping it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc, Token

from detente.kb.lexicon import EventLexicon, Trigger
from detente.kb.loader import KnowledgeBase
from detente.model.event import Event
from detente.model.mention import Mention, Precision

DateFrom = Literal["text", "published"]

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)

OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "persuade", "tell", "invite", "order", "force", "allow",
                            "encourage", "push", "help"})  # fmt: skip
PRONOUNS = frozenset({"it", "its", "they", "their", "them", "he", "his", "him", "she", "her", "we", "our"})
ENDED = frozenset({"over", "dead", "void", "finished", "ended"})
NOUN_MODIFIERS = frozenset({"compound", "amod", "nummod", "nmod", "poss"})
PERSONAL = frozenset({"he", "his", "him", "she", "her"})


class EventCoder:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lex: EventLexicon = kb.lexicon
        self.speech_verbs = self.lex.reporting_verbs | self.lex.claim_verbs

    def bind(self, doc: Doc) -> None:
        """Index the document's mentions for the lookups below (the relation finder shares them)."""
        self.doc = doc
        self.actors = self._actor_tokens(doc)
        self.dates = list(doc._.date_mentions or [])
        self.places = list(doc._.place_mentions or [])
        self.triggers: dict[int, Trigger | None] = {}

    # -- the component ---------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self.bind(doc)
        events: list[Event] = []
        for sent in doc.sents:
            found: list[Event] = []
            for token in sent:
                event = self._code(token, events + found)
                if event is None:
                    continue
                twin = next((i for i, e in enumerate(found) if _same(event, e)), None)
                if twin is None:
                    found.append(event)
                elif len(event.target) > len(found[twin].target):  # keep the telling with the target
                    found[twin] = event
            events += found
        doc._.events = events
        return doc

    # -- triggers --------------------------------------------------------------------------------------------
    def _trigger(self, token: Token) -> Trigger | None:
        """The dictionary entry the token triggers, if any (looked up once per token and document)."""
        if token.i not in self.triggers:
            self.triggers[token.i] = self._lookup(token)
        return self.triggers[token.i]

    def _lookup(self, token: Token) -> Trigger | None:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "NOUN" and token.dep_ == "ROOT" and token.tag_ == "VBD"):
            table = self.lex.verbs
        elif token.pos_ in ("NOUN", "PROPN"):
            table = self.lex.nouns
        else:
            return None
        options = table.get(token.lemma_.lower()) or table.get(token.lower_)
        if token.i >= 2 and token.nbor(-1).text == "-":  # "cease-fire", "build-up": split by the tokenizer
            options = table.get(f"{token.nbor(-2).lower_}-{token.lower_}") or options
        if not options:
            return None
        near = {c.lemma_.lower() for c in token.children} | {c.lower_ for c in token.children}
        near |= {g.lemma_.lower() for c in token.children for g in c.children if c.dep_ in ("prep", "dobj")}
        for option in options:
            if all(word in near for word in option.needs):
                return option
        return None

    def _code(self, token: Token, earlier: list[Event]) -> Event | None:
        trigger = self._trigger(token)
        if trigger is None:
            return None
        is_verb = token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")
        if is_verb:
            if _is(token, self.lex.light_verbs) and self._event_object(token) is not None:
                return None  # "agreed a cease-fire": the noun carries it, coded below
            source, target, used_pronoun = self._verb_roles(token)
            anchor = token
            confidence = 0.9
        else:
            found = self._noun_anchor(token)
            if found is None:
                return None
            anchor = found
            source, target, used_pronoun = self._noun_roles(token, anchor)
            if anchor == token and not source and not target:
                return None
            confidence = 0.75
        if not target:
            target = tuple(a for a in self._event_anaphora(token, earlier, is_verb) if a not in source)
            if target:
                confidence -= 0.15
            elif not source:
                return None
        if not source:
            confidence -= 0.2
        if used_pronoun:
            confidence -= 0.1
        target = tuple(t for t in target if t not in source) or (target if trigger.type == "ASSAULT" else ())
        negated, hypothetical, claimed, reporter = self._flags(token, anchor)
        type_ = trigger.type
        if type_ == "RETREAT" and anchor != token and any(c.lower_ in ENDED for c in anchor.children):
            type_, trigger = "SANCTION", Trigger("SANCTION", "discontinue", ())  # "declared the truce over"
        mode = trigger.mode or self._cue_mode(type_, token, anchor)
        place = self._place(token, anchor)
        if type_ == "CONSULT" and mode is None:
            mode = self._consult_mode(source, target, place)
        day, precision, date_from = self._date(token, anchor)
        sent = token.sent
        return Event(type=type_, mode=mode, source=source, target=target, trigger=token.text,
                     start=token.idx, end=token.idx + len(token), sentence_start=sent.start_char,
                     sentence_end=sent.end_char, date=day, date_precision=precision, date_from=date_from,
                     place=place, confidence=round(max(confidence, 0.3), 2), negated=negated,
                     hypothetical=hypothetical, claimed=claimed, reported_by=reporter,
                     score=self.lex.score(type_, mode))  # fmt: skip

    # -- who: actors of phrases ------------------------------------------------------------------------------
    def _actor_tokens(self, doc: Doc) -> dict[int, str]:
        """Token index -> actor id (people rolled up to whom they speak for on the publication date)."""
        day = doc._.published
        out: dict[int, str] = {}
        for m in doc._.actor_mentions or []:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            actor = self._roll_up(m.entity, day)
            for t in span:
                out[t.i] = actor
        return out

    def _roll_up(self, entity: str, day: dt.date | None) -> str:
        entry = self.kb.actors.get(entity)
        if entry is not None and entry.kind == "person":
            link = entry.rolls_up_to(day)
            if link is not None:
                return link.actor
        return entity

    def _phrase(self, head: Token) -> Iterator[Token]:
        """The tokens of an argument: the head's subtree without its own clauses."""
        yield head
        for child in head.children:
            if child.dep_ in ("relcl", "advcl", "ccomp", "parataxis", "pcomp") or (
                child.dep_ in ("xcomp", "acl") and child.pos_ == "VERB" and child.tag_ in ("VB", "VBG", "TO")
            ):
                continue
            yield from self._phrase(child)

    def _actors_of(self, head: Token | None, *, exclude: tuple[str, ...] = ()) -> tuple[tuple[str, ...], bool]:
        """Actors named in an argument; a lone pronoun takes its antecedent. Second item: a pronoun was used."""
        if head is None:
            return (), False
        found = self._named(head)
        if found:
            return found, False
        pronoun = next((t for t in self._phrase(head) if t.lower_ in PRONOUNS), None)
        if pronoun is not None:
            antecedent = self._antecedent(pronoun, exclude)
            if antecedent:
                return antecedent, True
        return (), False

    def _antecedent(self, pronoun: Token, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The speaker of a reported clause, else the actors of the last subject before the pronoun (this or the
        last sentence); "they" takes all of a coordinated subject, "he" only people, ``exclude`` never."""
        plural = pronoun.lower_ in ("they", "their", "them", "we", "our")
        speaker = tuple(a for a in self._speaker(pronoun) if a not in exclude)
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
            subject = next((t for t in _ancestors(token) if t.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "pobj")),
                           None)  # fmt: skip
            if subject is None or (subject.dep_ not in ("nsubj", "nsubjpass", "poss") and not exclude):
                continue
            entry = self.kb.actors.get(actor)
            if personal and (entry is None or entry.kind != "person"):
                continue
            if plural:
                return tuple(a for a in self._actors_of(subject)[0] if a not in exclude) or (actor,)
            return (actor,)
        return ()

    def _speaker(self, token: Token) -> tuple[str, ...]:
        for head in _ancestors(token):
            if head.lemma_.lower() in self.speech_verbs and head != token:
                actors = self._said_by(head)
                if actors:
                    return actors
        return ()

    def _said_by(self, verb: Token) -> tuple[str, ...]:
        """The actors named in a reporting verb's subject (no pronoun resolution: that would ask the speaker)."""
        return self._named(_child(verb, "nsubj"))

    def _named(self, head: Token | None) -> tuple[str, ...]:
        if head is None:
            return ()
        return tuple(dict.fromkeys(self.actors[t.i] for t in sorted(self._phrase(head), key=lambda t: t.i)
                                   if t.i in self.actors))  # fmt: skip

    # -- roles of verbs and nouns ----------------------------------------------------------------------------
    def _verb_roles(self, verb: Token) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        passive = _child(verb, "nsubjpass") is not None or _child(verb, "auxpass") is not None
        pronoun = False
        if passive or verb.dep_ == "acl":
            agent = _child(verb, "agent")
            source, pronoun = self._actors_of(_child(agent, "pobj") if agent is not None else None)
            receiver = _child(verb, "nsubjpass") or (verb.head if verb.dep_ == "acl" else None)
            target, _ = self._actors_of(receiver)
        else:
            source, pronoun = self._subject(verb)
            obj = _child(verb, "dobj")
            # "condemned it": the earlier event, not an actor (see _event_anaphora)
            target = () if obj is not None and obj.lower_ in ("it", "this") else self._actors_of(obj, exclude=source)[0]
        target = target + self._prep_targets(verb, exclude=source)
        obj = _child(verb, "dobj")
        if not target and obj is not None:  # "fired missiles at Russia": the preposition hangs on the object
            target = self._prep_targets(obj, exclude=source, trigger=self._trigger(verb))
        if not target and verb.dep_ != "acl":
            for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
                target += self._actors_of(_child(xcomp, "dobj"), exclude=source)[0]
        if not target:  # "insist that Assad must leave", "said Russia had failed"
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                target += self._actors_of(_child(clause, "nsubj") or _child(clause, "nsubjpass"), exclude=source)[0]
        return source, tuple(dict.fromkeys(target)), pronoun

    def _subject(self, verb: Token) -> tuple[tuple[str, ...], bool]:
        subject = _child(verb, "nsubj")
        if subject is not None:
            return self._actors_of(subject)
        head = verb.head
        if verb.dep_ == "pcomp" and head.head.lemma_.lower() in self.lex.claim_verbs:  # "accused Moscow of bombing"
            return self._actors_of(_child(head.head, "dobj"))
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            controller = _child(head, "dobj") or next(
                (_child(p, "pobj") for p in head.children if p.dep_ == "prep" and p.lower_ in ("on", "upon")), None
            )
            if controller is not None:
                return self._actors_of(controller)
        if verb.dep_ in ("xcomp", "conj", "advcl") and head != verb:
            return self._subject(head) if head.pos_ in ("VERB", "AUX") else self._actors_of(_child(head, "nsubj"))
        return (), False

    def _prep_targets(
        self, head: Token, *, exclude: tuple[str, ...] = (), trigger: Trigger | None = None
    ) -> tuple[str, ...]:
        trigger = trigger or self._trigger(head)
        preps = self.lex.target_preps.get(trigger.type, frozenset()) if trigger else frozenset()
        out: tuple[str, ...] = ()
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                out += self._actors_of(_child(prep, "pobj"), exclude=exclude)[0]
            elif prep.dep_ == "prt" and prep.lower_ in preps:  # "called on Russia": "on" parsed as a particle
                out += self._actors_of(_child(head, "dobj"), exclude=exclude)[0]
        return out

    def _noun_anchor(self, noun: Token) -> Token | None:
        """The token whose clause carries a nominal event: a light verb, or the noun itself; None when the noun
        is the content of another coded event ("condemned the attack")."""
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass") and _is(head, self.lex.light_verbs):
            return head
        if noun.dep_ == "nsubj" and _is(head, self.lex.intransitive_light):
            return head
        for ancestor in _ancestors(noun):
            if ancestor != noun and self._trigger(ancestor) is not None and ancestor.pos_ in ("VERB", "AUX"):
                return None
            if ancestor.dep_ in ("nsubj", "ROOT", "ccomp", "relcl", "advcl"):
                break
        return noun

    def _noun_roles(self, noun: Token, anchor: Token) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
        source: tuple[str, ...] = ()
        for child in noun.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "nummod") and child.i < noun.i:
                source += self._actors_of(child)[0]
            elif (child.dep_ == "prep" and child.lower_ in ("by", "between", "among")) or (
                child.dep_ == "prep"
                and child.lower_ == "of"
                and self._trigger(noun) is not None
                and self._trigger(noun).type in ("CONSULT", "AGREE")  # type: ignore[union-attr]
            ):
                source += self._actors_of(_child(child, "pobj"))[0]
            elif child.dep_ == "acl":
                agent = _child(child, "agent")
                if agent is not None:
                    source += self._actors_of(_child(agent, "pobj"))[0]
        pronoun = False
        if not source and anchor != noun:
            source, pronoun = self._subject(anchor)
        trigger = self._trigger(noun)
        target = self._prep_targets(noun, exclude=source)
        if anchor != noun:
            target += self._prep_targets(anchor, exclude=source, trigger=trigger)
        return tuple(dict.fromkeys(source)), tuple(dict.fromkeys(target)), pronoun

    def _event_object(self, verb: Token) -> Token | None:
        obj = _child(verb, "dobj")
        if obj is not None and self._trigger(obj) is not None:
            return obj
        return None

    def _event_anaphora(self, token: Token, earlier: list[Event], is_verb: bool) -> tuple[str, ...]:
        """ "condemned the attack", "backed the strike", "rejected the offer": the earlier event's source."""
        if not is_verb:
            return ()
        obj = _child(token, "dobj")
        if obj is None:
            return ()
        if obj.lower_ in ("it", "this"):
            wanted = None
            for event in reversed(earlier):  # "Russia condemned the attack ... Iran also condemned it"
                if event.trigger.lower() == token.text.lower() and event.target:
                    return event.target
        else:
            wanted = self.lex.noun_types.get(obj.lemma_.lower())
            if wanted is None and obj.lemma_.lower() not in ("plan", "offer", "proposal", "move", "decision", "step"):
                return ()
        for event in reversed(earlier):
            if event.source and (wanted is None or event.type == wanted or (wanted in ("AGREE", "REQUEST")
                                 and event.type in ("AGREE", "REQUEST", "RETREAT", "CONCEDE"))):  # fmt: skip
                return event.source
        return ()

    # -- how, when, where --------------------------------------------------------------------------------------
    def _flags(self, token: Token, anchor: Token) -> tuple[bool, bool, bool, tuple[str, ...]]:
        lex = self.lex
        negated = any(c.dep_ == "neg" for t in (token, anchor) for c in t.children)
        negated |= any(c.lower_ in ("no", "without") for c in token.children if c.dep_ == "det") or (
            token.dep_ == "pobj" and token.head.lower_ == "without"
        )
        hypothetical = any(c.lower_ in lex.hypothetical_aux for t in (token, anchor) for c in t.children
                           if c.dep_ == "aux")  # fmt: skip
        claimed = False
        reporter: tuple[str, ...] = ()
        for head in _ancestors(anchor):
            if head in (token, anchor):
                continue
            lemma = head.lemma_.lower()
            if lemma in lex.claim_verbs:
                claimed = True
                negated |= lemma == "deny"
            if lemma in self.speech_verbs:
                reporter = reporter or self._said_by(head)
                break  # what a speaker says of it is the speaker's, not the event's mood
            if lemma in lex.hypothetical_heads or any(c.dep_ == "aux" and c.lower_ in lex.hypothetical_aux
                                                      for c in head.children):  # fmt: skip
                hypothetical = True
            if lemma in ("fail", "refuse") or any(c.dep_ == "neg" for c in head.children):
                negated = True
            if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in head.children):
                hypothetical = True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anchor.children):
            hypothetical = True
        if not reporter:
            reporter = self._speaker(anchor)
        return negated, hypothetical, claimed, reporter

    def _cue_mode(self, type_: str, token: Token, anchor: Token) -> str | None:
        cues = self.lex.cues.get(type_)
        if not cues:
            return None
        words: set[str] = set()
        for t in (*token.subtree, *anchor.subtree, *self._subject_tokens(anchor)):
            words |= {t.lemma_.lower(), t.lower_}
        text = " ".join(t.lower_ for t in token.sent)
        for mode, cue_words in cues.items():
            if any((w in text) if " " in w else (w in words) for w in cue_words):
                return mode
        return None

    def _subject_tokens(self, verb: Token) -> list[Token]:
        subject = _child(verb, "nsubj")
        return list(subject.subtree) if subject is not None else []

    def _consult_mode(self, source: tuple[str, ...], target: tuple[str, ...], place: str | None) -> str | None:
        parties = set(source) | set(target)
        if len(parties) >= 3:
            return "multilateral"
        country = self.kb.places[place].country if place in self.kb.places else None
        if country is None:
            return None
        homes = {self._country(p) for p in source}
        if country in {self._country(p) for p in target} and country not in homes:
            return "visit"
        if homes and country not in homes and all(self._country(p) != country for p in target):
            return "third-party"
        return None

    def _country(self, actor: str) -> str | None:
        entry = self.kb.actors.get(actor)
        return entry.country if entry is not None else None

    def _in_clause(self, mentions: list[Mention], token: Token, anchor: Token) -> tuple[list[Mention], list[Mention]]:
        """The mentions of the token's sentence, and those of them inside the trigger's or anchor's clause."""
        scope = {t.i for t in (*token.subtree, *anchor.subtree)}
        sent = token.sent
        inside = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        return inside, [m for m in inside if _token_at(self.doc, m.start) in scope]

    def _place(self, token: Token, anchor: Token) -> str | None:
        inside, scoped = self._in_clause(self.places, token, anchor)
        chosen = scoped or (inside if len(inside) == 1 else [])
        return chosen[0].entity if chosen else None

    def _date(self, token: Token, anchor: Token) -> tuple[dt.date | None, Precision | None, DateFrom | None]:
        # not "the 2015 agreement", but "the Sept. 9 cease-fire"
        dates = [m for m in self.dates if m.value is not None and _dates_event(self.doc, m.start, m.end, token)]
        inside, scoped = self._in_clause(dates, token, anchor)
        # a lone date elsewhere in the sentence dates the event only when it names a day ("lost it in 2012" does not)
        chosen = scoped or (inside if len(inside) == 1 and inside[0].precision == "day" else [])
        if chosen:
            return chosen[0].value, chosen[0].precision, "text"
        published = self.doc._.published
        return (published, "day", "published") if published is not None else (None, None, None)


# -- helpers ------------------------------------------------------------------------------------------------------
def _is(token: Token, lemmas: frozenset[str]) -> bool:
    """The token's lemma is one of these; also tolerates the small model's odd lemmas ("staged" -> "stag")."""
    lower = token.lower_
    return token.lemma_.lower() in lemmas or any(
        lower.endswith(end) and lower[: len(lower) - len(end)] in lemmas for end in ("d", "ed", "s", "es", "ing")
    )


def _child(token: Token | None, dep: str) -> Token | None:
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == dep), None)


def _ancestors(token: Token) -> Iterable[Token]:
    """The token, then its heads up to the sentence root."""
    yield token
    while token.head.i != token.i:
        token = token.head
        yield token


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _dates_event(doc: Doc, start: int, end: int, trigger: Token) -> bool:
    """A date modifying a noun dates the event only when that noun is the event itself."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return span.root.dep_ not in NOUN_MODIFIERS or span.root.head == trigger


def _same(a: Event, b: Event) -> bool:
    """One event told twice in a sentence ("struck ..., killing ..."): same type and source, targets alike."""
    return (a.type, set(a.source)) == (b.type, set(b.source)) and (
        set(a.target) == set(b.target) or not a.target or not b.target
    )


@Language.factory("detente_events", default_config={"kb": []})
def make_event_coder(nlp: Language, name: str, kb: list[list[str]]) -> EventCoder:
    from detente.kb import load_kb

    return EventCoder(load_kb(texts=kb))
