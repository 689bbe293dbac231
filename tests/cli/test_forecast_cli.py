from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cli_support import assert_one_line_error, detente

ROOT = Path(__file__).resolve().parents[2]
CSV = "Actor,Capability,Position,Salience\nNL,0.08,4,80\nBE,0.08,7,40\nFR,0.16,10,60\nUK,0.16,10,90\nDE,0.16,4,80\n"
SCENARIO = ROOT / "examples" / "syria-2016" / "scenario.yaml"


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "ec.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_forecast_table_and_json(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    run = detente("forecast", str(path), "--model", "mean")
    assert run.code == 0 and "detente.mean.v1" in run.out
    run = detente("forecast", str(path), "--model", "eum", "--json", "--rounds", "4", "--profile", "scholz_code")
    assert run.code == 0, run.err
    data = json.loads(run.out)  # stdout is the JSON document alone
    assert data["model"] == "detente.eum.v1" and data["params"]["profile"] == "scholz_code"
    assert len(data["positions"][0]) == 5 and len(data["positions"][0][0]) == 1
    assert data["issues"][0]["forecast"] == data["issues"][0]["median_path"][-1]


def test_scenario_is_named_positionally_or_with_the_option(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    positional = json.loads(detente("forecast", str(path), "--model", "mean", "--json").out)
    for flag in ("--scenario", "-s"):
        named = json.loads(detente("forecast", flag, str(path), "--model", "mean", "--json").out)
        assert named["issues"][0]["forecast"] == positional["issues"][0]["forecast"]
    other = tmp_path / "other.csv"
    other.write_text(CSV, encoding="utf-8")
    assert_one_line_error(detente("forecast", str(path), "-s", str(other)), "two scenarios")
    assert_one_line_error(detente("forecast", "--model", "mean"), "no scenario given")
    assert_one_line_error(detente("forecast", str(tmp_path / "nope.yaml")), "nope.yaml", "no such scenario file")


def test_runs_and_seed_defaults(tmp_path: Path) -> None:
    # a scenario stating uncertainties: 200 runs, seed 2016, the same numbers every time
    first = json.loads(detente("forecast", str(SCENARIO), "--model", "mean", "--json").out)
    assert first["runs"] == 200 and first["seed"] == 2016 and first["issues"][0]["quantiles"]
    again = json.loads(detente("forecast", "-s", str(SCENARIO), "--model", "mean", "--json").out)
    assert again["quantiles"] == first["quantiles"]
    # a scenario stating none is solved once, unless --runs says otherwise
    plain = json.loads(detente("forecast", str(_csv(tmp_path)), "--model", "mean", "--json").out)
    assert plain["runs"] == 1 and plain["issues"][0]["quantiles"] is None


def test_forecast_monte_carlo_and_what_if(tmp_path: Path) -> None:
    path = _csv(tmp_path)
    run = detente("forecast", str(path), "--model", "mean", "--drop", "UK", "--set", "FR.position=4", "--json")
    assert run.code == 0, run.err
    what_if = json.loads(run.out)["what_if"][0]
    assert what_if["what_if"] < what_if["base"]
    run = detente("forecast", str(path), "--model", "median", "--runs", "20", "--seed", "9")
    assert run.code == 0 and "seed 9" in run.out and "no value of the scenario states an uncertainty" in run.out


def test_readme_what_if_uses_a_real_issue() -> None:
    run = detente("forecast", str(SCENARIO), "--model", "mean", "--drop", "USA", "--set",
                  "RUS.position.leader_future=60", "--json")  # fmt: skip
    assert run.code == 0, run.err
    assert {row["issue"] for row in json.loads(run.out)["what_if"]} >= {"leader_future"}


def test_forecast_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,0,4,0.5\nB,1,5,0.5\n", encoding="utf-8")
    run = detente("forecast", str(path))
    assert run.code == 2 and "capability must be above 0" in run.err and "bad.csv:2" in run.err
    good = _csv(tmp_path)
    run = detente("forecast", str(good), "--model", "nope")
    assert run.code == 2 and "detente.eum.v1" in run.err
    assert_one_line_error(detente("forecast", str(good), "--set", "FR.position"), "ACTOR.FIELD")
    run = detente("forecast", str(good), "--drop", "XX")
    assert run.code == 2 and "no actor 'XX'" in run.err


def test_models_command() -> None:
    run = detente("models")
    assert run.code == 0 and "detente.nash.v1" in run.out
    models = json.loads(detente("models", "--json").out)
    assert {m["name"] for m in models} >= {"detente.mean.v1", "detente.eum.v1", "detente.smp.v1"}
    assert all(isinstance(m["aliases"], list) for m in models)
    rows = list(csv.DictReader(io.StringIO(detente("models", "--csv").out)))
    assert [r["name"] for r in rows] == [m["name"] for m in models]
