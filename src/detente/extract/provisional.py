"""Provisional actors: people, organisations and groups found by NER but missing from the knowledge base.

Their id is made from the name with titles stripped ("General Khalifa Haftar" -> ``?person:khalifa haftar``), so
the same name gives one id in every document of a workspace; within a document a surname alone joins the full
name named before it ("Haftar" -> ``?person:khalifa haftar``; across documents, and across spellings, the conflict
system joins them: :mod:`detente.system.provisional`). Their kind comes from cues, not from NER alone:
a title makes a person; organisation words ("network", "ministry", "front") and plurals are not people, and a name
ending in one ("Brigade", "Forces") is an organisation whatever NER read it as; a lone word of a title ("Defense" in
"Defense Minister") is no actor at all.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from detente.kb.loader import normalise

NER_KINDS = {"PERSON": "person", "ORG": "organisation", "NORP": "group"}
TITLES = frozenset({"president", "prime", "minister", "foreign", "defense", "defence", "interior", "secretary",
                    "general", "gen.", "gen", "lt.", "lieutenant", "colonel", "col.", "major", "maj.", "commander",
                    "captain", "capt.", "admiral", "marshal", "field", "brigadier", "sergeant", "sheikh", "emir",
                    "king", "prince", "crown", "dr.", "dr", "mr.", "mr", "mrs.", "ms.", "sen.", "senator", "rep.",
                    "ambassador", "envoy", "special", "spokesman", "spokeswoman", "spokesperson", "chief", "leader",
                    "deputy", "vice", "state", "ayatollah", "imam", "cleric", "mullah", "warlord",
                    "premier"})  # fmt: skip
CREEDS = frozenset({"islamic", "islamist", "sunni", "shia", "shiite", "shi'ite", "muslim", "christian", "jewish",
                    "alawite", "druze", "salafi", "salafist", "jihadi", "jihadist", "wahhabi", "catholic",
                    "orthodox", "hindu", "buddhist", "secular"})  # fmt: skip
"""Creeds as adjectives: no actor of their own when they describe a noun ("Sunni allies", "Islamic groups")."""
ORGANISATION_WORDS = frozenset({"jihad", "mujahideen", "resistance", "liberation", "brotherhood", "militias",
                                "faction", "mission", "junta", "network", "party", "front", "army", "brigade",
                                "brigades", "council", "ministry", "agency", "news", "media", "group", "movement",
                                "forces", "union", "committee", "company", "corp", "inc", "organisation",
                                "organization", "authority", "battalion", "militia", "coalition", "alliance", "league",
                                "institute", "foundation", "bank", "television", "tv", "radio", "times", "post",
                                "guard", "guards", "corps", "office", "department", "commission", "service",
                                "services", "fund"})  # fmt: skip

BODY_WORDS = frozenset({"forces", "front", "army", "movement", "brigade", "brigades", "militia", "militias", "party",
                        "council", "coalition", "alliance", "battalion", "battalions", "corps", "guard", "guards",
                        "committee", "faction", "mission", "junta"})  # fmt: skip
"""Last words that make any name an organisation's, whatever NER read it as ("the Nafusa Mountain Front")."""


def _as_written(tokens: list[Token]) -> str:
    """The tokens' text with the spaces written between them ("al-Sisi"), a space where a token was left out."""
    parts = []
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        parts.append(token.text)
        if following is not None:
            parts.append(token.whitespace_ if following.i == token.i + 1 else " ")
    return "".join(parts)


class Provisional:
    """Names the unknown actors of one document."""

    def __init__(self) -> None:
        self.by_surname: dict[str, str] = {}  # a surname -> the actor of the full name (provisional or known)

    def actor(self, ent: Span) -> str | None:
        """The provisional id of an NER entity, or None when it is no actor (a bare title word)."""
        kind = NER_KINDS.get(ent.label_)
        if kind is None:
            return None
        tokens = [t for t in ent if t.text not in ("'s", "’s")]
        titled = False
        while tokens and tokens[0].lower_ in TITLES | {"the"}:
            titled |= tokens[0].lower_ != "the"
            tokens = tokens[1:]
        if not tokens or all(t.lower_ in TITLES for t in tokens):
            return None  # "Defense" of "Defense Minister"
        if len(tokens) == 1 and tokens[0].lower_ in CREEDS and tokens[0].dep_ in ("amod", "compound", "nmod"):
            return None  # "radical Islamic groups", "its Sunni allies": a description, not a name
        words = [t.lower_ for t in tokens]
        if any(w in ORGANISATION_WORDS for w in words):
            kind = "organisation" if kind == "person" else kind
        elif titled and kind != "group":
            kind = "person"
        elif kind == "person" and tokens[-1].tag_ in ("NNS", "NNPS") and len(tokens) == 1:
            kind = "group"  # "Kurds" read as a person
        name = normalise(_as_written(tokens))
        if kind != "person":
            return f"?{kind}:{name}"
        if len(tokens) == 1 and name in self.by_surname:
            return self.by_surname[name]
        actor = f"?person:{name}"
        if len(tokens) > 1:
            self.by_surname.setdefault(normalise(tokens[-1].text), actor)
        return actor
