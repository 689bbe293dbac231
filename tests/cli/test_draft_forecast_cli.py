"""The README's chain: ``scenario draft`` on the example corpus, then ``forecast`` of the draft without edits (an
empty cell means that actor takes no part in that issue); ``forecast --strict`` refuses the draft's empty cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from cli_support import assert_one_line_error, detente

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def draft(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("draft")
    ws = str(folder / "ws")
    assert detente("ingest", str(ROOT / "examples" / "syria-2016" / "articles"), "--workspace", ws).code == 0
    run = detente("extract", "--workspace", ws)
    assert run.code == 0, run.err
    out = folder / "scenario.yaml"
    run = detente("scenario", "draft", "--workspace", ws, "-o", str(out))
    assert run.code == 0, run.err
    return out


def empty_cells(path: Path) -> set[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {(a["id"], issue) for a in data["actors"] for issue, cell in a["positions"].items()
            if cell is None or (isinstance(cell, dict) and cell.get("value") is None)}  # fmt: skip


def test_the_draft_forecasts_without_edits(draft: Path) -> None:
    empty = empty_cells(draft)
    assert empty  # the draft has gaps: that is the point
    run = detente("forecast", str(draft), "--model", "mean", "--runs", "50", "--seed", "1", "--json")
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["issues"]
    for issue in result["issues"]:
        assert len(issue["actors"]) >= 2
        assert set(issue["actors"]).isdisjoint(issue["absent"])
        assert set(issue["actors"]) | set(issue["absent"]) == set(result["actors"])
        # who sits an issue out is exactly who has an empty cell on it in the draft
        assert {(a, issue["id"]) for a in issue["absent"]} <= empty
        assert not {(a, issue["id"]) for a in issue["actors"]} & empty
        assert issue["scale"]["low"] <= issue["forecast"] <= issue["scale"]["high"]
        assert set(issue["weight_share"]) == set(issue["actors"])
    assert any("empty cells read as 'takes no part" in note for note in result["notes"])


def test_the_draft_forecasts_in_text_naming_who_takes_part(draft: Path) -> None:
    run = detente("forecast", str(draft), "--model", "eum", "--runs", "1")
    assert run.code == 0, run.err
    assert "actors taking part" in run.out and "take part;" in run.out and "no part" in run.out


def test_strict_refuses_the_draft(draft: Path) -> None:
    run = detente("forecast", str(draft), "--strict")
    assert_one_line_error(run, "has no value for", "the draft found no evidence for it")
