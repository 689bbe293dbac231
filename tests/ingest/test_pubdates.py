"""The publication date a scraped page states for itself, and which date wins."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.ingest.boilerplate import clean_scraped_text
from detente.ingest.dates import page_date
from detente.ingest.readers import parse_date, read_input
from detente.model.article import Article

BODY = "Envoys of the two camps met in a lakeside hotel for six hours. Both delegations called the talks useful."


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (f"Truce holds in the north\nPosted at 9:15 PM, Mar 04, 2021 and last updated 10:02 PM, Mar 04, 2021\n{BODY}",
         date(2021, 3, 4)),
        (f"Truce holds in the north\nPublished 12 June 2019 | 08:40 GMT\n\n{BODY}", date(2019, 6, 12)),
        (f"Truce holds in the north\nBy Mira Holt | Posted on April 2, 2017\n\n{BODY}", date(2017, 4, 2)),
        (f"NAIROBI, 14 February 2020 (AFP) - {BODY}", date(2020, 2, 14)),
        (f"Truce holds\nUpdated: Jan 8, 2022, 11:04 AM ET\n\nDAKAR, Jan 7 (Reuters) - {BODY}", date(2022, 1, 7)),
        (f"BOGOTA, Aug 30 (Reuters) - {BODY}\n\nCopyright 2018 Reuters. All rights reserved.", date(2018, 8, 30)),
        (f"Truce holds in the north\nUpdated 5 October 2015\n\n{BODY}", date(2015, 10, 5)),
        (f"Truce holds in the north\nTuesday 3 May 2016 14.05 BST\n\n{BODY}", date(2016, 5, 3)),
        (f"Truce holds in the north\nMay 4, 20169:12 AM UTCUpdated an hour ago\n\n{BODY}", date(2016, 5, 4)),
        (f"Truce holds in the north\nPosted: 07/22/2018 06:15 PM EDT\n\n{BODY}", date(2018, 7, 22)),
        (f"Truce holds in the north\nLast Modified: 22.07.2018\n\n{BODY}", date(2018, 7, 22)),
    ],
)  # fmt: skip
def test_the_page_states_its_date(page: str, expected: date) -> None:
    cleaned = clean_scraped_text(page)
    assert parse_date(cleaned.dateline) == expected
    assert cleaned.body.startswith(("Envoys", "NAIROBI", "DAKAR", "BOGOTA"))
    assert "Posted" not in cleaned.body and "Updated" not in cleaned.body and "Published" not in cleaned.body


def test_a_playlist_or_related_list_never_gives_the_date() -> None:
    page = (
        "Up next\nRebels seize a river crossing\n01:45\nFeb 2, 2014\n"
        "Port reopens after the storm\n02:10\nJan 30, 2014\n"
        f"\n{BODY}\n\nRelated articles\nThe envoy resigns\nDec 1, 2013\n"
    )
    cleaned = clean_scraped_text(page)
    assert cleaned.dateline is None
    assert cleaned.body == BODY


def test_the_page_date_beats_a_list_date_above_it() -> None:
    page = f"More videos\nA convoy is stopped\nOct 2, 2012\n\nFirst published on Oct 9, 2012\n\n{BODY}"
    assert clean_scraped_text(page).dateline == "Oct 9, 2012"


def test_a_sentence_that_begins_like_a_date_line_stays_body() -> None:
    line = "Published reports on March 3, 2019 said the two armies had pulled back their heavy guns from the line."
    cleaned = clean_scraped_text(f"{BODY}\n\n{line}")
    assert line in cleaned.body


def test_no_year_anywhere_gives_no_date() -> None:
    assert page_date([f"QUITO, Nov 3 (Reuters) - {BODY}"]).value is None


def test_a_dateline_without_a_date_gives_none() -> None:
    assert page_date([f"KHARTOUM: {BODY}"]).value is None


def _only(path: Path, **kwargs: object) -> Article:
    [item] = list(read_input(path, **kwargs))  # type: ignore[arg-type]
    assert isinstance(item, Article), item
    return item


def test_cli_date_wins_over_the_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Truce holds\nPublished: 12 June 2019\n\n{BODY}", encoding="utf-8")
    assert (_only(path).published, _only(path).published_source) == (date(2019, 6, 12), "text")
    article = _only(path, default_date=date(2019, 6, 14))
    assert (article.published, article.published_source) == (date(2019, 6, 14), "cli")


def test_metadata_wins_over_cli_and_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(
        '{"title": "Truce", "date": "2019-06-11", "text": "Published: 12 June 2019\\n\\n' + BODY + '"}\n',
        encoding="utf-8",
    )
    article = _only(path, default_date=date(2019, 6, 14))
    assert (article.published, article.published_source) == (date(2019, 6, 11), "metadata")
