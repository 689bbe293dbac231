"""One regression test per resolution rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from detente.extract.dates import resolve_date
from detente.model.mention import Mention

Analyse = Callable[..., list[Mention]]


def actor(mentions: list[Mention], text: str) -> Mention | None:
    return next((m for m in mentions if m.kind == "actor" and m.text == text), None)


def place(mentions: list[Mention], text: str) -> Mention | None:
    return next((m for m in mentions if m.kind == "place" and m.text == text), None)


def test_metonymy_versus_place(analyse: Analyse) -> None:
    found = analyse("Moscow said the strikes would continue. Kerry later flew to talks in Moscow.")
    said = actor(found, "Moscow")
    assert said is not None and said.entity == "RUS" and said.sector == "GOV"
    assert place(found, "Moscow") is not None
    assert [m.entity for m in found if m.kind == "actor" and m.text == "Kerry"] == ["KERRY"]


def test_names_inside_other_names_are_not_actors(analyse: Analyse) -> None:
    found = analyse("The Washington Post reported that an analyst at the Washington Institute disagreed.")
    assert not [m for m in found if m.kind == "actor" and m.entity == "USA"]


def test_demonym_with_sector(analyse: Analyse) -> None:
    found = analyse("The Russian air force bombed the town, and Syrian rebels fired back.")
    russian = actor(found, "Russian")
    assert russian is not None and (russian.entity, russian.sector) == ("RUS", "MIL")
    rebels = actor(found, "Syrian rebels")
    assert rebels is not None and rebels.entity == "SYR_REB"


def test_renamings_and_defined_acronyms(analyse: Analyse) -> None:
    text = ("Rebels merged with Jabhat Fatah al-Sham (JFS), formerly the Nusra Front. "
            "Washington says JFS is still al-Qaeda.")  # fmt: skip
    found = analyse(text)
    assert actor(found, "Jabhat Fatah al-Sham").entity == "NUSRA"  # type: ignore[union-attr]
    assert actor(found, "Nusra Front").entity == "NUSRA"  # type: ignore[union-attr]
    later = [m for m in found if m.kind == "actor" and m.text == "JFS"]
    assert len(later) == 2 and all(m.entity == "NUSRA" for m in later)


def test_short_acronyms_are_case_sensitive(analyse: Analyse) -> None:
    found = analyse("IS fighters withdrew from the town, which is now quiet.")
    assert [m.entity for m in found if m.kind == "actor" and m.text.lower() == "is"] == ["ISIS"]


def test_the_regime_in_a_syrian_context(analyse: Analyse) -> None:
    found = analyse("The war in Syria goes on. The regime bombed Aleppo again on Friday.")
    regime = next(m for m in found if m.kind == "actor" and m.text.lower() == "the regime")
    assert (regime.entity, regime.sector) == ("SYR", "GOV")
    assert place(found, "Aleppo").entity == "aleppo"  # type: ignore[union-attr]


def test_group_anaphora(analyse: Analyse) -> None:
    found = analyse("Hezbollah sent more fighters to Aleppo. The group said it would stay.")
    anaphora = next(m for m in found if m.kind == "actor" and m.text.lower() == "the group")
    assert anaphora.entity == "HEZBOLLAH" and anaphora.label == "anaphora"


def test_unknown_people_are_kept_unresolved(analyse: Analyse) -> None:
    found = analyse("Andrew Tabler, an analyst, said the deal was dead.")
    unknown = [m for m in found if m.kind == "actor" and not m.resolved]
    assert unknown and unknown[0].entity == "?person:andrew tabler"


def test_ambiguous_place_follows_the_document_country(analyse: Analyse) -> None:
    found = analyse("Syrian troops advanced near Homs and Hama.")
    homs = place(found, "Homs")
    assert homs is not None and homs.entity == "homs"


def test_dates_against_publication() -> None:
    friday = date(2016, 9, 23)  # a Friday
    assert resolve_date("Friday", friday) == (date(2016, 9, 23), "day")
    assert resolve_date("Thursday night", friday) == (date(2016, 9, 22), "day")
    assert resolve_date("Early Friday", friday) == (date(2016, 9, 23), "day")
    assert resolve_date("last month", friday) == (date(2016, 8, 1), "month")
    assert resolve_date("earlier this month", friday) == (date(2016, 9, 1), "month")
    assert resolve_date("Sept. 9", friday) == (date(2016, 9, 9), "day")
    assert resolve_date("7 April", date(2017, 4, 9)) == (date(2017, 4, 7), "day")
    assert resolve_date("December", date(2017, 1, 24)) == (date(2016, 12, 1), "month")
    assert resolve_date("August 2016", friday) == (date(2016, 8, 1), "month")
    assert resolve_date("five years", friday) is None
    assert resolve_date("48-hour", friday) is None


def test_country_places_have_a_centre_for_conflict_states(analyse: Analyse) -> None:
    from detente.kb import load_kb

    found = place(analyse("Russian jets flew over Syria on Friday."), "Syria")
    assert found is not None and found.entity == "country:SYR"
    syria = load_kb().places["country:SYR"]
    assert syria.lat is not None and 32 < syria.lat < 38 and 35 < syria.lon < 43  # type: ignore[operator]
