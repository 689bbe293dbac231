"""The built-in knowledge base holds together: every affiliation names a known actor, every country is a state or
a PLOVER code, and no alias is a common word or stands for two actors."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.lang.en.stop_words import STOP_WORDS

from detente.kb import load_kb
from detente.kb.loader import normalise

PLOVER_COUNTRIES = {"IGO", "IMG", "NGO"}
SHARED = {"us-led coalition", "u.s.-led coalition", "american-led coalition"}  # the coalition and its leader


def test_affiliations_and_parents_name_known_actors() -> None:
    kb = load_kb()
    for actor in kb.actors.values():
        for link in actor.affiliation:
            assert link.actor in kb.actors, (actor.id, link.actor)
        assert actor.parent is None or actor.parent in kb.actors, (actor.id, actor.parent)
        if actor.kind in ("organisation", "group"):
            assert actor.country in kb.actors or actor.country in PLOVER_COUNTRIES, (actor.id, actor.country)


def test_no_alias_is_a_common_word_or_shared() -> None:
    kb = load_kb()
    exact = {normalise(a) for a in kb.case_sensitive}  # "US" matches only in capitals, never "us"
    for key, owners in kb.aliases.items():
        assert key in exact or key not in STOP_WORDS, key
        if key not in SHARED:
            assert len({actor for actor, _ in owners}) == 1, (key, owners)


@pytest.mark.parametrize(
    ("alias", "actor"),
    [("Rapid Support Forces", "RSF"), ("Ansar Allah", "HOUTHIS"), ("al-Shabab", "AL_SHABAAB"), ("ISWAP", "ISWAP"),
     ("March 23 Movement", "M23"), ("Tatmadaw", "MMR"), ("FARDC", "COD"), ("Islamic Jihad", "PIJ"),
     ("Pakistani Taliban", "TTP"), ("Libyan National Army", "LNA")],
)  # fmt: skip
def test_parties_of_other_wars_are_known(alias: str, actor: str) -> None:
    assert load_kb().actor_for(alias) is not None
    assert load_kb().actor_for(alias)[0] == actor  # type: ignore[index]


def test_leaders_speak_for_their_party_while_they_lead_it() -> None:
    kb = load_kb()
    assert kb.speaker("DAGALO", date(2023, 6, 1)) == "RSF"
    assert kb.speaker("BURHAN", date(2023, 6, 1)) == "SDN"
    assert kb.speaker("PRIGOZHIN", date(2023, 6, 24)) == "WAGNER"
    assert kb.speaker("BIDEN", date(2024, 1, 1)) == "USA"
    assert kb.actor_for(normalise("Hemedti")) == ("DAGALO", None)
