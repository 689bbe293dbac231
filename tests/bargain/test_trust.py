"""Forecast context (baselines, weight shares, dominance warning, track record), calibration and stacking."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from detente.bargain import forecast, set_value
from detente.bargain.calibrate import calibrate
from detente.bargain.context import TRACK_RECORD_FILE, stored, track_record
from detente.bargain.noise import CALIBRATED, NoiseModel, perturb
from detente.bargain.stack import cross_validated, fit_weights
from detente.scenario import make_actor, make_issue, save_yaml
from detente.scenario.model import Scenario

DOMINATED = Scenario(
    name="dominated",
    issues=(make_issue("x", 0, 10),),
    actors=(
        make_actor("big", 8, {"x": 10}, {"x": 1.0}),
        make_actor("a", 1, {"x": 0}, {"x": 1.0}),
        make_actor("b", 1, {"x": 4}, {"x": 0.5}),
    ),
)


def test_forecast_carries_baselines_shares_and_a_warning() -> None:
    item = forecast(DOMINATED, "median").issues[0]
    assert item.baselines["midpoint"] == 5.0
    assert item.baselines["weighted_mean"] == pytest.approx((80 + 0 + 2) / 9.5)
    assert item.weight_share["big"] == pytest.approx(8 / 9.5)
    assert sum(item.weight_share.values()) == pytest.approx(1.0)
    assert len(item.warnings) == 1 and "big holds 84%" in item.warnings[0]
    balanced = forecast(set_value(DOMINATED, "big", "capability", 1.0), "median").issues[0]
    assert balanced.warnings == ()


@pytest.mark.skipif(not TRACK_RECORD_FILE.exists(), reason="no stored track record")
def test_track_record_is_the_stored_backtest() -> None:
    data = stored()
    result = forecast(DOMINATED, "nash")
    record = result.track_record
    assert record is not None and record.candidate == "nash"
    assert record.mae == pytest.approx(data["models"]["nash"]["mae"])
    assert f"on {data['issues']} EU decisions" in record.sentence()
    assert "about" in record.sentence(0, 10)  # the error on the issue's own scale
    assert track_record("detente.eum.v1", {"profile": "paper"}).candidate == "eum_paper"  # type: ignore[union-attr]
    out = result.to_json()
    assert out["track_record"]["mae"] == record.mae
    assert out["issues"][0]["typical_error"] == pytest.approx(record.mae / 10)
    assert out["issues"][0]["warnings"] and out["issues"][0]["baselines"]["midpoint"] == 5.0


@pytest.mark.skipif(not TRACK_RECORD_FILE.exists(), reason="no stored track record")
def test_calibrated_default_is_the_stored_calibration() -> None:
    noise = yaml.safe_load(TRACK_RECORD_FILE.read_text())["calibration"]["noise"]
    assert {k: v for k, v in CALIBRATED.to_dict().items() if k != "name"} == {
        k: v for k, v in noise.items() if k != "name"
    }


def test_forecast_cli_prints_the_context(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from detente.cli.main import app

    path = tmp_path / "d.yaml"
    save_yaml(DOMINATED, path)
    result = CliRunner().invoke(app, ["forecast", str(path), "--model", "mean"])
    assert result.exit_code == 0, result.output
    assert "weighted mean" in result.output and "big 84%" in result.output and "warning:" in result.output
    result = CliRunner().invoke(app, ["forecast", str(path), "--json"])
    data = json.loads(result.output)
    assert data["model"] == "detente.nash.v1"  # the default: the best backtest
    assert data["issues"][0]["weight_share"]["big"] == pytest.approx(8 / 9.5)


def test_noise_draws_are_reproducible_by_seed() -> None:
    c, x, s = np.ones((2, 3)), np.array([[0.0, 50, 100], [10, 20, 30]]), np.full((2, 3), 0.5)
    low, high = np.zeros(2), np.full(2, 100.0)
    one = perturb(CALIBRATED, np.random.default_rng(7), 5, c, x, s, low, high)
    two = perturb(CALIBRATED, np.random.default_rng(7), 5, c, x, s, low, high)
    other = perturb(CALIBRATED, np.random.default_rng(8), 5, c, x, s, low, high)
    assert all(np.array_equal(a, b) for a, b in zip(one, two, strict=True))
    assert not np.array_equal(one[1], other[1])
    assert ((one[1] >= 0) & (one[1] <= 100)).all() and (one[2] <= 1).all()


def test_calibration_picks_by_coverage_and_cross_validates() -> None:
    # two noise models over 4 issues in 2 proposals: the first covers half at 50% and all at 80%...
    flags = np.array([[[1, 1], [0, 1], [1, 1], [0, 1]], [[1, 1], [1, 1], [1, 1], [1, 1]]], dtype=float)
    grid = (NoiseModel(name="narrow"), NoiseModel(name="wide"))
    result = calibrate(flags, ["p", "p", "q", "q"], grid)
    assert result.noise.name == "narrow" and result.coverage == (0.5, 1.0)
    assert result.cv_coverage == (0.5, 1.0)  # each proposal's issues scored with the choice made without them


def test_stacking_fits_the_simplex_and_does_not_leak() -> None:
    rng = np.random.default_rng(0)
    truth = rng.uniform(0, 100, 60)
    good, bad = truth + rng.normal(0, 2, 60), rng.uniform(0, 100, 60)
    features = np.column_stack([good, bad])
    weights = fit_weights(features, truth, np.ones((1, 60)))[0]
    assert weights.sum() == pytest.approx(1.0) and weights[0] > 0.9
    groups = np.repeat(np.arange(12), 5).astype(str)
    first, _ = cross_validated(features, truth, groups)
    changed = truth.copy()
    changed[:5] = 100 - changed[:5]  # another outcome for proposal 0 only
    second, _ = cross_validated(features, changed, groups)
    assert np.allclose(first[:5], second[:5])  # its forecasts never saw its outcomes


def test_nash_with_a_status_quo_warns_when_it_returns_it() -> None:
    # the status quo 5 lies between the two camps: no point is better than it for both, so Nash returns it
    split = Scenario(
        name="split",
        issues=(make_issue("x", 0, 10),),
        actors=(make_actor("a", 1, {"x": 2}, {"x": 1.0}), make_actor("b", 1, {"x": 8}, {"x": 1.0})),
    )
    stuck = forecast(split, "nash", disagreement=5.0)
    assert stuck.issues[0].forecast == 5.0
    assert any("returned the status quo on 1 of 1" in note for note in stuck.notes)
    moved = forecast(split, "nash", disagreement=0.0)  # points in (0, 4) beat 0 for both: no warning
    assert moved.issues[0].forecast != 0.0 and not moved.notes
