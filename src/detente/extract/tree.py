"""Small helpers over the dependency parse, shared by the components."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token


def is_lemma(token: Token, lemmas: frozenset[str]) -> bool:
    """The token's lemma is one of these; also tolerates the small model's odd lemmas ("staged" -> "stag")."""
    lower = token.lower_
    return token.lemma_.lower() in lemmas or any(
        lower.endswith(end) and lower[: len(lower) - len(end)] in lemmas for end in ("d", "ed", "s", "es", "ing")
    )


def child(token: Token | None, dep: str) -> Token | None:
    """The token's first child with this dependency label, if any."""
    if token is None:
        return None
    return next((c for c in token.children if c.dep_ == dep), None)


def ancestors(token: Token) -> Iterable[Token]:
    """The token, then its heads up to the sentence root."""
    yield token
    while token.head.i != token.i:
        token = token.head
        yield token


def token_at(doc: Doc, char: int) -> int:
    """The index of the token holding a character offset (-1 if none)."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def passive_receiver(verb: Token) -> Token | None:
    """Who undergoes a passive verb: its passive subject ("Assad is backed by Iran"), the noun a participle
    modifies ("rebels backed by Turkey"), or the main clause's subject ("Backed by Iran, Assad ...")."""
    found = child(verb, "nsubjpass")
    if found is not None:
        return found
    if verb.dep_ in ("acl", "amod"):
        return verb.head
    if verb.dep_ == "advcl" and verb.tag_ == "VBN":
        return child(verb.head, "nsubj") or child(verb.head, "nsubjpass")
    return None


def agent_of(verb: Token) -> Token | None:
    """The object of a passive verb's "by" agent ("backed by Iran" -> Iran)."""
    return child(child(verb, "agent"), "pobj")


SMALL_WORDS = frozenset({"a", "an", "the", "and", "or", "of", "in", "on", "to", "for", "at", "by", "with", "as", "from",
                         "vs", "over", "after", "into"})  # fmt: skip


def is_headline(sent: Span) -> bool:
    """A title written in Title Case or capitals ("Sudan, Rebels Open Peace Talks in Doha"): the small model parses
    its words as names, so its events are read from the words, not the tree."""
    words = [t for t in sent if t.is_alpha and t.lower_ not in SMALL_WORDS]
    if len(words) < 3 or sent[-1].text in (".", "!", "\u201d", '"'):
        return False
    return sum(t.text[0].isupper() for t in words) >= 0.85 * len(words)
