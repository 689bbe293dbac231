"""Backtest arithmetic on the hand-made DEU table (hand-computed), and the real DEU run when ../shared is there."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from detente.bargain.backtest import backtest
from detente.bargain.cases import from_scenarios
from detente.scenario import make_actor, make_issue
from detente.scenario.deu import read_deu
from detente.scenario.model import Scenario

TESTS = Path(__file__).resolve().parents[1]
SHARED = TESTS.parent.parent / "shared" / "benchmarks" / "deu"


def tiny(tmp_path: Path):  # type: ignore[no-untyped-def]
    from tests.scenario.test_deu import write_tiny

    return read_deu(write_tiny(tmp_path))


def test_scores_by_hand(tmp_path: Path) -> None:
    result = backtest(tiny(tmp_path), ["mean", "midpoint", "proposer", "status_quo"], runs=0, stacked=False)
    f = result.forecasts.set_index("issue")
    # p1i1: com 10*.5*100 + fr 10*.5*100 over weights 5 + 5 + 10 + 5 = 40; p2i1: (29*.5*100 + 4*100) / 62
    assert f.loc["p1i1", "f_mean"] == pytest.approx(40.0)
    assert f.loc["p2i1", "f_mean"] == pytest.approx(1850 / 62)
    s = result.overall()
    assert s.loc["mean", "mae"] == pytest.approx((20 + 1850 / 62) / 2)
    assert s.loc["midpoint", "mae"] == pytest.approx(30.0)  # |50-60|, |50-0|
    assert s.loc["midpoint", "rmse"] == pytest.approx(np.sqrt((100 + 2500) / 2))
    assert s.loc["midpoint", "within_10"] == pytest.approx(0.5)
    assert s.loc["proposer", "mae"] == pytest.approx(20.0)  # |100-60|, |0-0|
    assert s.loc["status_quo", "n"] == 1 and s.loc["status_quo", "mae"] == pytest.approx(60.0)
    # closest: the midpoint on p1i1 (10 points), the proposer on p2i1 (0)
    assert s.loc["midpoint", "closest"] == pytest.approx(0.5) and s.loc["proposer", "closest"] == pytest.approx(0.5)
    # paired bootstrap of midpoint minus mean: per-issue differences -10 and 50 - 1850/62
    lo, hi = s.loc["midpoint", "ci_low"], s.loc["midpoint", "ci_high"]
    assert lo == pytest.approx(-10.0) and hi == pytest.approx(50 - 1850 / 62)
    assert s.loc["mean", "ci_low"] == 0.0 == s.loc["mean", "ci_high"]
    data = result.to_json()
    assert data["issues"] == 2 and set(data["models"]["mean"]) >= {"mae", "rmse", "within_10", "coverage_50",
                                                                     "coverage_80", "mae_minus_mean_ci"}  # fmt: skip
    assert data["subsets"]["procedure"]["COD"]["issues"] == 1
    json.dumps(data)  # plain JSON


def test_coverage_is_reproducible_by_seed(tmp_path: Path) -> None:
    table = tiny(tmp_path)
    one = backtest(table, ["nash"], runs=50, seed=3, stacked=False).overall()
    two = backtest(table, ["nash"], runs=50, seed=3, stacked=False).overall()
    assert one.loc["nash", "coverage_80"] == two.loc["nash", "coverage_80"]
    assert 0.0 <= one.loc["nash", "coverage_50"] <= one.loc["nash", "coverage_80"] <= 1.0


def test_scenarios_with_outcomes_rescale_to_0_100() -> None:
    issue = make_issue("tax", 0, 10).model_copy(update={"outcome": 7.0})
    actors = (make_actor("a", 1, {"tax": 2}, {"tax": 1}), make_actor("b", 3, {"tax": 10}, {"tax": 1}))
    table = from_scenarios([Scenario(name="s", issues=(issue, make_issue("open")), actors=tuple(
        a.model_copy(update={"positions": {**a.positions, "open": a.positions["tax"]},
                             "salience": {**a.salience, "open": a.salience["tax"]}}) for a in actors))])  # fmt: skip
    assert list(table.issues["issue"]) == ["s/tax"]  # the issue without an outcome is left out
    result = backtest(table, ["mean"], runs=0, stacked=False)
    # mean (1*20 + 3*100) / 4 = 80 on 0-100; outcome 70
    assert result.overall().loc["mean", "mae"] == pytest.approx(10.0)


@pytest.mark.skipif(not (SHARED / "deu3_source.tsv").exists(), reason="needs ../shared/benchmarks/deu")
def test_real_deu_weighted_mean_matches_the_published_replication() -> None:
    result = backtest(read_deu(SHARED / "deu3_source.tsv"), ["mean", "midpoint"], runs=0, stacked=False)
    overall = result.overall()
    assert len(result.forecasts) == 353
    assert overall.loc["mean", "mae"] == pytest.approx(22.99, abs=0.1)  # the published replication's figure


def test_backtest_command_json_and_table(tmp_path: Path) -> None:
    from tests.scenario.test_deu import write_tiny
    from typer.testing import CliRunner

    from detente.cli.main import app

    path = write_tiny(tmp_path)
    result = CliRunner().invoke(app, ["backtest", str(path), "--json", "--runs", "20", "--no-stacked"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["issues"] == 2 and data["default"] == "nash"
    for figures in data["models"].values():
        assert {"mae", "rmse", "within_10", "coverage_50", "coverage_80", "mae_minus_mean_ci"} <= set(figures)
    assert data["models"]["midpoint"]["mae"] == pytest.approx(30.0)
    result = CliRunner().invoke(app, ["backtest", str(path), "--models", "nash", "--runs", "0", "--by-subset"])
    assert result.exit_code == 0 and "procedure=COD" in result.output and "nash (default)" in result.output


def test_backtest_command_on_scenarios_with_outcomes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from detente.cli.main import app
    from detente.scenario import save_yaml

    issue = make_issue("tax", 0, 10).model_copy(update={"outcome": 7.0})
    scenario = Scenario(name="s", issues=(issue,), actors=(make_actor("a", 1, {"tax": 2}, {"tax": 1}),
                                                          make_actor("b", 3, {"tax": 10}, {"tax": 1})))  # fmt: skip
    path = tmp_path / "s.yaml"
    save_yaml(scenario, path)
    result = CliRunner().invoke(app, ["backtest", str(path), "--json", "--runs", "0", "--no-stacked"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["models"]["mean"]["mae"] == pytest.approx(10.0)
