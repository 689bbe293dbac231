from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200", "NO_COLOR": "1"})
    return result.exit_code, result.output


def test_help_lists_commands() -> None:
    code, out = invoke("--help")
    assert code == 0
    for command in ("ingest", "docs", "demo"):
        assert command in out


def test_ingest_then_list_and_show(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Aid reaches Aleppo\n\nA convoy of the United Nations reached Aleppo.", "utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    ws = str(tmp_path / "ws")
    code, out = invoke("ingest", str(tmp_path), "--workspace", ws, "--date", "2016-10-20")
    assert code == 0, out
    assert re.search(r"│\s+1\s+│\s+0\s+│\s+1\s+│", out)
    assert "empty file" in out
    code, out = invoke("docs", "list", "--workspace", ws)
    assert code == 0 and "Aid reaches Aleppo" in out and "2016-10-20 (--date)" in out
    doc_id = re.search(r"\b([0-9a-f]{12})\b", out)
    assert doc_id
    code, out = invoke("docs", "show", doc_id.group(1), "--workspace", ws)
    assert code == 0 and "A convoy of the United Nations reached Aleppo." in out
    code, out = invoke("docs", "rejections", "--workspace", ws)
    assert code == 0 and "b.txt" in out


def test_nothing_usable_exits_nonzero(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_bytes(b"\x00\x01binary")
    code, out = invoke("ingest", str(tmp_path / "b.txt"), "--workspace", str(tmp_path / "ws"))
    assert code == 1
    assert "binary" in out and "nothing usable" in out


def test_bad_date_is_a_clear_error(tmp_path: Path) -> None:
    code, out = invoke("ingest", str(tmp_path), "--workspace", str(tmp_path / "ws"), "--date", "23/09/2016")
    assert code == 2 and "YYYY-MM-DD" in out


def test_docs_on_missing_workspace(tmp_path: Path) -> None:
    code, out = invoke("docs", "list", "--workspace", str(tmp_path / "none"))
    assert code == 2 and "no workspace here" in out


def test_demo_runs_on_example_corpus(tmp_path: Path) -> None:
    code, out = invoke("demo", "--corpus", str(ROOT / "examples" / "syria-2016"), "--workspace", str(tmp_path / "w"))
    assert code == 0, out
    assert "Syrian Army Takes Full Control of Aleppo" in out
    assert re.search(r"│\s+16\s+│\s+0\s+│\s+0\s+│", out)
    # the demo ends with the flagship scenario's forecast by every model, with Monte Carlo intervals
    assert "From news to forecast" in out
    assert all(model in out for model in ("eum", "mean", "median", "nash", "smp"))
    assert re.search(r"leader_fu\S*\s+│\s+\d+", out)


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
