"""A living scenario: drafted again after new articles, the analyst's own cells kept, the changes said."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente import pipeline
from detente.cli.main import app
from detente.scenario import load_draft, save_yaml
from detente.scenario.model import Estimate
from detente.store import Workspace

FIRST = ("Published 2016-03-02.\n\nTurkey wants the president out.\n\n"
         "Iran wants Assad to remain in power.\n\nJordan welcomed the nationwide ceasefire.\n")  # fmt: skip
LATER = ("Published 2016-10-04.\n\nIran now insists on a nationwide ceasefire.\n\n"
         "Qatar wants the president out.\n\nTurkey said Assad may stay in power during a transition.\n")  # fmt: skip
ISSUES = ["leader_future", "ceasefire_scope"]


def test_redraft_keeps_the_analysts_cells_and_says_what_moved(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    with Workspace.open(tmp_path / "ws") as ws:
        pipeline.ingest(ws, [tmp_path / "a.txt"])
        pipeline.extract(ws)
        first = pipeline.draft(ws, issues=ISSUES)
        jordan = first.actor("JOR")
        assert jordan.positions["leader_future"] is None  # Jordan said nothing on Assad: the analyst fills it in
        mine = Estimate(value=70.0, note="our judgement", basis="analyst")
        edited = first.model_copy(update={"actors": tuple(
            a.model_copy(update={"positions": {**a.positions, "leader_future": mine}}) if a.id == "JOR" else a
            for a in first.actors)})  # fmt: skip
        (tmp_path / "b.txt").write_text(LATER, encoding="utf-8")
        pipeline.ingest(ws, [tmp_path / "b.txt"])
        pipeline.extract(ws)
        updated, changes = pipeline.redraft(ws, edited)
    assert updated.actor("JOR").positions["leader_future"] == mine  # the analyst's cell is kept
    iran = updated.actor("IRN").positions["ceasefire_scope"]
    assert iran is not None and iran.basis == "stated" and iran.value > 50  # new evidence, new value
    moved = {(c.actor, c.issue, c.field): c for c in changes}
    assert ("IRN", "ceasefire_scope", "position") in moved
    assert any("nationwide ceasefire" in s for s in moved[("IRN", "ceasefire_scope", "position")].new_evidence)
    assert ("JOR", "leader_future", "position") not in moved
    assert "QAT" in {a.id for a in updated.actors} and ("QAT", "leader_future", "position") in moved  # a newcomer
    turkey = moved.get(("TUR", "leader_future", "position"))
    assert (
        turkey is not None and turkey.after is not None and turkey.before is not None and turkey.after < turkey.before
    )


def test_cli_update(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    ws = str(tmp_path / "ws")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "-w", ws]).exit_code == 0
    assert runner.invoke(app, ["extract", "-w", ws]).exit_code == 0
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["scenario", "draft", "-w", ws, "-o", str(out), "--issue", "leader_future",
                                 "--issue", "ceasefire_scope", "--capability", "equal"])  # fmt: skip
    assert result.exit_code == 0, result.output
    (tmp_path / "b.txt").write_text(LATER, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(tmp_path / "b.txt"), "-w", ws]).exit_code == 0
    assert runner.invoke(app, ["extract", "-w", ws]).exit_code == 0
    again = runner.invoke(app, ["scenario", "draft", "-w", ws, "-o", str(out), "--update", str(out)],
                          terminal_width=200)  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "cells moved since" in again.output and "IRN position on ceasefire_scope" in again.output
    updated = load_draft(out)
    assert [i.id for i in updated.issues] == ["leader_future", "ceasefire_scope"]
    assert {a.capability.value for a in updated.actors} == {1.0}  # the draft's own capability measure kept
    save_yaml(updated, tmp_path / "copy.yaml")
