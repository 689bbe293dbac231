"""A living scenario: drafted again after new articles, the analyst's own cells kept, the changes said."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import pipeline
from detente.cli.main import app
from detente.errors import AlertRuleError, UnknownModelError
from detente.scenario import load_draft, save_yaml
from detente.scenario.model import Estimate
from detente.store import Workspace
from detente.store.alerts import forecast_history
from detente.system.alerts import load_rules, parse_rules

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
    lines = again.output.splitlines()
    forecast_line = next(i for i, line in enumerate(lines) if "ceasefire_scope: forecast (detente.nash.v1)" in line)
    assert "IRN position on ceasefire_scope: empty -> " in lines[forecast_line + 1]  # the cells under their issue
    quiet = runner.invoke(app, ["scenario", "draft", "-w", ws, "-o", str(tmp_path / "q.yaml"), "--update", str(out),
                                "--no-forecast"], terminal_width=200)  # fmt: skip
    assert quiet.exit_code == 0 and "forecast (" not in quiet.output and "0 cells moved" in quiet.output
    for alone in (["--model", "nash"], ["--no-forecast"]):  # without --update they would do nothing: refused
        refused = runner.invoke(app, ["scenario", "draft", "-w", ws, "-o", str(tmp_path / "r.yaml"), *alone])
        assert refused.exit_code != 0 and "go with --update" in refused.output and not (tmp_path / "r.yaml").exists()
    (tmp_path / "ws" / "alerts.yaml").write_text("rules:\n  - {name: moved, forecast_move: 1}\n", "utf-8")
    checked = runner.invoke(app, ["alerts", "check", "-w", ws])  # the forecasts the update stored
    assert checked.exit_code == 0, checked.output
    assert re.search(r"\[moved\] drafted scenario detente\.nash\.v1 leader_future: [\d.]+ -> [\d.]+", checked.output)
    assert "1 new alerts" in checked.output
    updated = load_draft(out)
    assert [i.id for i in updated.issues] == ["leader_future", "ceasefire_scope"]
    assert {a.capability.value for a in updated.actors} == {1.0}  # the draft's own capability measure kept
    save_yaml(updated, tmp_path / "copy.yaml")


AGAIN = "Published 2016-11-01.\n\nQatar still wants the president out.\n"


def _add(ws: Workspace, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    pipeline.ingest(ws, [path])
    pipeline.extract(ws)


def test_update_forecasts_before_and_after_and_a_forecast_move_alerts(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        _add(ws, tmp_path / "a.txt", FIRST)
        first = pipeline.draft(ws, issues=ISSUES, capability="equal")
        rules = parse_rules({"rules": [{"name": "moved", "forecast_move": 0.5}]}, "test")
        assert pipeline.check_alerts(ws, rules) == []
        _add(ws, tmp_path / "b.txt", LATER)
        skipped = pipeline.update_scenario(ws, first, forecast=False)
        assert skipped.model is None and skipped.before == skipped.after == {}
        assert forecast_history(ws) == []  # nothing forecast, nothing stored
        done = pipeline.update_scenario(ws, first)
        assert done.model == "detente.nash.v1" and [c.describe() for c in done.changes] == [
            c.describe() for c in skipped.changes
        ]
        stored = forecast_history(ws)
        assert [f.result["issues"][0]["forecast"] for f in stored] == [done.before["leader_future"],
                                                                         done.after["leader_future"]]  # fmt: skip
        moved = {issue: (was, now, cells) for issue, was, now, cells in done.by_issue()}
        was, now, cells = moved["leader_future"]
        assert was is not None and now is not None and abs(now - was) > 0.5
        assert {(c.actor, c.field) for c in cells} >= {("TUR", "position"), ("QAT", "position")}
        alerts = pipeline.check_alerts(ws, rules)
        assert [a.what for a in alerts] == [f"{first.name} detente.nash.v1 leader_future: {was:g} -> {now:g}"]
        assert pipeline.check_alerts(ws, rules) == []  # once


def test_a_cell_evidence_rule_alerts_on_new_values_and_new_sentences(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        _add(ws, tmp_path / "a.txt", FIRST)
        save_yaml(pipeline.draft(ws, issues=ISSUES, capability="equal"), tmp_path / "draft.yaml")
        (tmp_path / "alerts.yaml").write_text("rules:\n  - {name: cells, cell_evidence: draft.yaml}\n", "utf-8")
        rules = load_rules(tmp_path / "alerts.yaml")
        assert pipeline.check_alerts(ws, rules) == []  # drafted again on the same evidence: nothing moved
        _add(ws, tmp_path / "b.txt", LATER)
        found = {a.what.split(": ", 1)[1].split(":")[0]: a for a in pipeline.check_alerts(ws, rules)}
        assert set(found) == {"IRN position on ceasefire_scope", "QAT position on leader_future",
                              "TUR position on leader_future"}  # fmt: skip
        assert "empty -> " in found["QAT position on leader_future"].what
        iran = found["IRN position on ceasefire_scope"]
        assert iran.sentence == "Iran now insists on a nationwide ceasefire." and iran.document is not None
        assert pipeline.check_alerts(ws, rules) == []  # each change once
        updated = pipeline.update_scenario(ws, load_draft(tmp_path / "draft.yaml"), forecast=False).draft
        save_yaml(updated, tmp_path / "draft.yaml")  # the analyst takes the update
        assert pipeline.check_alerts(ws, rules) == []
        _add(ws, tmp_path / "c.txt", AGAIN)  # the same stance again: same value, one more sentence
        (again,) = pipeline.check_alerts(ws, rules)
        assert re.search(r"QAT position on leader_future: ([\d.]+) -> \1 \(1 new sentence\)", again.what)
        assert again.sentence == "Qatar still wants the president out."


def test_a_cell_evidence_rule_without_its_scenario_is_one_error(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        rules = parse_rules({"rules": [{"name": "cells", "cell_evidence": str(tmp_path / "gone.yaml")}]}, "test")
        with pytest.raises(AlertRuleError, match="rule cells: cannot read its scenario"):
            pipeline.check_alerts(ws, rules)


def test_an_unknown_model_is_refused_before_the_update(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        _add(ws, tmp_path / "a.txt", FIRST)
        first = pipeline.draft(ws, issues=ISSUES, capability="equal")
        with pytest.raises(UnknownModelError, match="nope"):
            pipeline.update_scenario(ws, first, model="nope")
        assert forecast_history(ws) == []
