"""Who did what to whom: the source and target actors of a trigger, from the dependency parse.

For a verb, the source is its subject (coordination expanded, "by" agents for the passive, the controller's
subject or object for "agreed to ..." and "urged Russia to ..."), the target its object and the objects of the
type's prepositions ("strikes on Aleppo", "met with Lavrov"). For a noun, the source is an actor attached to it
("Russian airstrikes", "a deal brokered by Russia and Turkey", "a meeting of the ISSG") or the light verb's
subject; "condemned the attack" takes the earlier event's source as its target.
"""

from __future__ import annotations

from spacy.tokens import Token

from detente.extract.arguments import Arguments
from detente.extract.tree import agent_of, child, is_headline, passive_receiver
from detente.extract.triggers import Triggers
from detente.kb.lexicon import QUAD, EventLexicon, Trigger
from detente.model.event import Event

Actors = tuple[str, ...]
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "press", "persuade", "tell", "invite", "order", "force", "allow",
                            "encourage", "push", "help"})  # fmt: skip
# fighting words whose "with" names the other side ("clashed with Tigrayan fighters")
RECIPROCAL = frozenset({"clash", "fight", "fighting", "battle", "skirmish", "hostility", "war", "firefight",
                        "exchange", "trade", "swap"})  # fmt: skip
SOURCE_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod"})
# words that end the naming of a headline's parties, looking back from its event word
HEADLINE_BREAKS = frozenset({"as", "after", "while", "when", "amid", "despite", "before", "over", ":", "|", "–", "-",
                             "to", "for", "on"})  # fmt: skip
# prepositions that aim an act at a country even where the country is written as a place ("sanctions on Iran")
AIMED = frozenset({"at", "against", "on", "upon"})
GIVING = frozenset({"AID", "SUPPORT"})  # ... and the country given to ("sent food to Fiji")
HOSTILE = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})  # ... and the holder of the place they are aimed at
CONTENT_NOUNS = frozenset({"plan", "offer", "proposal", "move", "decision", "step"})
# nouns whose infinitive says what is planned ("efforts to merge with X", "a plan to arm Y")
PLAN_NOUNS = CONTENT_NOUNS | {"effort", "attempt", "bid", "push", "call", "idea", "initiative", "demand", "request",
                              "pressure"}  # fmt: skip
# things that "say", "promise" or "demand" in news prose without being actors
TEXTS = frozenset({"report", "statement", "letter", "document", "study", "text", "resolution", "draft", "plan",
                   "proposal", "law", "bill", "decree", "declaration", "communique", "memo", "memorandum", "article",
                   "survey", "poll", "move", "decision", "initiative", "roadmap", "framework", "message"})  # fmt: skip
STANCES = frozenset({"REJECT", "SUPPORT", "ACCUSE"})  # types whose target a plan's object is ("opposed plans to arm X")
PLAN_PREPS = frozenset({"with", "to", "against", "on", "into"})


class Roles:
    """Role lookups over one Doc."""

    def __init__(self, lex: EventLexicon, args: Arguments, triggers: Triggers) -> None:
        self.lex = lex
        self.args = args
        self.triggers = triggers

    def of_verb(self, verb: Token) -> tuple[Actors, Actors, bool]:
        """Source, target, and whether a pronoun stood for the source."""
        args = self.args
        passive = child(verb, "nsubjpass") is not None or child(verb, "auxpass") is not None
        pronoun = False
        participle = verb.tag_ == "VBN" and child(verb, "nsubj") is None and child(verb, "aux") is None
        trigger = self.triggers(verb)
        if trigger is not None and "under" in trigger.needs:  # "Israel came under fire from the UN": undergone
            return self.undergone(verb)
        if is_headline(verb.sent) and child(verb, "nsubj") is None and not passive:
            source = self.headline_parties(verb)  # "ETHIOPIA AND ERITREA SIGN PEACE DEAL": the parse is of names
            target = args.actors_of(child(verb, "dobj"), exclude=source, holders=True)[0]
            return source, target + self.prep_targets(verb, exclude=source), False
        if passive or (participle and (verb.dep_ == "acl" or child(verb, "agent") is not None)):
            source, pronoun = args.actors_of(agent_of(verb))
            target, _ = args.actors_of(passive_receiver(verb))
        else:
            source, pronoun = self.subject(verb)
            obj = child(verb, "dobj")
            # "condemned it": the earlier event, not an actor (see event_anaphora)
            target = (
                ()
                if obj is not None and obj.lower_ in ("it", "this")
                else args.actors_of(obj, exclude=source, holders=True)[0]
            )
        target = target + self.prep_targets(verb, exclude=source)
        obj = child(verb, "dobj")
        trigger = self.triggers(verb)
        if not target and trigger is not None and trigger.type in HOSTILE:
            target = self.args.holder_of(obj, exclude=source)  # "struck eastern Aleppo", said earlier rebel-held
        if not target and trigger is not None and trigger.mode == "visit":
            target = self.args.host_of(obj, exclude=source)  # "Kerry visited Moscow": Russia hosts
        if not target and obj is not None:  # "fired missiles at Russia": the preposition hangs on the object
            target = self.prep_targets(obj, exclude=source, trigger=self.triggers(verb))
        if not target and verb.dep_ != "acl":
            for xcomp in (c for c in verb.children if c.dep_ == "xcomp"):
                target += args.actors_of(child(xcomp, "dobj"), exclude=source)[0]
        stance = trigger is not None and trigger.type in STANCES
        if not target and stance and obj is not None and obj.lemma_.lower() in PLAN_NOUNS:
            target = self.plan_targets(obj, exclude=source)  # "resisted efforts to merge with the Front"
        if not target:  # "insist that Assad must leave", "said Russia had failed"
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                target += args.actors_of(child(clause, "nsubj") or child(clause, "nsubjpass"), exclude=source)[0]
        return source, tuple(dict.fromkeys(target)), pronoun

    def undergone(self, verb: Token) -> tuple[Actors, Actors, bool]:
        """ "X came under fire/attack/pressure from Y": Y the source, X the target."""
        under = next(c for c in verb.children if c.lower_ == "under")
        phrases = (verb, child(under, "pobj") or under)
        source: Actors = ()
        for prep in (c for phrase in phrases for c in phrase.children if c.dep_ in ("prep", "agent")):
            if prep.lower_ in ("from", "by"):  # a country read as a place ("pressure from China") too
                obj = child(prep, "pobj")
                source += self.args.actors_of(obj)[0] or self.args.countries_of(obj)
        target, pronoun = self.subject(verb)
        return tuple(dict.fromkeys(source)), tuple(a for a in target if a not in source), pronoun

    def headline_parties(self, token: Token) -> Actors:
        """The actors named before a trigger in a headline, back to the previous event word or clause word
        ("US, Russia Leading Talks", not "Russian Airstrikes Pound Idlib as Turkey Talks Stall")."""
        found: list[str] = []
        for i in range(token.i - 1, token.sent.start - 1, -1):
            other = token.doc[i]
            if other.lower_ in HEADLINE_BREAKS or (self.triggers(other) is not None and i not in self.args.actors):
                break
            if i in self.args.actors and i not in self.args.holders:
                found.insert(0, self.args.actors[i])
        return tuple(dict.fromkeys(found))

    def subject(self, verb: Token) -> tuple[Actors, bool]:
        """The actors of the verb's subject, or of its controller's subject or object."""
        args = self.args
        subject = self.written_subject(verb)
        if subject is not None:
            return args.actors_of(subject)
        head = verb.head
        if verb.dep_ == "pcomp" and head.head.lemma_.lower() in self.lex.claim_verbs:  # "accused Moscow of bombing"
            return args.actors_of(child(head.head, "dobj"))
        if verb.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
            controller = child(head, "dobj") or next(
                (child(p, "pobj") for p in head.children if p.dep_ == "prep" and p.lower_ in ("on", "upon")), None
            )
            if controller is not None:
                return args.actors_of(controller)
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "U.S. efforts to arm the rebels"
            return tuple(dict.fromkeys(a for c in head.children if c.dep_ in SOURCE_MODIFIERS and c.i < head.i
                                       for a in args.actors_of(c)[0])), False  # fmt: skip
        if verb.dep_ in ("xcomp", "conj", "advcl") and head != verb:
            return self.subject(head) if head.pos_ in ("VERB", "AUX") else args.actors_of(child(head, "nsubj"))
        return (), False

    @staticmethod
    def written_subject(verb: Token) -> Token | None:
        """The verb's subject as written; for a relative pronoun, the noun it stands for ("the group that
        attacked", "Norway, which mediates")."""
        subject = child(verb, "nsubj")
        if subject is not None and subject.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            return verb.head
        return subject

    def not_an_act(self, verb: Token, type_: str, source: Actors, target: Actors) -> bool:
        """A verb of the dictionary that codes no event here: a statement or promise of a thing, not an actor ("the
        report alleged", "a truce that promised"); a standing tie told in a relative clause ("Turkey, which backs
        the rebels": a stated relation, see the relations component); fighting alongside someone."""
        if not source and QUAD[type_] in (1, 2, 3) and self.unnamed_doer(verb):
            return True
        if type_ == "SUPPORT" and verb.dep_ == "relcl" and verb.tag_ in ("VBZ", "VBP") and child(verb, "aux") is None:
            return True
        return type_ == "ASSAULT" and not target and any(c.lower_ in ("alongside", "beside") for c in verb.children)

    def unnamed_doer(self, verb: Token) -> bool:
        """The verb's subject is a thing, not an actor ("the report alleged", "a truce that promised"): an event
        noun or a text; the act is no actor's ("the court decided" stays: a body we do not know)."""
        subject = self.written_subject(verb)
        while subject is None and (verb.dep_ == "xcomp" or (verb.dep_ == "conj" and verb.head.dep_ == "xcomp")):
            verb = verb.head  # "a truce that promised to halt ... and provide aid": the truce's
            subject = self.written_subject(verb)
        return (
            subject is not None
            and subject.pos_ == "NOUN"
            and (subject.lemma_.lower() in TEXTS or self.triggers(subject) is not None)
            and not self.args.actors_of(subject)[0]
        )

    def plan_targets(self, noun: Token, *, exclude: Actors = ()) -> Actors:
        """The actors an infinitive after a plan noun acts on: its object, or the objects of its prepositions."""
        out: Actors = ()
        for clause in (c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB"):
            out += self.args.actors_of(child(clause, "dobj"), exclude=exclude, holders=True)[0]
            for prep in (c for c in clause.children if c.dep_ == "prep" and c.lower_ in PLAN_PREPS):
                out += self.args.actors_of(child(prep, "pobj"), exclude=exclude)[0]
        return out

    def prep_targets(self, head: Token, *, exclude: Actors = (), trigger: Trigger | None = None) -> Actors:
        """The actors of the objects of the event type's target prepositions under ``head``."""
        trigger = trigger or self.triggers(head)
        preps = self.lex.target_preps.get(trigger.type, frozenset()) if trigger else frozenset()
        aimed = AIMED | ({"to"} if trigger is not None and trigger.type in GIVING else set())
        if head.lemma_.lower() in RECIPROCAL:
            preps = preps | {"with"}
        hostile = trigger is not None and trigger.type in HOSTILE
        out: Actors = ()
        for prep in head.children:
            if hostile and prep.dep_ == "prep" and prep.lower_ in ("in", "on", "into") and prep.lower_ not in preps:
                out += self.args.holder_of(child(prep, "pobj"), exclude=exclude)  # "an offensive in rebel-held X"
            if prep.dep_ in ("prep", "dative") and prep.lower_ in preps:  # "gave money to Chad": dative
                found = self.args.actors_of(child(prep, "pobj"), exclude=exclude, holders=True)[0]
                if not found and prep.lower_ in aimed:  # "fired missiles at Russia": the country, not the place
                    found = self.args.countries_of(child(prep, "pobj"), exclude=exclude)
                if not found and hostile:
                    found = self.args.holder_of(child(prep, "pobj"), exclude=exclude)  # "shelling of rebel-held X"
                if not found and prep.lower_ == "to" and trigger is not None and trigger.type == "CONSULT":
                    found = self.args.host_of(child(prep, "pobj"), exclude=exclude)  # "a visit to Moscow"
                out += found
            elif prep.dep_ == "prt" and prep.lower_ in preps:  # "called on Russia": "on" parsed as a particle
                out += self.args.actors_of(child(head, "dobj"), exclude=exclude)[0]
        return out

    def of_noun(self, noun: Token, anchor: Token) -> tuple[Actors, Actors, bool]:
        """Source, target, and whether a pronoun stood for the source, of a nominal event."""
        args = self.args
        trigger = self.triggers(noun)
        if is_headline(noun.sent):  # "Sudan, Rebels Open Peace Talks in Doha": the parties are named before
            return self.headline_parties(noun), self.prep_targets(noun, trigger=trigger), False
        place = self.triggers.carrier(noun)  # "a mediation effort between ...", "the start of Russian airstrikes"
        phrases = (noun,) if place == noun else (noun, place)
        source: Actors = ()
        sides: Actors = ()  # "mediation between X and Y": the sides are the mediator's targets
        mediation = trigger is not None and trigger.mode == "third-party"
        for c in (c for phrase in phrases for c in phrase.children if c != noun):
            if c.dep_ in ("amod", "compound", "poss", "nmod", "nummod") and c.i < c.head.i:
                source += args.actors_of(c)[0]
            elif c.dep_ == "prep" and c.lower_ in ("between", "among") and mediation:
                sides += args.actors_of(child(c, "pobj"), sides=True)[0]
            elif (c.dep_ == "prep" and c.lower_ in ("by", "between", "among")) or (
                c.dep_ == "prep" and c.lower_ == "of" and trigger is not None and trigger.type in ("CONSULT", "AGREE")
            ):
                source += args.actors_of(child(c, "pobj"), sides=c.lower_ in ("between", "among"))[0]
            elif c.dep_ == "acl":
                agent = child(c, "agent")
                if agent is not None:
                    source += args.actors_of(child(agent, "pobj"))[0]
        pronoun = False
        if not source and anchor != noun:
            source, pronoun = self.subject(anchor)
        target = sides
        for phrase in phrases:
            target += self.prep_targets(phrase, exclude=source, trigger=trigger)
        if anchor != noun:
            target += self.prep_targets(anchor, exclude=source, trigger=trigger)
            obj = next((c for c in anchor.children if c.dep_ in ("dobj", "dative") and c not in phrases), None)
            if obj is not None:  # "engaged the rebels in a firefight", "gave Jordan millions in aid"
                target += args.actors_of(obj, exclude=source, holders=True)[0]
        if not target:  # "Moscow's complaint that Washington failed ...": the subject of the noun's clause
            for clause in (c for c in noun.children if c.dep_ in ("acl", "ccomp") and _content_clause(noun, c)):
                target += args.actors_of(child(clause, "nsubj") or child(clause, "nsubjpass"), exclude=source)[0]
        return tuple(dict.fromkeys(source)), tuple(dict.fromkeys(target)), pronoun

    def event_anaphora(self, token: Token, earlier: list[Event], is_verb: bool, *, source: Actors = ()) -> Actors:
        """ "condemned the attack", "backed the strike", "rejected the offer": the earlier event's source (not an
        event of the same ``source``: "X, which backs Y, supported the plan" is not about X's own act)."""
        if not is_verb:
            return ()
        obj = child(token, "dobj")
        if obj is None:
            return ()
        if obj.lower_ in ("it", "this"):
            wanted = None
            for event in reversed(earlier):  # "Russia condemned the attack ... Iran also condemned it"
                if event.trigger.lower() == token.text.lower() and event.target:
                    return event.target
        else:
            wanted = self.lex.noun_types.get(obj.lemma_.lower())
            if wanted is None and obj.lemma_.lower() not in CONTENT_NOUNS:
                return ()
        for event in reversed(earlier):
            if not set(event.source) - set(source):
                continue
            promised = wanted in ("AGREE", "REQUEST") and event.type in ("AGREE", "REQUEST", "RETREAT", "CONCEDE")
            if wanted is None or event.type == wanted or promised:
                return event.source
        return ()


def _content_clause(noun: Token, clause: Token) -> bool:
    """ "complaint that Washington failed": a clause saying what the noun is about ("that" as its mark, or right
    after the noun where the parser hung it elsewhere)."""
    return child(clause, "mark") is not None or (noun.i + 1 < len(noun.doc) and noun.nbor(1).lower_ == "that")
