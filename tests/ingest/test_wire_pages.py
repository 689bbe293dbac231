"""Publication dates on the wire-page set (``data/wire_pages.txt``): issue 17's aim is a date for >= 90% of the
pages that state one, never a date taken from a list of other articles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from wire_pages import load_pages

from detente.ingest.dates import page_date
from detente.ingest.readers import read_input
from detente.model.article import Article


def test_the_set_has_layouts_with_and_without_a_date_of_their_own() -> None:
    pages = load_pages()
    assert len(pages) >= 30 and sum(expected is None for expected, _ in pages) >= 3


def test_nine_pages_in_ten_get_their_date_and_none_gets_a_wrong_one(tmp_path: Path) -> None:
    right = stating = 0
    for number, (expected, text) in enumerate(load_pages()):
        path = tmp_path / f"page{number}.txt"
        path.write_text(text, encoding="utf-8")
        [article] = [a for a in read_input(path) if isinstance(a, Article)]
        got = article.published.isoformat() if article.published else None
        if expected is None:
            assert got is None, (number, text)  # a related list's or playlist's date is not the page's
        else:
            stating += 1
            right += got == expected
            assert got in (expected, None), (number, got, expected)
    assert right / stating >= 0.9


def test_a_long_line_that_opens_with_the_date_is_a_date_line() -> None:
    assert page_date(["Oct. 3, 2021 / 4:15 PM / Updated 2 years ago", "Talks resumed."]).value
    assert page_date(["On Oct. 3, 2021 the two sides met again in Doha and agreed to talk again soon."]).value is None


def test_iso_timestamps_and_multi_city_datelines() -> None:
    assert page_date(["2019-11-04T07:32:10Z", "Talks resumed."]).value == "2019-11-04T07:32:10Z"
    found = page_date(["ANKARA/MOSCOW, Sept 29 (Reuters) - Talks went on.", "(c) 2020 Reuters"]).value
    assert found == date(2020, 9, 29).isoformat()
