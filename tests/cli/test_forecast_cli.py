from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detente.cli.main import app

runner = CliRunner()
CSV = "Actor,Capability,Position,Salience\nNL,0.08,4,80\nBE,0.08,7,40\nFR,0.16,10,60\nUK,0.16,10,90\nDE,0.16,4,80\n"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_forecast_table_and_json(tmp_path: Path) -> None:
    path = tmp_path / "ec.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out = run("forecast", str(path), "--model", "mean")
    assert code == 0 and "detente.mean.v1" in out
    code, out = run("forecast", str(path), "--model", "eum", "--json", "--rounds", "4", "--profile", "scholz_code")
    assert code == 0, out
    data = json.loads(out)
    assert data["model"] == "detente.eum.v1" and data["params"]["profile"] == "scholz_code"
    assert len(data["positions"][0]) == 5 and len(data["positions"][0][0]) == 1
    assert data["issues"][0]["forecast"] == data["issues"][0]["median_path"][-1]


def test_forecast_monte_carlo_and_what_if(tmp_path: Path) -> None:
    path = tmp_path / "ec.csv"
    path.write_text(CSV, encoding="utf-8")
    code, out = run("forecast", str(path), "--model", "mean", "--drop", "UK", "--set", "FR.position=4", "--json")
    assert code == 0, out
    what_if = json.loads(out)["what_if"][0]
    assert what_if["what_if"] < what_if["base"]
    code, out = run("forecast", str(path), "--model", "median", "--runs", "20", "--seed", "9")
    assert code == 0 and "seed 9" in out and "no value of the scenario states an uncertainty" in out


def test_forecast_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,0,4,0.5\nB,1,5,0.5\n", encoding="utf-8")
    code, out = run("forecast", str(path))
    assert code == 2 and "capability must be above 0" in out and "bad.csv:2" in out
    good = tmp_path / "ok.csv"
    good.write_text(CSV, encoding="utf-8")
    code, out = run("forecast", str(good), "--model", "nope")
    assert code == 2 and "detente.eum.v1" in out
    code, out = run("forecast", str(good), "--set", "FR.position")
    assert code == 2 and "ACTOR.FIELD" in out
    code, out = run("forecast", str(good), "--drop", "XX")
    assert code == 2 and "no actor 'XX'" in out


def test_models_command() -> None:
    code, out = run("models")
    assert code == 0 and "detente.nash.v1" in out
