"""``detente events``, ``relations``, ``timeline``, ``export --format`` and ``extract --kb`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "220", "NO_COLOR": "1"})
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    ws = str(tmp_path_factory.mktemp("cli") / "ws")
    assert invoke("ingest", str(ROOT / "examples" / "syria-2016" / "articles"), "--workspace", ws)[0] == 0
    code, out = invoke("extract", "--workspace", ws)
    assert code == 0, out
    return ws


def test_events_filters(workspace: str) -> None:
    code, out = invoke("events", "--workspace", workspace, "--type", "assault", "--actor", "USA", "--evidence")
    assert code == 0, out
    assert "ASSAULT" in out and "Shayrat" in out and "CONSULT" not in out
    code, out = invoke("events", "--workspace", workspace, "--since", "2017-01-01", "--no-flagged")
    assert code == 0 and "2015-" not in out and "hypothetical" not in out


def test_relations_and_timeline(workspace: str) -> None:
    code, out = invoke("relations", "--workspace", workspace, "--by", "Y", "--actor", "IRN")
    assert code == 0, out
    assert "IRN" in out and "2015" in out
    code, out = invoke("timeline", "--workspace", workspace, "--since", "2017-04-01")
    assert code == 0, out
    assert "2017-04-07" in out and "2016-" not in out


def test_export_formats(workspace: str, tmp_path: Path) -> None:
    for name in ("c.json", "e.jsonl", "e.csv", "e.parquet", "g.graphml", "g.gexf"):
        code, out = invoke("export", "--workspace", workspace, "-o", str(tmp_path / name))
        assert code == 0 and (tmp_path / name).stat().st_size > 0, out
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["events"]
    code, out = invoke("export", "--workspace", workspace, "--format", "xml", "-o", str(tmp_path / "x"))
    assert code != 0 and "unknown export format" in out


def test_extract_with_a_broken_kb_file_says_where(tmp_path: Path, workspace: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  types:\n    BOMBARD: {verbs: {pummel: null}}\n", encoding="utf-8")
    code, out = invoke("extract", "--workspace", workspace, "--kb", str(bad))
    assert code != 0 and "BOMBARD" in out and "bad.yaml" in out
