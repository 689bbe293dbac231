from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from detente.bargain import compare, drop_actors, forecast, get_model, merge_actors, set_value
from detente.errors import ScenarioError, UnknownModelError
from detente.scenario import parse_yaml

YAML = """\
name: talks
issues:
  - {id: leader, scale: {low: 0, high: 100}}
  - {id: ceasefire, scale: {low: 0, high: 10}}
actors:
  - {id: USA, capability: {value: 100, sd: 15}, positions: {leader: {value: 10, sd: 5}, ceasefire: 8},
     salience: {leader: 0.8, ceasefire: {value: 0.6, low: 0.4, high: 0.8}}}
  - {id: RUS, capability: 80, positions: {leader: {value: 95, low: 85, high: 100}, ceasefire: 4},
     salience: {leader: 0.9, ceasefire: 0.7}}
  - {id: TUR, capability: 40, positions: {leader: 20, ceasefire: 6}, salience: {leader: 0.6, ceasefire: 0.5}}
  - {id: IRN, capability: 40, positions: {leader: 100, ceasefire: 3}, salience: {leader: 0.9, ceasefire: 0.4}}
"""


@pytest.fixture
def scenario():  # type: ignore[no-untyped-def]
    return parse_yaml(YAML)


def test_every_model_gives_an_outcome_per_issue(scenario) -> None:  # type: ignore[no-untyped-def]
    for model in ("mean", "median", "nash", "eum", "detente.eum.v1"):
        result = forecast(scenario, model)
        assert [i.issue.id for i in result.issues] == ["leader", "ceasefire"]
        for item in result.issues:
            assert item.issue.scale.low <= item.forecast <= item.issue.scale.high
    mean = forecast(scenario, "mean").issue("leader").forecast
    w = np.array([100 * 0.8, 80 * 0.9, 40 * 0.6, 40 * 0.9])
    assert_allclose(mean, w @ np.array([10, 95, 20, 100]) / w.sum())


def test_json_form(scenario) -> None:  # type: ignore[no-untyped-def]
    data = forecast(scenario, "eum", rounds=5).to_json()
    assert data["model"] == "detente.eum.v1" and data["runs"] == 1
    positions = np.array(data["positions"])
    assert positions.shape == (data["rounds"] + 1, 4, 2)
    assert_allclose(positions[0, :, 0], [10, 95, 20, 100])
    assert set(data["issues"][0]) >= {"id", "forecast", "rounds", "stop_reason", "moves", "quantiles"}
    frame = forecast(scenario, "eum", rounds=5).to_frame()
    assert list(frame.columns) == ["issue", "round", "actor", "position"]


def test_monte_carlo_is_seeded_and_reproducible(scenario) -> None:  # type: ignore[no-untyped-def]
    a = forecast(scenario, "mean", runs=500, seed=42)
    b = forecast(scenario, "mean", runs=500, seed=42)
    c = forecast(scenario, "mean", runs=500, seed=43)
    qa = a.issue("leader").distribution
    assert qa is not None and qa.runs == 500 and sum(qa.histogram) == 500
    assert qa.quantiles == b.issue("leader").distribution.quantiles  # type: ignore[union-attr]
    assert qa.quantiles != c.issue("leader").distribution.quantiles  # type: ignore[union-attr]
    assert qa.quantiles["q05"] < qa.quantiles["q50"] < qa.quantiles["q95"]
    assert a.seed == 42
    eum = forecast(scenario, "eum", runs=200, seed=1)
    dist = eum.issue("ceasefire").distribution
    assert dist is not None and 0 <= dist.quantiles["q05"] <= dist.quantiles["q95"] <= 10


def test_monte_carlo_without_uncertainty_says_so() -> None:
    certain = parse_yaml(YAML.replace("{value: 100, sd: 15}", "100").replace("{value: 10, sd: 5}", "10")
                         .replace("{value: 95, low: 85, high: 100}", "95")
                         .replace("{value: 0.6, low: 0.4, high: 0.8}", "0.6"))  # fmt: skip
    result = forecast(certain, "median", runs=50, seed=3, noise=None)
    assert result.notes and result.issue("leader").distribution.sd == 0  # type: ignore[union-attr]
    assert result.seed == 3
    # by default the calibrated input noise is drawn instead, and a seed repeats it
    noisy = forecast(certain, "median", runs=50, seed=3)
    assert "calibrated input noise" in noisy.notes[0]
    assert noisy.issue("leader").distribution.sd > 0  # type: ignore[union-attr]
    again = forecast(certain, "median", runs=50, seed=3)
    assert noisy.issue("leader").distribution == again.issue("leader").distribution


def test_what_ifs(scenario) -> None:  # type: ignore[no-untyped-def]
    base = forecast(scenario, "mean")
    without_russia = forecast(drop_actors(scenario, ["RUS"]), "mean")
    assert without_russia.issue("leader").forecast < base.issue("leader").forecast
    moved = set_value(scenario, "USA", "position", 50, "leader")
    assert moved.actor("USA").positions["leader"].value == 50
    bloc = merge_actors(scenario, ["RUS", "IRN"], "AXIS")
    assert bloc.actor("AXIS").capability.value == 120 and len(bloc.actors) == 3
    table = compare(base, forecast(moved, "mean"))
    assert table.loc[0, "change"] > 0 and table.loc[1, "change"] == 0
    with pytest.raises(ScenarioError, match="no actor"):
        drop_actors(scenario, ["XYZ"])
    with pytest.raises(ScenarioError, match="at least 2"):
        drop_actors(scenario, ["RUS", "IRN", "TUR"])


def test_unknown_model_lists_known() -> None:
    with pytest.raises(UnknownModelError, match=r"detente\.eum\.v1 \(eum, bdm\)"):
        get_model("smp-ish")
