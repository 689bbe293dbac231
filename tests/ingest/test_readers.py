from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.ingest.readers import Rejected, read_input
from detente.model import Article
from postgres_support import Backend

BODY = "Russia and the United States agreed in Geneva on a cessation of hostilities in Syria."


def read(path: Path, **kwargs: object) -> list[Article | Rejected]:
    return list(read_input(path, **kwargs))  # type: ignore[arg-type]


def only_article(path: Path, **kwargs: object) -> Article:
    [item] = read(path, **kwargs)
    assert isinstance(item, Article), item
    return item


def only_rejection(path: Path, **kwargs: object) -> str:
    [item] = read(path, **kwargs)
    assert isinstance(item, Rejected), item
    return item.reason


def test_plain_text_with_dateline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"Truce agreed\nPublished: Sept. 9, 2016\n\n{BODY}\n", encoding="utf-8")
    article = only_article(path)
    assert article.title == "Truce agreed"
    assert article.text == BODY
    assert article.published == date(2016, 9, 9)
    assert article.published_source == "text"
    assert article.format == "text"
    assert article.path == str(path)


def test_date_from_cli_when_nothing_stated(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(BODY, encoding="utf-8")
    article = only_article(path, default_date=date(2016, 9, 23))
    assert (article.published, article.published_source) == (date(2016, 9, 23), "cli")
    assert only_article(path).published_source == "none"


def test_metadata_date_beats_text_and_cli(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>Truce</title><meta property='article:published_time' content='2016-02-27T10:00:00Z'>"
        "<meta property='og:site_name' content='Levant Ledger'></head><body><nav>Home | World | Sport</nav>"
        f"<article><h1>Truce</h1><p>Published: 1 March 2016</p><p>{BODY}</p><p>{BODY.upper()}</p></article>"
        "<script>alert('x')</script></body></html>",
        encoding="utf-8",
    )
    article = only_article(path, default_date=date(2020, 1, 1))
    assert (article.published, article.published_source) == (date(2016, 2, 27), "metadata")
    assert article.source == "Levant Ledger"
    assert article.title == "Truce"
    assert BODY in article.text
    assert "Home" not in article.text and "alert" not in article.text


def test_html_without_article_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav>Home | World</nav><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert "no article text" in only_rejection(path)


def test_jsonl_records_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "One", "text": BODY, "date": "2016-09-10", "source": "Wire", "author": ["A", "B"]}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({"title": "Html", "text": f"<p>{BODY} Again.</p><p>More words here today.</p>"}),
        json.dumps({"headline": "Body field", "body": BODY + " Third.", "published": "Sept. 12, 2016"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == [
        "Article",
        "Rejected",
        "Rejected",
        "Rejected",
        "Article",
        "Article",
    ]
    first, bad_json, not_object, no_text, html, third = items
    assert isinstance(first, Article) and first.line == 1 and first.byline == "A, B"
    assert (first.published, first.published_source, first.source) == (date(2016, 9, 10), "metadata", "Wire")
    assert isinstance(bad_json, Rejected) and bad_json.line == 2 and "invalid JSON" in bad_json.reason
    assert isinstance(not_object, Rejected) and not_object.line == 4 and "not a JSON object" in not_object.reason
    assert isinstance(no_text, Rejected) and no_text.line == 5 and "no article text" in no_text.reason
    assert isinstance(html, Article) and "<p>" not in html.text and html.line == 6
    assert isinstance(third, Article) and third.title == "Body field" and third.published == date(2016, 9, 12)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert only_rejection(path) == "empty file"


def test_only_boilerplate_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "furniture.txt"
    path.write_text("Share\nTweet\nFacebook Comments\nRead Mode\n", encoding="utf-8")
    assert only_rejection(path).startswith("empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "binary" in only_rejection(path)


def test_undecodable_text(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xef\xbb\xbfRussia " + b"\xff\xfe\xfd" * 40)
    assert "undecodable" in only_rejection(path)


def test_legacy_encoding_and_utf16_are_read(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(("Syrie: la trêve négociée à Genève tient depuis vendredi, selon l'ONU. " * 3).encode("cp1252"))
    assert "trêve négociée" in only_article(latin).text
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text(BODY, encoding="utf-16")
    assert only_article(utf16).text == BODY


def test_huge_article(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(BODY * 200, encoding="utf-8")
    reason = only_rejection(path, max_bytes=1000)
    assert "too large" in reason and "--max-bytes" in reason


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page.dat"
    path.write_text(f"<html><body><article><p>{BODY}</p><p>{BODY} Again.</p></article></body></html>", "utf-8")
    assert only_article(path).format == "html"


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read file" in only_rejection(tmp_path / "nope.txt")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".jsonl", ".bin"]))
def test_any_bytes_give_articles_or_reasons(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    for item in read(path):
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Rejected):
            assert item.reason


# -- the reader registry ---------------------------------------------------------------------------------------
def test_every_builtin_format_is_registered_with_its_suffixes() -> None:
    from detente.ingest.readers import READERS, supported_suffixes

    assert {"text", "html", "jsonl"} <= set(READERS)
    assert {".txt", ".html", ".jsonl"} <= supported_suffixes()


def test_an_unknown_reader_name_lists_the_known_ones() -> None:
    from detente.errors import UnknownModelError
    from detente.ingest.readers import get_reader

    with pytest.raises(UnknownModelError, match="jsonl"):
        get_reader("rss")


@pytest.fixture
def toy_reader(monkeypatch: pytest.MonkeyPatch) -> str:
    """A reader of ``.toy`` files (one article a ``%%``-separated block), registered for one test."""
    from detente.ingest.readers import READERS, register_reader
    from detente.ingest.readers.common import article_from_text

    monkeypatch.setattr("detente.ingest.readers.registry.READERS", dict(READERS))

    @register_reader("toy", suffixes=(".toy",))
    def read_toy(path: Path, default_date: date | None, max_bytes: int):  # type: ignore[no-untyped-def]
        for number, block in enumerate(path.read_text(encoding="utf-8").split("%%"), start=1):
            yield article_from_text(block, str(path), number, {}, default_date, fmt="toy")

    return "toy"


def test_a_registered_reader_is_used_for_its_suffix_in_folders(tmp_path: Path, toy_reader: str) -> None:
    from detente.ingest import read_paths

    (tmp_path / "a.toy").write_text(f"{BODY}%%Iran and Turkey met in Astana to discuss the war in Syria.", "utf-8")
    items = list(read_paths([tmp_path]))
    assert [type(i) for i in items] == [Article, Article]
    assert {i.format for i in items if isinstance(i, Article)} == {toy_reader}


def test_articles_of_a_new_format_are_saved_on_both_backends(
    tmp_path: Path, toy_reader: str, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workspace made before migration 0005 keeps every row and then takes a format the old CHECK refused."""
    import detente.store.workspace as workspace_module
    from detente.store import Workspace
    from detente.store.articles import ingest_paths

    every = workspace_module._migrations()
    url = backend.url()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(BODY, encoding="utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(workspace_module, "_migrations", lambda: [m for m in every if m[0] < 5])
        with Workspace.open(tmp_path / "ws", database=url) as ws:
            assert ingest_paths(ws, [tmp_path / "in"]).ingested == 1
            assert ws.schema_version == 4
    (tmp_path / "b.toy").write_text("Iran and Turkey met in Astana to discuss the war in Syria.", "utf-8")
    with Workspace.open(tmp_path / "ws", database=url) as ws:
        assert ws.schema_version >= 5
        assert ingest_paths(ws, [tmp_path / "b.toy"]).ingested == 1
        formats = sorted(row[0] for row in ws.connection.execute("SELECT format FROM documents"))
        sources = ws.connection.execute("SELECT COUNT(*) FROM document_sources").fetchone()[0]
    assert formats == ["text", "toy"]
    assert sources == 2
