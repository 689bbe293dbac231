"""From news to forecast: drafting the scenario from the example corpus, with evidence for every number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from detente.bargain import forecast
from detente.cli.main import app
from detente.draft import draft, load_library
from detente.errors import ScenarioError
from detente.model import ConflictSystem
from detente.scenario import DraftScenario, load, parse_yaml, to_yaml
from detente.store import Workspace
from detente.store.articles import ingest_paths

CURATED = ["leader_future", "ceasefire_scope", "humanitarian_access", "military_coordination"]


@pytest.fixture(scope="module")
def typed(example_system: ConflictSystem) -> DraftScenario:
    return draft(example_system, issues=CURATED)


@pytest.fixture(scope="module")
def drafted(typed: DraftScenario) -> dict[str, Any]:
    """The draft as written to YAML, the form an analyst edits."""
    return yaml.safe_load(to_yaml(typed))


@pytest.fixture(scope="module")
def texts(example_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    with Workspace.open(tmp_path_factory.mktemp("texts")) as ws:
        ingest_paths(ws, [example_dir / "articles"])
        return {f"{d.path}:{d.line}" if d.line is not None else d.path: d.text for d in ws.documents()} | {
            d.id: d.text for d in ws.documents()
        }


def position(data: dict[str, Any], actor: str, issue: str) -> Any:
    entry = next(a for a in data["actors"] if a["id"] == actor)
    return entry["positions"][issue]["value"]


def test_curated_issues_with_scales_and_both_ends(drafted: dict[str, Any]) -> None:
    assert [i["id"] for i in drafted["issues"]] == CURATED
    for issue in drafted["issues"]:
        assert issue["scale"]["low_label"] and issue["scale"]["high_label"]


def test_positions_have_the_right_signs(drafted: dict[str, Any]) -> None:
    # on the leader's future the US sits near "leave", Russia and Iran near "stay"
    assert position(drafted, "USA", "leader_future") > 70
    assert position(drafted, "RUS", "leader_future") < 30
    assert position(drafted, "IRN", "leader_future") < 30
    assert position(drafted, "TUR", "leader_future") > 70 and position(drafted, "SAU", "leader_future") > 70
    assert position(drafted, "SYR", "leader_future") == 0  # the issue's subject, by definition
    assert position(drafted, "HEZBOLLAH", "ceasefire_scope") < 50 < position(drafted, "JOR", "ceasefire_scope")
    assert position(drafted, "RUS", "military_coordination") > 70


def test_every_drafted_value_quotes_real_sentences(drafted: dict[str, Any], texts: dict[str, str]) -> None:
    quoted = 0
    for actor in drafted["actors"]:
        for issue, value in actor["positions"].items():
            assert 0 <= (value.get("confidence") or 0) <= 1
            if value["value"] is None or "subject" in str(value.get("note")):
                continue
            assert value["evidence"], (actor["id"], issue)
            for evidence in value["evidence"]:
                assert evidence["sentence"] in texts[evidence["document"]]
                # the offsets open the document at exactly that sentence
                assert texts[evidence["id"]][evidence["start"] : evidence["end"]] == evidence["sentence"]
                quoted += 1
        assert actor["capability"]["value"] > 0 and actor["capability"]["note"]
    assert quoted >= 25


def test_no_evidence_no_number(typed: DraftScenario, drafted: dict[str, Any]) -> None:
    empty = typed.gaps()
    assert ("SAU", "humanitarian_access") in empty  # the corpus never shows Saudi Arabia on aid
    jordan = next(a for a in drafted["actors"] if a["id"] == "JOR")
    assert jordan["positions"]["leader_future"] == {"value": None, "note": jordan["positions"]["leader_future"]["note"]}
    with pytest.raises(ScenarioError, match="has no value for positions"):
        parse_yaml(to_yaml(typed), strict=True)  # by default an empty cell means "takes no part"


def test_people_speak_for_their_government(drafted: dict[str, Any]) -> None:
    ids = {a["id"] for a in drafted["actors"]}
    assert "KERRY" not in ids and "JUBEIR" not in ids
    usa = next(a for a in drafted["actors"] if a["id"] == "USA")
    sentences = [e["sentence"] for e in usa["positions"]["military_coordination"]["evidence"]]
    assert any("Kerry pressed for a joint cell" in s for s in sentences)


def test_targets_of_a_call_are_not_its_speakers(drafted: dict[str, Any]) -> None:
    # "The Pentagon rejected any military cooperation with Russia": the US against, Russia not a speaker there
    russia = next(a for a in drafted["actors"] if a["id"] == "RUS")
    assert all("Pentagon" not in e["sentence"] for e in russia["positions"]["military_coordination"]["evidence"])


def test_user_templates_extend_the_library(tmp_path: Path, example_system: ConflictSystem) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "issues:\n  chemical_weapons:\n    name: Chemical weapons accountability\n"
        "    scale: {low: 0, high: 100, low_label: no inquiry, high_label: sanctions}\n"
        "    topics:\n      - {pattern: 'emergency meeting of the Security Council', value: 80}\n"
    )  # fmt: skip
    assert "chemical_weapons" in load_library([extra]).issues
    data = draft(example_system, issues=["chemical_weapons"], templates=[extra])
    assert data.actor("USA").positions["chemical_weapons"].value == 80  # type: ignore[union-attr]
    bad = tmp_path / "bad.yaml"
    bad.write_text("issues:\n  x:\n    topics:\n      - {pattern: '(unclosed', value: 1}\n")
    with pytest.raises(ScenarioError, match="bad pattern"):
        load_library([bad])


def test_the_flagship_scenario_forecasts_with_every_model(example_dir: Path) -> None:
    scenario = load(example_dir / "scenario.yaml")
    assert [i.id for i in scenario.issues] == CURATED
    for model in ("mean", "median", "nash", "eum", "smp"):
        result = forecast(scenario, model, runs=20, seed=1)
        leader = result.issue("leader_future")
        assert 50 < leader.forecast <= 100  # the US-led side's weight carries the leader issue
        assert leader.distribution is not None and leader.distribution.runs == 20


def test_cli_draft_then_explain(example_dir: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    ws = tmp_path / "ws"
    assert runner.invoke(app, ["ingest", str(example_dir / "articles"), "--workspace", str(ws)]).exit_code == 0
    assert runner.invoke(app, ["extract", "--workspace", str(ws)]).exit_code == 0
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["scenario", "draft", "--workspace", str(ws), "-o", str(out), "--issue",
                                 "leader_future", "--issue", "military_coordination"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "cells have no evidence" in result.output
    data = yaml.safe_load(out.read_text())
    assert [i["id"] for i in data["issues"]] == ["leader_future", "military_coordination"]
    explain = runner.invoke(app, ["scenario", "explain", str(out), "RUS", "leader_future"], terminal_width=200)
    assert explain.exit_code == 0, explain.output
    assert "only Syrians can decide his future" in explain.output
    missing = runner.invoke(app, ["scenario", "explain", str(out), "Atlantis", "leader_future"])
    assert missing.exit_code != 0 and "no actor 'Atlantis'" in missing.output
    refused = runner.invoke(app, ["forecast", str(out), "--strict"])
    assert refused.exit_code != 0 and "no evidence" in refused.output
