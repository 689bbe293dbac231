"""The output layer: JSON and CSV straight to stdout, tab-separated text when piped, a table on a terminal."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date

import numpy as np
import pytest

from detente.cli import app as cli_app
from detente.cli.output import emit, plain
from detente.cli.progress import progress

ROWS = [
    {"id": "a" * 40, "name": "United States\tof America", "lists": ["USA", "RUS"], "n": np.int64(3), "x": math.nan},
    {"id": "b", "name": None, "lists": [], "n": 4, "x": 0.5},
]
COLUMNS = ("id", "name", "lists", "n", "x")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _emit(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO, **options: bool) -> str:
    monkeypatch.setattr("sys.stdout", stream)
    monkeypatch.setattr(cli_app, "_CONSOLES", {})
    emit(ROWS, COLUMNS, title="2 things", **options)
    return stream.getvalue()


def test_json_is_plain_values(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = json.loads(_emit(monkeypatch, io.StringIO(), as_json=True))
    assert rows[0] == {"id": "a" * 40, "name": "United States\tof America", "lists": ["USA", "RUS"], "n": 3,
                       "x": None}  # fmt: skip
    assert rows[1]["lists"] == [] and rows[1]["name"] is None


def test_csv_has_a_header_and_joins_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = list(csv.DictReader(io.StringIO(_emit(monkeypatch, io.StringIO(), as_csv=True))))
    assert rows[0]["lists"] == "USA; RUS" and rows[0]["n"] == "3" and rows[0]["x"] == "" and rows[1]["x"] == "0.5"


def test_piped_output_is_tab_separated_and_never_truncated(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _emit(monkeypatch, io.StringIO()).splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert lines[1].split("\t") == ["a" * 40, "United States of America", "USA, RUS", "3", ""]
    assert len(lines) == 3


def test_a_terminal_gets_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _emit(monkeypatch, Terminal())
    assert "2 things" in shown and "USA, RUS" in shown and "—" in shown and "\t" not in shown


def test_plain_values() -> None:
    assert plain(np.float64(1.5)) == 1.5 and isinstance(plain(np.float64(1.5)), float)
    assert plain(np.array([1, 2])) == [1, 2] and plain(date(2016, 9, 9)) == "2016-09-09"
    assert plain(float("nan")) is None and plain((1, "a")) == [1, "a"] and plain({"k": np.int32(2)}) == {"k": 2}


def test_progress_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = io.StringIO()
    monkeypatch.setattr("sys.stderr", quiet)
    with progress("working", "things") as on_progress:
        on_progress(1, 2)
    assert quiet.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setattr(cli_app, "_CONSOLES", {})
    with progress("working", "things") as on_progress:
        on_progress(1, 2)
        on_progress(2, 2)
    assert "working" in terminal.getvalue() and "things/s" in terminal.getvalue()
