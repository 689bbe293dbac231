"""How sure an event is: negated ("did not attack", "denied", "failed to"), hypothetical ("would", "if",
"threatened to"), claimed ("accused ... of"), and who reports it ("Russia said ...").

An event so marked is kept with its flags, not dropped: what happened is decided once, by ``Event.happened``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from detente.extract.arguments import Arguments
from detente.extract.tree import ancestors
from detente.kb.lexicon import EventLexicon


@dataclass(frozen=True)
class Flags:
    negated: bool
    hypothetical: bool
    claimed: bool
    reported_by: tuple[str, ...]
    declined: bool = False  # "failed to reach a deal", "declined to sign": not done, by choice


def flags(token: Token, anchor: Token, lex: EventLexicon, args: Arguments) -> Flags:
    """The flags of the event triggered by ``token`` in the clause of ``anchor``."""
    negated = any(c.dep_ == "neg" or _no_longer(c) for t in (token, anchor) for c in t.children)
    declined = False
    negated |= any(c.lower_ in ("no", "without") for c in token.children if c.dep_ == "det") or (
        token.dep_ == "pobj" and token.head.lower_ == "without"
    )
    hypothetical = any(c.lower_ in lex.hypothetical_aux for t in (token, anchor) for c in t.children
                       if c.dep_ == "aux")  # fmt: skip
    claimed = False
    reporter: tuple[str, ...] = ()
    below = anchor
    negatable = True  # a "not" higher up reaches the event (not through a noun or a contrasting conjunct)
    for head in ancestors(anchor):
        if head in (token, anchor):
            continue
        if _presupposed(token, anchor, head, lex):
            break  # "promised to halt the regime's attacks": the attacks go on; the halting is what is promised
        if below.dep_ == "advcl" and below.tag_ in ("VBN", "VBG"):
            break  # "Backed by Iran, Assad pressed on": a participial clause is not under the main verb's mood
        if below.dep_ == "relcl" or (below.dep_ == "acl" and below.tag_ in ("VBN", "VBD")):
            break  # "the truce Russia brokered promised ...", "the deal signed in May": what the noun was, as fact
        coordinated = below.dep_ == "conj"  # "agreed to talk, but accused": a second act, not the first's content
        complement = below.dep_ == "xcomp"  # "failed to agree", not "efforts to agree failed"
        # "it did not take long for the breakdown in talks ...", "not regime change, but to negotiate ..."
        negatable &= not (below.pos_ in ("NOUN", "PROPN") and below not in (token, anchor)) and not (
            coordinated and not any(c.lower_ in ("or", "nor") for c in head.children if c.dep_ == "cc")
        )
        below = head
        lemma = "" if coordinated else head.lemma_.lower()
        if lemma in lex.claim_verbs:
            claimed = True
            negated |= lemma == "deny"
        if lemma in args.speech_verbs:
            reporter = reporter or args.said_by(head)
            break  # what a speaker says of it is the speaker's, not the event's mood
        if lemma in lex.hypothetical_heads or any(c.dep_ == "aux" and c.lower_ in lex.hypothetical_aux
                                                  for c in head.children):  # fmt: skip
            hypothetical = True
        if lemma in ("fail", "refuse", "decline") or (negatable and any(c.dep_ == "neg" for c in head.children)):
            negated = True
            declined |= complement and lemma in ("fail", "refuse", "decline")
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in head.children):
            hypothetical = True
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in anchor.children):
        hypothetical = True
    if not reporter:
        reporter = args.speaker(anchor)
    return Flags(negated, hypothetical, claimed, reporter, declined)


def _presupposed(token: Token, anchor: Token, head: Token, lex: EventLexicon) -> bool:
    """A nominal event that is the object of a verb of another kind ("halt the attacks", "blamed the strike on")
    is taken as given: that verb's mood and negation are not the event's."""
    return (
        anchor == token
        and token.dep_ in ("dobj", "pobj")
        and head.pos_ == "VERB"
        and head in (token.head, token.head.head)
        and head.lemma_.lower() not in lex.hypothetical_heads
        and head.lemma_.lower() not in lex.light_verbs
    )


def _no_longer(token: Token) -> bool:
    """ "no longer", "not any longer": the act has stopped."""
    return token.lower_ == "longer" and any(c.dep_ == "neg" or c.lower_ in ("no", "not") for c in token.children)
