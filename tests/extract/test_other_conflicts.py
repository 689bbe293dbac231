"""Actors in wire reports about wars other than Syria's: their parties from the knowledge base, a state's bodies
("the U.S. Treasury"), "the army" read as the country reported on, unknown organisations as event parties, and a
surname joining the full name given earlier. The sentences are the developers' own."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from detente.model.mention import Mention


def actors(mentions: list[Mention]) -> dict[str, str]:
    return {m.text: m.entity for m in mentions if m.kind == "actor"}


def events(doc: Doc) -> set[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return {(e.type, tuple(e.source), tuple(e.target)) for e in doc._.events}


def test_parties_of_several_wars_are_known(analyse: Callable[..., list[Mention]]) -> None:
    found = actors(analyse(
        "Houthi rebels fired a missile at a tanker. Al-Shabab fighters stormed a base held by ATMIS troops. "
        "The M23 advanced on Goma as the FARDC withdrew. The Taliban met envoys of the Pakistani Taliban. "
        "The Arakan Army seized a town from the Tatmadaw, and the ELN freed two hostages."
    ))  # fmt: skip
    assert found["Houthi rebels"] == "HOUTHIS"
    assert found["Al-Shabab"] == "AL_SHABAAB"
    assert found["M23"] == "M23" and found["FARDC"] == "COD"
    assert found["Taliban"] == "TALIBAN" and found["Pakistani Taliban"] == "TTP"
    assert found["Arakan Army"] == "ARAKAN_ARMY" and found["Tatmadaw"] == "MMR" and found["ELN"] == "ELN"


def test_a_body_of_a_state_speaks_for_it(code: Callable[..., Doc]) -> None:
    assert ("SANCTION", ("USA",), ()) in {(t, s, ()) for t, s, _ in events(code(
        "The U.S. Treasury imposed sanctions on three militia leaders on Friday."))}  # fmt: skip
    doc = code("The Nigerian Army said it killed 20 insurgents in Borno.")
    assert {m.entity: m.sector for m in doc._.actor_mentions}.get("NGA") == "MIL"


def test_the_army_is_the_army_of_the_country_reported_on(analyse: Callable[..., list[Mention]]) -> None:
    text = ("ADDIS ABABA, March 2 (Wire) - Fighting spread across the Amhara region of Ethiopia on Monday. The army "
            "said it had retaken two towns near Gondar, and residents of Bahir Dar fled south.")  # fmt: skip
    found = [m for m in analyse(text) if m.kind == "actor" and m.text.lower() == "the army"]
    assert [(m.entity, m.sector) for m in found] == [("ETH", "MIL")]
    syria = "Fighting raged in Syria. Homs and Aleppo were shelled as the army pushed north from Damascus in Syria."
    assert [m.entity for m in analyse(syria) if m.text == "the army"] == ["SYR"]


def test_an_unknown_organisation_acts_after_a_dateline(code: Callable[..., Doc]) -> None:
    doc = code("JUBA, June 4 (Wire) - The Sudan People's Defence Brigade shelled a camp on Tuesday, officials said.")
    found = events(doc)
    assert any(t == "ASSAULT" and s and s[0].startswith("?organisation:") for t, s, _ in found), found


def test_organisation_words_and_fighters_make_groups_not_people(analyse: Callable[..., list[Mention]]) -> None:
    found = actors(analyse(
        "Zawiya Martyrs Brigade fighters clashed with the Nafusa Mountain Front near the coast, a witness said."
    ))  # fmt: skip
    assert all(not entity.startswith("?person:") for entity in found.values()), found


def test_a_surname_joins_the_full_name_as_the_source(code: Callable[..., Doc]) -> None:
    doc = code("Colonel Bakary Sangare Doumbia, a militia commander, denied the charges on Monday. Doumbia later "
               "met officials from Ghana in Accra.")  # fmt: skip
    people = {m.text: m.entity for m in doc._.actor_mentions if m.entity.startswith("?person:")}
    assert people.get("Doumbia") == people.get("Bakary Sangare Doumbia") == "?person:bakary sangare doumbia"
    assert any(t == "CONSULT" and "?person:bakary sangare doumbia" in s for t, s, _ in events(doc)), events(doc)


def test_a_known_leader_speaks_for_the_party_by_surname(code: Callable[..., Doc]) -> None:
    doc = code("Mohamed Hamdan Dagalo rejected the talks in Jeddah. Dagalo later met Egyptian officials.",
               published=None)  # fmt: skip
    assert ("CONSULT", ("RSF",), ("EGY",)) in events(doc)


def test_the_rebels_are_the_group_of_the_country_named_before(analyse: Callable[..., list[Mention]]) -> None:
    text = ("GOMA, Feb 2 (Wire) - M23 rebels took the town of Sake in Congo after clashes near Goma. Kinshasa "
            "accused Rwanda of arming the rebels in North Kivu.")  # fmt: skip
    assert [m.entity for m in analyse(text) if m.text == "rebels"] == ["M23"]


def test_a_generic_name_capitalised_inside_a_proper_name_is_not_generic(analyse: Callable[..., list[Mention]]) -> None:
    text = "The Government of National Salvation met in Syria, and the government in Damascus said it was in Syria."
    found = {m.text: m.entity for m in analyse(text) if m.kind == "actor"}
    assert "The Government" not in found and found.get("the government") == "SYR"


def test_a_possessive_state_and_its_sector_word(analyse: Callable[..., list[Mention]]) -> None:
    found = [(m.entity, m.sector) for m in analyse("Sudan's army said it repelled an attack.") if m.kind == "actor"]
    assert found == [("SDN", "MIL")]


def test_a_provisional_name_keeps_its_hyphens(analyse: Callable[..., list[Mention]]) -> None:
    found = {m.entity for m in analyse("Commander Hassan al-Tayyib Bashiri met the envoy.") if m.kind == "actor"}
    assert any(e.startswith("?person:") and "al-" in e for e in found), found


def test_a_surname_joins_a_known_person_named_in_full_before(analyse: Callable[..., list[Mention]]) -> None:
    found = {m.text: m.entity for m in analyse("Ashraf Ghani flew to Doha on Monday. Ghani met Taliban envoys.")
             if m.kind == "actor"}  # fmt: skip
    assert found["Ghani"] == found["Ashraf Ghani"] == "GHANI"


def test_a_relative_named_in_full_is_not_the_known_leader(analyse: Callable[..., list[Mention]]) -> None:
    found = {m.text: m.entity for m in analyse("Gamal Mubarak, the son of the former leader, met bankers in Cairo.")
             if m.kind == "actor"}  # fmt: skip
    assert found.get("Gamal Mubarak") == "?person:gamal mubarak", found


def test_a_dateline_and_the_groups_named_say_which_country_a_report_is_about(
    analyse: Callable[..., list[Mention]],
) -> None:
    text = ("KHARTOUM, May 3 (Wire) - The RSF shelled Omdurman, the army said. The RSF denied it. In Nigeria, Boko "
            "Haram fighters attacked a village.")  # fmt: skip
    found = {m.text: m.entity for m in analyse(text) if m.kind == "actor"}
    assert found["the army"] == "SDN", found
    assert [m.entity for m in analyse(text.replace("KHARTOUM", "LAGOS")) if m.text == "the army"] == ["NGA"]


def test_the_paramilitary_group_is_the_group_named_before(code: Callable[..., Doc]) -> None:
    doc = code("The Rapid Support Forces seized El Fasher. Washington imposed sanctions on two commanders of the "
               "paramilitary group.")  # fmt: skip
    assert ("SANCTION", ("USA",), ("RSF",)) in events(doc)
