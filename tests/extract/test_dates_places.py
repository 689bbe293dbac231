"""Places beyond NER's tags, spelling variants, datelines, seas, country coordinates, capitals that act or not;
dates relative to publication, deadlines, starts; paragraph breaks as sentence boundaries. Own sentences only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Doc

from detente.extract.dates import resolve_date
from detente.extract.pipeline import load_pipeline
from detente.extract.places import transliteration_key
from detente.kb import load_kb
from detente.model.mention import Mention

Analyse = Callable[..., list[Mention]]
Code = Callable[..., Doc]
WEDNESDAY = date(2019, 11, 6)


def places(found: list[Mention]) -> dict[str, str]:
    return {m.text: m.entity for m in found if m.kind == "place"}


def dates(found: list[Mention]) -> dict[str, Mention]:
    return {m.text: m for m in found if m.kind == "date"}


# -- places ---------------------------------------------------------------------------------------------------------
def test_gazetteer_cities_found_where_ner_misses_them(analyse: Analyse) -> None:
    found = places(analyse("Militia fighters moved toward Kherson and later shelled villages near Gulu and Lira."))
    kb = load_kb()
    for name, country in (("Kherson", "UKR"), ("Gulu", "UGA"), ("Lira", "UGA")):
        assert name in found, found
        assert kb.places[found[name]].country == country


def test_common_words_that_are_city_names_are_not_places(analyse: Analyse) -> None:
    found = places(analyse("Reading the statement aloud, she said Mobile units and Split teams would Deal with it."))
    assert not {"Reading", "Mobile", "Split", "Deal"} & set(found), found


def test_transliteration_variants_share_a_key() -> None:
    assert (
        transliteration_key("Deir al-Zour") == transliteration_key("Deir ez-Zor") == transliteration_key("Dayr az Zawr")
    )
    assert transliteration_key("Idleb") == transliteration_key("Idlib")
    assert transliteration_key("Kharkov") == transliteration_key("Kharkiv")
    assert transliteration_key("Homs") != transliteration_key("Hama")


def test_a_spelling_variant_ner_tags_resolves_to_the_gazetteer_place(analyse: Analyse) -> None:
    kb = load_kb()
    for text in ("Shelling hit villages near Dayr al-Zawr on Tuesday.", "Jets struck targets around Deir al-Zaur."):
        found = places(analyse(text))
        assert [(kb.places[e].country, round(kb.places[e].lon or 0)) for e in found.values()] == [("SYR", 40)], found


@pytest.mark.parametrize(
    ("text", "name", "lat", "lon"),
    [
        ("KINSHASA, Feb 4 (Reuters) - Rebels and the army traded fire overnight.", "KINSHASA", -4.3, 15.3),
        ("ISTANBUL: Negotiators from both camps left the hotel at dawn.", "ISTANBUL", 41.0, 29.0),
        ("Two tankers were stopped in the Strait of Hormuz on Sunday.", "the Strait of Hormuz", 26.6, 56.3),
        ("The frigate sailed from the Black Sea into the Aegean.", "the Black Sea", 43.4, 34.3),
    ],
)
def test_datelines_seas_and_straits_are_places(analyse: Analyse, text: str, name: str, lat: float, lon: float) -> None:
    found = places(analyse(text))
    assert name in found, found
    place = load_kb().places[found[name]]
    assert place.lat is not None and place.lon is not None
    assert abs(place.lat - lat) < 0.5 and abs(place.lon - lon) < 0.5


def test_every_country_has_coordinates() -> None:
    countries = [p for p in load_kb().places.values() if p.id.startswith("country:")]
    assert len(countries) > 240
    assert [p.name for p in countries if p.lat is None or p.lon is None] == []
    brazil = load_kb().places["country:BRA"]
    assert abs((brazil.lat or 0) + 14.2) < 1 and abs((brazil.lon or 0) + 51.9) < 1


def test_capital_is_a_place_unless_it_acts(analyse: Analyse) -> None:
    found = analyse("Ankara rejected the plan. Two days later the foreign minister landed in Ankara.")
    place_starts = [m.start for m in found if m.kind == "place" and m.text == "Ankara"]
    assert place_starts and all(start > 20 for start in place_starts)
    found = analyse("The convoy drove in the direction of Tehran before dawn.")
    assert "Tehran" in places(found)


# -- dates ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Saturday evening", date(2019, 11, 2), "day"),
        ("last Wednesday", date(2019, 10, 30), "day"),
        ("next Monday", date(2019, 11, 11), "day"),
        ("Tuesday, Oct. 15", date(2019, 10, 15), "day"),
        ("Friday, March 3, 2017", date(2017, 3, 3), "day"),
        ("in 2011", date(2011, 1, 1), "year"),
        ("more than a month ago", date(2019, 10, 1), "month"),
        ("four days ago", date(2019, 11, 2), "day"),
        ("last week", date(2019, 10, 30), "day"),
        ("three years ago", date(2016, 1, 1), "year"),
        ("next month", date(2019, 12, 1), "month"),
        ("the end of the year", date(2019, 12, 1), "month"),
    ],
)
def test_relative_and_explicit_dates(text: str, expected: date, precision: str) -> None:
    assert resolve_date(text, WEDNESDAY) == (expected, precision)


def test_deadlines_look_forward() -> None:
    assert resolve_date("February 15", WEDNESDAY, future=True) == (date(2020, 2, 15), "day")
    assert resolve_date("February 15", WEDNESDAY) == (date(2019, 2, 15), "day")
    assert resolve_date("December 20", WEDNESDAY, future=True) == (date(2019, 12, 20), "day")


def test_deadline_and_start_in_context(analyse: Analyse) -> None:
    found = dates(
        analyse(
            "The truce is due to take effect by February 15, the mediators said. "
            "The fighters, held since 2013, will be freed.",
            WEDNESDAY,
        )
    )
    deadline = next(m for text, m in found.items() if "February 15" in text)
    assert deadline.value == date(2020, 2, 15)
    start = next(m for text, m in found.items() if "2013" in text)
    assert start.label == "SINCE" and start.value is None


def test_no_event_is_dated_to_a_start(code: Code) -> None:
    doc = code("Militants, who have held the hostages since 2013, attacked the checkpoint.", WEDNESDAY)
    assert all(e.date != date(2013, 1, 1) for e in doc._.events or [])


# -- paragraphs -----------------------------------------------------------------------------------------------------
def test_a_paragraph_break_ends_a_sentence() -> None:
    nlp = load_pipeline()
    doc = nlp("Border Talks Drag On Without Result\n\nThe two delegations met in a tent on the frontier on Monday.")
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "Border Talks Drag On Without Result"
    assert sentences[1].startswith("The two delegations")
