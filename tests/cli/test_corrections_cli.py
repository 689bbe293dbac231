"""``detente correct ...`` and ``detente corrections ...``: corrections made, listed, undone and exported from the
command line, with one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cli_support import assert_one_line_error, detente


def test_correct_list_undo_export(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    events = json.loads(detente("events", "-w", ws, "--json").out)
    event = next(e for e in events if e["source"] and e["type"] != "ACCUSE")
    run = detente("correct", "event", event["id"], "--type", "ACCUSE", "--by", "ana", "--why", "an accusation",
                  "-w", ws)  # fmt: skip
    assert run.code == 0, run.err
    assert "correction 1: type" in run.out and "-> ACCUSE (by ana)" in run.out
    assert detente("correct", "actor", "--merge", "SYR", "RUS", "-w", ws).code == 0
    docs = json.loads(detente("docs", "list", "-w", ws, "--json").out)
    assert detente("correct", "date", docs[0]["id"][:10], "2016-09-21", "-w", ws).code == 0
    run = detente("correct", "alias", "the pilots", "USA", "-w", ws)
    assert run.code == 0 and "detente extract" in run.out

    listed = json.loads(detente("corrections", "list", "-w", ws, "--json").out)
    assert [(c["id"], c["kind"]) for c in listed] == [(1, "type"), (2, "merge"), (3, "date"), (4, "alias")]
    assert listed[0]["by"] == "ana" and listed[0]["why"] == "an accusation" and listed[1]["by"]  # the OS user
    after = {e["id"]: e for e in json.loads(detente("events", "-w", ws, "--json").out)}
    assert after[event["id"]]["type"] == "ACCUSE"
    assert not [e for e in after.values() if "SYR" in e["source"] + e["target"]]

    assert detente("corrections", "undo", "1", "-w", ws).code == 0
    again = {e["id"]: e for e in json.loads(detente("events", "-w", ws, "--json").out)}
    assert again[event["id"]]["type"] == event["type"]
    assert len(json.loads(detente("corrections", "list", "-w", ws, "--json").out)) == 3
    assert len(json.loads(detente("corrections", "list", "--all", "-w", ws, "--json").out)) == 4

    out = tmp_path / "corrections.jsonl"
    run = detente("corrections", "export", "-o", str(out), "--all", "-w", ws)
    assert run.code == 0, run.err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in records] == ["type", "merge", "date", "alias"]
    assert records[0]["undone_at"] and records[0]["sentence"] and records[0]["extracted"]["type"] == event["type"]


def test_bad_corrections_are_one_line_errors(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    event = json.loads(detente("events", "-w", ws, "--json").out)[0]["id"]
    assert_one_line_error(detente("correct", "event", "nope", "--reject", "-w", ws), "no event 'nope'")
    assert_one_line_error(detente("correct", "event", event, "-w", ws), "--reject")
    assert_one_line_error(detente("correct", "event", event, "--reject", "--type", "AID", "-w", ws), "--reject")
    assert_one_line_error(detente("correct", "event", event, "--type", "BOMB", "-w", ws), "BOMB", "ASSAULT")
    assert_one_line_error(detente("correct", "event", event, "--source", "ATLANTIS", "-w", ws), "ATLANTIS")
    assert_one_line_error(detente("correct", "actor", "--merge", "USA", "USA", "-w", ws), "itself")
    assert_one_line_error(detente("correct", "alias", "Atlantis", "ATLANTIS", "-w", ws), "ATLANTIS")
    assert_one_line_error(detente("correct", "date", "ffffffff", "2016-09-21", "-w", ws), "no document")
    assert_one_line_error(detente("correct", "date", event[:8], "21.9.2016", "-w", ws), "YYYY-MM-DD")
    assert_one_line_error(detente("corrections", "undo", "7", "-w", ws), "no correction 7")
    assert_one_line_error(detente("corrections", "list", "-w", str(tmp_path / "none")), "no workspace")
    assert detente("corrections", "list", "-w", ws, "--json").out.strip() == "[]"


def test_split_and_place_from_the_command_line(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    run = detente("correct", "actor", "--split", "USA", "Pentagon", "--by", "ana", "-w", ws)
    assert run.code == 0, run.err
    assert "correction 1: split USA -> text=Pentagon into=?organisation:pentagon (by ana)" in run.out
    actors = {a["id"]: a for a in json.loads(detente("actors", "--unresolved", "-w", ws, "--json").out)}
    assert "?organisation:pentagon" in actors
    run = detente("correct", "place", "Camp Tamarisk", "--country", "SYR", "-w", ws, "--", "35.1", "-36.7")
    assert run.code == 0, run.err
    assert "place Camp Tamarisk -> id=user:camp-tamarisk lat=35.1 lon=-36.7 country=SYR" in run.out
    assert "detente extract" in run.out
    listed = detente("corrections", "list", "-w", ws).out  # piped: tab-separated, an object's value as key=value
    assert "\ttext=Pentagon into=?organisation:pentagon\t" in listed and "{'" not in listed
    assert "\tid=user:camp-tamarisk lat=35.1 lon=-36.7 country=SYR\t" in listed
    out = tmp_path / "c.jsonl"
    assert detente("corrections", "export", "-o", str(out), "-w", ws).code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in records] == ["split", "place"] and records[0]["mentions"]
    assert detente("corrections", "undo", "1", "-w", ws).code == 0
    assert "?organisation:pentagon" not in {
        a["id"] for a in json.loads(detente("actors", "--unresolved", "-w", ws, "--json").out)
    }
    assert_one_line_error(detente("correct", "actor", "-w", ws), "--merge", "--split")
    assert_one_line_error(detente("correct", "actor", "--merge", "USA", "RUS", "--into", "X", "-w", ws), "--split")
    assert_one_line_error(detente("correct", "actor", "--split", "USA", "Kremlin", "-w", ws), "Kremlin", "Washington")
    assert_one_line_error(detente("correct", "place", "X", "91", "0", "-w", ws), "coordinates")


def test_docs_list_and_show_the_corrected_date(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    before = json.loads(detente("docs", "list", "-w", ws, "--json").out)
    first = before[0]
    assert detente("correct", "date", first["id"][:10], "2030-01-02", "-w", ws).code == 0
    after = json.loads(detente("docs", "list", "-w", ws, "--json").out)
    assert (after[-1]["id"], after[-1]["published"], after[-1]["date_from"]) == (first["id"], "2030-01-02",
                                                                                 "correction")  # fmt: skip
    assert [r["id"] for r in after[:-1]] == [r["id"] for r in before[1:]]  # listed by the corrected date
    shown = detente("docs", "show", first["id"][:12], "-w", ws).out
    assert f"published: 2030-01-02 (corrected; extracted {first['published']} from {first['date_from']})" in shown
    assert detente("corrections", "undo", "1", "-w", ws).code == 0
    assert json.loads(detente("docs", "list", "-w", ws, "--json").out) == before
