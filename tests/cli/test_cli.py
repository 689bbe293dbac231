from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, detente

from detente.cli.main import app
from postgres_support import Backend

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_commands() -> None:
    run = detente("--help")
    assert run.code == 0
    for command in ("ingest", "docs", "demo", "forecast", "report", "serve"):
        assert command in run.out


def test_ingest_then_list_and_show(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Aid reaches Aleppo\n\nA convoy of the United Nations reached Aleppo.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    ws = str(tmp_path / "ws")
    run = detente("ingest", str(tmp_path), "--workspace", ws, "--date", "2016-10-20")
    assert run.code == 0, run.err
    assert "empty file" in run.out
    listed = detente("docs", "list", "--workspace", ws)  # piped: tab-separated, nothing truncated
    assert listed.code == 0
    header, row = listed.out.splitlines()
    assert header.split("\t") == ["id", "published", "date_from", "source", "title", "words"]
    doc_id, published, date_from, _, title, words = row.split("\t")
    assert len(doc_id) == 64 and published == "2016-10-20" and date_from == "cli" and title == "Aid reaches Aleppo"
    assert int(words) == 8
    shown = detente("docs", "show", doc_id[:12], "--workspace", ws)
    assert shown.code == 0 and "A convoy of the United Nations reached Aleppo." in shown.out
    rejections = detente("docs", "rejections", "--workspace", ws, "--json")
    assert rejections.code == 0
    assert [Path(r["path"]).name for r in json.loads(rejections.out)] == ["b.txt"]


def test_docs_list_json_and_csv(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Talks in Geneva\n\nRussia and the United States met in Geneva.", "utf-8")
    ws = str(tmp_path / "ws")
    assert detente("ingest", str(tmp_path / "a.txt"), "-w", ws).code == 0
    rows = json.loads(detente("docs", "list", "-w", ws, "--json").out)
    assert len(rows) == 1 and rows[0]["title"] == "Talks in Geneva" and rows[0]["published"] is None
    table = list(csv.DictReader(io.StringIO(detente("docs", "list", "-w", ws, "--csv").out)))
    assert table[0]["id"] == rows[0]["id"] and table[0]["words"] == str(rows[0]["words"])
    assert_one_line_error(detente("docs", "list", "-w", ws, "--json", "--csv"), "--json and --csv")


def test_date_on_a_reingested_document_applies_and_says_so(tmp_path: Path, backend: Backend) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Aid reaches Aleppo\n\nA convoy of the United Nations reached Aleppo.", "utf-8")
    ws = str(tmp_path / "ws")
    url = backend.url()
    assert detente("ingest", str(article), "-w", ws, *(("--db", url) if url else ())).code == 0
    assert json.loads(detente("docs", "list", "-w", ws, "--json").out)[0]["published"] is None
    again = detente("ingest", str(article), "-w", ws, "--date", "2016-10-20")
    assert again.code == 0 and "--date 2016-10-20 applied to 1 document" in again.err
    row = json.loads(detente("docs", "list", "-w", ws, "--json").out)[0]
    assert row["published"] == "2016-10-20" and row["date_from"] == "cli"
    third = detente("ingest", str(article), "-w", ws, "--date", "2016-10-21")  # a later --date replaces it
    assert "applied to 1 document" in third.err
    assert json.loads(detente("docs", "list", "-w", ws, "--json").out)[0]["published"] == "2016-10-21"
    same = detente("ingest", str(article), "-w", ws, "--date", "2016-10-21")
    assert same.code == 0 and "applied" not in same.err


def test_date_wins_over_the_text_but_not_over_metadata(tmp_path: Path) -> None:
    article = ROOT / "examples" / "syria-2016" / "articles" / "08-us-suspends-talks.txt"
    ws = str(tmp_path / "ws")
    assert detente("ingest", str(article), "-w", ws).code == 0
    before = json.loads(detente("docs", "list", "-w", ws, "--json").out)[0]
    assert before["date_from"] == "text"
    again = detente("ingest", str(article), "-w", ws, "--date", "2020-01-01")
    assert again.code == 0 and "applied" in again.err  # the user's --date outranks a date read from the page
    assert json.loads(detente("docs", "list", "-w", ws, "--json").out)[0]["published"] == "2020-01-01"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "Russia and Turkey agreed on a truce in Idlib on Friday. " * 3,
                                "date": "2019-05-03"}) + "\n", encoding="utf-8")  # fmt: skip
    other = str(tmp_path / "ws2")
    assert detente("ingest", str(feed), "-w", other).code == 0
    repeated = detente("ingest", str(feed), "-w", other, "--date", "2020-01-01")
    assert repeated.code == 0 and "applied" not in repeated.err  # a file's metadata is never overridden
    assert json.loads(detente("docs", "list", "-w", other, "--json").out)[0]["published"] == "2019-05-03"


def test_nothing_usable_exits_1(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    run = detente("ingest", str(tmp_path / "b.txt"), "--workspace", str(tmp_path / "ws"))
    assert run.code == 1
    assert "binary" in run.out and "nothing usable" in run.err


def test_bad_date_and_missing_input_are_one_line_errors(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    assert_one_line_error(detente("ingest", str(tmp_path), "-w", ws, "--date", "23/09/2016"), "YYYY-MM-DD")
    assert_one_line_error(detente("ingest", str(tmp_path), "-w", ws, "--date", "2016-99-99"), "2016-99-99")
    assert_one_line_error(detente("ingest", str(tmp_path / "nowhere"), "-w", ws), "nowhere", "no such")


def test_docs_on_missing_workspace(tmp_path: Path) -> None:
    run = detente("docs", "list", "--workspace", str(tmp_path / "none"))
    assert run.code == 2 and "no workspace here" in run.err and "Traceback" not in run.err


def test_demo_runs_on_example_corpus(tmp_path: Path) -> None:
    run = detente("demo", "--corpus", str(ROOT / "examples" / "syria-2016"), "--workspace", str(tmp_path / "w"))
    assert run.code == 0, run.err
    assert "Syrian Army Takes Full Control of Aleppo" in run.out
    # the demo ends with the flagship scenario's forecast by every model, with Monte Carlo intervals
    assert "From news to forecast" in run.out
    assert all(model in run.out for model in ("eum", "mean", "median", "nash", "smp"))


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names.extend(f"{name} {sub}" for sub in subcommands) if subcommands else names.append(name)
    return names


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_documented(command: str) -> None:
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"detente {command}" in docs, f"`detente {command}` is missing from docs/cli.md"
