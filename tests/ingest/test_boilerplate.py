from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from detente.ingest.boilerplate import clean_scraped_text, is_nav_line, is_widget_line

PAGE = """Home | World | Middle East | Opinion
Read Mode
Font Size A A A
Share Tweet Email
Kerry meets Lavrov in Geneva

Kerry meets Lavrov in Geneva
Published: Sept. 9, 2016
Source: Levant Ledger
By Jane Roe

The two ministers met in Geneva for fourteen hours.

By all accounts the talks were hard.
Arrow Left Arrow Right
Facebook Comments
icon-facebook icon-twitter
• • •
© 2016 Levant Ledger. All rights reserved.
Author: Jane Roe
Jane Roe is a correspondent in Geneva.
"""


def test_page_furniture_is_removed_and_metadata_kept() -> None:
    cleaned = clean_scraped_text(PAGE)
    assert cleaned.title == "Kerry meets Lavrov in Geneva"
    assert cleaned.byline == "Jane Roe"
    assert cleaned.source == "Levant Ledger"
    assert cleaned.dateline == "Sept. 9, 2016"
    assert cleaned.body == (
        "The two ministers met in Geneva for fourteen hours.\n\nBy all accounts the talks were hard."
    )


@pytest.mark.parametrize(
    "line",
    ["Share", "Read Mode", "Font Size A A A", "Facebook Comments", "0 Comments", "icon-facebook icon-twitter",
     "Arrow Left Arrow Right", "★ ☆ ✉", "Related articles", "You may also like"],
)  # fmt: skip
def test_widget_lines(line: str) -> None:
    assert is_widget_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Close to Aleppo, fighting went on.",
        "Russia said it would share intelligence.",
        "Syria",
        "Talks resume",
    ],
)
def test_sentences_are_not_widgets(line: str) -> None:
    assert not is_widget_line(line)


def test_nav_lines() -> None:
    assert is_nav_line("Home › World › Middle East")
    assert not is_nav_line("Russia | the US | Iran met.")
    assert not is_nav_line("Kerry, Lavrov and de Mistura met in Geneva")


def test_no_title_when_the_first_line_is_a_sentence() -> None:
    cleaned = clean_scraped_text("Russia and the United States met in Geneva on Friday to discuss a truce.")
    assert cleaned.title is None
    assert cleaned.body.startswith("Russia and the United States")


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60), max_size=30))
def test_body_is_made_of_input_lines_only(lines: list[str]) -> None:
    text = "\n".join(lines)
    cleaned = clean_scraped_text(text)
    inputs = {line.strip() for line in text.replace("\r", "\n").split("\n")}
    for paragraph in cleaned.body.split("\n\n"):
        assert paragraph == "" or paragraph in inputs


SAMPLE_000 = "000_55d3fcb8a9df6355.txt"
SAMPLE_003 = "003_c49d1d091daa5643.txt"


def _sample(shared_dir: Path, name: str) -> str:
    path = shared_dir / "samples" / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    return path.read_text(encoding="utf-8")


def test_shared_sample_author_box_is_metadata(shared_dir: Path) -> None:
    raw = _sample(shared_dir, SAMPLE_000)
    cleaned = clean_scraped_text(raw)
    assert cleaned.title is not None and cleaned.title.startswith("Fear of")
    assert cleaned.byline == "Jason Ditz"
    assert "Author:" not in cleaned.body
    assert "senior editor" not in cleaned.body
    assert cleaned.title not in cleaned.body
    # the article body itself is untouched: its last paragraph is still there
    last = [p for p in raw.split("\n") if p.strip()][-3].strip()
    assert cleaned.body.endswith(last)


def test_shared_sample_repeated_title_removed(shared_dir: Path) -> None:
    raw = _sample(shared_dir, SAMPLE_003)
    cleaned = clean_scraped_text(raw)
    assert cleaned.title is not None and cleaned.title.startswith("How Failed Peace Talks")
    assert cleaned.title not in cleaned.body
    assert cleaned.body.startswith("It didn")
    # every paragraph of the story survives
    paragraphs = [p.strip() for p in raw.split("\n") if p.strip()]
    assert len(cleaned.body.split("\n\n")) == len(paragraphs) - 2


def test_menu_runs_share_bars_lists_and_credits_go_article_stays() -> None:
    story = [
        "Envoys of the two camps met for six hours in a lakeside hotel on Saturday.",
        "Both delegations called the talks useful but said no date was set for another round.",
        "“We will come back when the guns are quiet,” one negotiator said.",
    ]
    page = "\n".join(
        ["Skip to content", "World", "Africa", "Opinion", "Sport", "Truce talks end without a deal",
         "Mediators want a second round before the rains", "By Mira Holt", "4 min read",
         "Share on Facebook Share on Twitter", "", story[0], "", "READ MORE: Army says it holds the bridge", "",
         story[1], story[2], "Reporting by Mira Holt; Editing by Sam Price", "", "Related stories",
         "Rebels free aid workers", "The envoy steps down", "", "Watch more", "Inside the refugee camps", "03:12",
         "© 2020 Lakeside Times"]
    )  # fmt: skip
    cleaned = clean_scraped_text(page)
    assert cleaned.title == "Truce talks end without a deal"
    assert cleaned.byline == "Mira Holt"
    paragraphs = cleaned.body.split("\n\n")
    assert paragraphs == ["Mediators want a second round before the rains", *story]
    for gone in ("Africa", "READ MORE", "Reporting by", "Rebels free", "refugee camps", "03:12", "min read"):
        assert gone not in cleaned.body


def test_short_lines_that_are_not_a_run_stay() -> None:
    page = "\n\n".join(
        ["Truce talks end", "The first round.", "Envoys met for hours.", "What comes next", "A second round is due."]
    )
    assert "What comes next" in clean_scraped_text(page).body


def test_mojibake_from_double_encoding_is_repaired() -> None:
    from detente.ingest.decode import decode_text, repair_mojibake

    good = "The mediator’s “final offer” — accepted in Bujumbura, not in Zürich."
    broken = good.encode("utf-8").decode("cp1252", errors="replace")
    assert broken != good
    assert decode_text(broken.encode("utf-8"), where="x") == good
    # genuine accented text and a lone capital with a circumflex are left alone
    for text in ("Café Zürich, naïve, São Tomé", "Â is a letter; so is Ã."):
        assert repair_mojibake(text) == text


@given(st.text(max_size=80))
def test_mojibake_repair_never_breaks_good_text(text: str) -> None:
    from detente.ingest.decode import repair_mojibake

    broken = text.encode("utf-8").decode("cp1252", errors="ignore")
    repaired = repair_mojibake(broken)
    assert isinstance(repaired, str)
    if text.isascii():
        assert repaired == text
