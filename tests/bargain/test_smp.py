"""KTAB's spatial model of politics: KTAB's own trajectories, a loop-by-loop oracle, goldens and degenerate input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from tests.bargain.smp_loops import run_loops
from typer.testing import CliRunner

from detente.bargain import forecast, smp
from detente.bargain.arrays import to_arrays
from detente.bargain.smp import SMPOptions
from detente.cli.main import app
from detente.errors import ConvergenceError, ScenarioError, UnknownModelError
from detente.scenario import load, parse_yaml

GOLDEN = Path(__file__).parent / "golden"
KTAB = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "ktab"


def random_case(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    capability = rng.uniform(10, 200, n)
    position = rng.uniform(0, 100, (n, d)).round(2) / 100
    salience = rng.uniform(0.6, 0.99, n)[:, None] * rng.dirichlet(np.ones(d), n)
    return capability, position, salience


def trajectory(path: Path, **params: object) -> tuple[np.ndarray, int]:
    result = forecast(load(path), "smp", **params)
    return result.positions(), result.rounds


# -- KTAB's reference runs (need ../shared) ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["dummyData_3Dim", "SOE-Pol-Comp", "SOE-Policy", "SOE-Competitive",
                                  "dummyData_6Dim", "dummyData-a040"])  # fmt: skip
def test_reproduces_ktab_reference_trajectories(name: str) -> None:
    if not (KTAB / f"{name}.csv").exists():
        pytest.skip("KTAB's reference runs are in ../shared/benchmarks/ktab, absent here")
    reference = json.loads((KTAB / f"{name}.ktab.json").read_text())
    positions, rounds = trajectory(KTAB / f"{name}.csv")
    assert rounds == reference["rounds"]
    np.testing.assert_allclose(positions, np.array(reference["positions"]), rtol=0, atol=1e-6)


# -- our own goldens (in the project) --------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["smp-5x1", "smp-8x2", "smp-12x3"])
def test_golden_scenarios(name: str) -> None:
    golden = json.loads((GOLDEN / f"{name}.json").read_text())
    positions, rounds = trajectory(GOLDEN / f"{name}.csv")
    assert rounds == golden["rounds"]
    np.testing.assert_allclose(positions, np.array(golden["positions"]), rtol=0, atol=1e-6)


def test_a_cycling_scenario_stops_at_the_round_limit() -> None:
    result = forecast(load(GOLDEN / "smp-12x3.csv"), "smp")
    assert result.rounds == 100 and result.issues[0].stop_reason == "round limit"
    short = forecast(load(GOLDEN / "smp-12x3.csv"), "smp", max_rounds=7)
    assert short.rounds == 7
    np.testing.assert_array_equal(short.positions(), result.positions()[:8])


# -- the vectorised model against a plain loop-by-loop reading of the specification -------------------------------
OPTION_CASES = [
    {},
    {"vpm": "Square"}, {"vpm": "Quartic"}, {"vpm": "Octic"}, {"vpm": "Binary"},
    {"pcem": "MarkovUniform"}, {"pcem": "MarkovIncentive"},
    {"vr": "Binary"}, {"vr": "PropBin"}, {"vr": "PropCbc"}, {"vr": "Cubic"}, {"vr": "ASymProsp"},
    {"risk_adjust": "None"}, {"risk_adjust": "Half"}, {"risk_adjust": "TwoThirds"}, {"risk_adjust": "Full"},
    {"risk_range": "Min"}, {"risk_range": "Max"},
    {"tpc": "NoCommit"}, {"tpc": "FullCommit"},
    {"ivb": "S1P1"}, {"ivb": "S2PMax"},
    {"bm": "InitRcvrInterp"}, {"bm": "PWCompInterp"},
    {"bm": "InitRcvrInterp", "ktab_defects": False}, {"bm": "PWCompInterp", "ktab_defects": False},
]  # fmt: skip


@pytest.mark.parametrize("params", OPTION_CASES, ids=lambda p: "-".join(f"{k}={v}" for k, v in p.items()) or "defaults")
def test_vectorised_model_matches_the_loop_reading(params: dict[str, object]) -> None:
    options = SMPOptions.from_params({**params, "max_rounds": 6})
    capability, position, salience = random_case(6, 2, seed=len(str(params)))
    fast = smp.run(capability, position, salience, options)
    slow = np.array(run_loops(capability.tolist(), position.tolist(), salience.tolist(), options))
    assert fast.rounds == slow.shape[0] - 1
    np.testing.assert_allclose(fast.positions, slow, rtol=0, atol=1e-9)
    assert np.isfinite(fast.positions).all() and np.isfinite(fast.risk).all()
    assert (fast.positions[-1] != fast.positions[0]).any()  # the case exercises bargaining


# -- primitives, by hand -----------------------------------------------------------------------------------------
def test_utility_shapes_follow_risk_attitude() -> None:
    d = np.array([0.0, 0.5, 1.0])
    np.testing.assert_allclose(smp.utility(d, 0.0), [1.0, 0.5, 0.0])  # neutral: 1 - d
    np.testing.assert_allclose(smp.utility(d, 1.0), [1.0, 0.75, 0.0])  # averse: 1 - d^2
    np.testing.assert_allclose(smp.utility(d, -1.0), [1.0, 0.25, 0.0])  # acceptant: (1 - d)^2


def test_votes_victory_and_risk_by_hand() -> None:
    assert smp.vote("Prop", 2.0, np.float64(0.7), np.float64(0.2)) == pytest.approx(1.0)
    assert smp.vote("ASymProsp", 3.0, np.float64(0.7), np.float64(0.2)) == pytest.approx(1.0)
    assert smp.vote("ASymProsp", 3.0, np.float64(0.2), np.float64(0.7)) == pytest.approx(-1.5)
    assert smp.vote("Binary", 2.0, np.float64(0.5), np.float64(0.2)) == 2.0
    assert smp.victory("Linear", np.float64(3.0), np.float64(1.0)) == 0.75
    assert smp.victory("Square", np.float64(3.0), np.float64(1.0)) == 0.9
    assert smp.victory("Binary", np.float64(1.05), np.float64(1.0)) == pytest.approx((2.1 * 1.05 / 2.05 - 1) / 0.1)
    # Mid range: most likely position fully averse (1), least likely -1/2
    np.testing.assert_allclose(smp.risk_attitudes(np.array([0.5, 0.3, 0.2]), "Mid"), [1.0, 0.0, -0.5], atol=1e-12)
    np.testing.assert_array_equal(smp.risk_attitudes(np.array([0.25] * 4), "Mid"), np.zeros(4))


def test_s2p2_bargain_rounds_to_four_decimals_and_favours_the_likely_winner() -> None:
    x_i, x_j = np.array([[0.2]]), np.array([[0.8]])
    s = np.array([[0.5]])
    b_i, b_j = smp.interpolate("S2P2", x_i, x_j, s, s, np.array([0.75]))
    # weights 0.25 * 0.5625 and 0.25 * 0.0625: the point sits 10% of the way from i to j
    assert b_i[0, 0] == pytest.approx(0.26, abs=1e-12) and b_j[0, 0] == pytest.approx(0.26, abs=1e-12)
    assert b_i[0, 0] * 10000 == pytest.approx(round(b_i[0, 0] * 10000), abs=1e-6)


# -- faults KTAB has and we must not --------------------------------------------------------------------------
def test_consensus_start_returns_at_once_without_nan() -> None:
    result = smp.run(np.array([10.0, 20.0, 30.0]), np.full((3, 2), 0.4), np.full((3, 2), 0.4))
    assert result.rounds == 0 and result.stop_reason == "consensus"
    assert np.isfinite(result.positions).all() and result.class_probability.tolist() == [1.0]


def test_flat_election_gives_risk_neutral_actors() -> None:
    # two symmetric actors: their positions are equally likely, KTAB divides 0 by 0 here
    result = smp.run(np.array([10.0, 10.0]), np.array([[0.2], [0.8]]), np.array([[0.5], [0.5]]))
    assert np.isfinite(result.positions).all()
    assert result.risk[0].tolist() == [0.0, 0.0]


def test_capability_zero_and_silent_actor_are_refused_with_the_actor_named() -> None:
    with pytest.raises(ScenarioError, match="actor 2: capability 0"):
        smp.run(np.array([1.0, 0.0, 2.0]), np.array([[0.6], [0.5], [0.4]]), np.full((3, 1), 0.5))
    with pytest.raises(ScenarioError, match="actor 3: every salience is 0"):
        smp.run(np.array([1.0, 1.0, 2.0]), np.array([[0.1, 0.2], [0.5, 0.5], [0.9, 0.1]]),
                np.array([[0.5, 0.2], [0.3, 0.3], [0.0, 0.0]]))  # fmt: skip
    with pytest.raises(ScenarioError, match="saliences sum to"):
        smp.run(np.array([1.0, 1.0]), np.array([[0.1, 0.2], [0.5, 0.5]]), np.array([[0.9, 0.9], [0.3, 0.3]]))


def test_ktab_csv_with_a_zero_capability_gets_a_validation_error(tmp_path: Path) -> None:
    path = tmp_path / "zero.csv"
    path.write_text("Zero,test,3,1,\nActor,Description,Power,P1,S1,\nA,a,0,10,50,\nB,b,5,60,50,\nC,c,5,90,50,\n")
    result = CliRunner().invoke(app, ["forecast", str(path), "--model", "smp"])
    assert result.exit_code != 0
    assert "capability must be above 0" in result.output


def test_two_actors_and_many_actors_give_finite_results() -> None:
    two = smp.run(np.array([100.0, 50.0]), np.array([[0.1, 0.9], [0.9, 0.2]]), np.array([[0.5, 0.4], [0.3, 0.6]]))
    assert two.rounds >= 1 and np.isfinite(two.positions).all()
    capability, position, salience = random_case(500, 2, seed=5)
    many = smp.run(capability, position, salience, SMPOptions(max_rounds=1))
    assert many.positions.shape == (2, 500, 2) and np.isfinite(many.positions).all()
    assert np.isfinite(many.class_probability).all() and many.class_probability.sum() == pytest.approx(1.0)
    assert (many.positions[1] != many.positions[0]).any()


def test_stochastic_mode_repeats_with_a_seed_and_ignores_thread_count(monkeypatch: pytest.MonkeyPatch) -> None:
    capability, position, salience = random_case(12, 2, seed=9)
    runs = {}
    for seed in (1, 2, 3):
        options = SMPOptions(stm="Stochastic", seed=seed, max_rounds=15)
        runs[seed] = smp.run(capability, position, salience, options).positions
        again = smp.run(capability, position, salience, options).positions
        np.testing.assert_array_equal(runs[seed], again)
        monkeypatch.setattr(smp.state, "THREADS", 1)  # where the challenges read it
        np.testing.assert_array_equal(runs[seed], smp.run(capability, position, salience, options).positions)
        monkeypatch.setattr(smp.state, "THREADS", 4)
    assert any(runs[a].shape != runs[b].shape or (runs[a] != runs[b]).any() for a, b in ((1, 2), (1, 3), (2, 3)))


def test_markov_election_fails_loudly_at_its_cap() -> None:
    capability, position, salience = random_case(5, 1, seed=2)
    with pytest.raises(ConvergenceError, match="did not converge in 1 iterations"):
        smp.run(capability, position, salience, SMPOptions(pcem="MarkovUniform", markov_cap=1))


def test_unknown_option_values_and_names_are_refused() -> None:
    with pytest.raises(UnknownModelError, match="use one of: Linear"):
        SMPOptions.from_params({"vpm": "Cubic"})
    with pytest.raises(UnknownModelError, match="no parameter 'rounds_max'"):
        forecast(load(GOLDEN / "smp-5x1.csv"), "smp", rounds_max=3)
    # KTAB's integer codes and names are accepted
    assert SMPOptions.from_params({"vpm": 1, "bigRAdj": "full"}) == SMPOptions(vpm="Square", risk_adjust="Full")


# -- scenario and CLI ------------------------------------------------------------------------------------------
YAML = """
name: two issues
issues:
  - {id: ceasefire, scale: {low: 0, high: 10}}
  - {id: access}
models:
  smp: {vpm: Quartic, max_rounds: 4}
actors:
  - {id: A, capability: 100, positions: {ceasefire: 2, access: 20}, salience: {ceasefire: 0.9, access: 0.6}}
  - {id: B, capability: 60, positions: {ceasefire: 9, access: 80}, salience: {ceasefire: 0.5, access: 0.4}}
  - {id: C, capability: 40, positions: {ceasefire: 5, access: 50}, salience: {ceasefire: 0.3, access: 0.3}}
"""


def test_yaml_scenario_carries_model_parameters_and_saliences_are_rescaled_with_a_note() -> None:
    scenario = parse_yaml(YAML)
    result = forecast(scenario, "smp")
    assert result.params["vpm"] == "Quartic" and result.rounds <= 4
    assert any("divided by their sum" in note for note in result.notes)
    # the same run by hand: positions on [0, 1] per issue scale, saliences of A and B divided by their sums
    arrays = to_arrays(scenario)
    salience = arrays.salience / np.maximum(arrays.salience.sum(axis=1, keepdims=True), 1.0)
    manual = smp.run(arrays.capability, arrays.position / [10, 100], salience, SMPOptions(vpm="Quartic", max_rounds=4))
    np.testing.assert_allclose(result.positions(), manual.positions * [10, 100], atol=1e-12)
    assert forecast(scenario, "smp", vpm="Linear").params["vpm"] == "Linear"  # the caller wins
    with pytest.raises(ScenarioError, match="saliences sum to"):
        forecast(scenario, "smp", salience_total="strict")


def test_smp_monte_carlo_draws_all_issues_together() -> None:
    scenario = parse_yaml(YAML.replace("capability: 60,", "capability: {value: 60, sd: 20},"))
    result = forecast(scenario, "smp", runs=12, seed=4)
    assert all(item.distribution is not None and item.distribution.runs == 12 for item in result.issues)
    again = forecast(scenario, "smp", runs=12, seed=4)
    assert [i.distribution.quantiles for i in result.issues] == [i.distribution.quantiles for i in again.issues]


def test_cli_forecast_reads_ktab_csv_and_prints_positions_json() -> None:
    result = CliRunner().invoke(app, ["forecast", str(GOLDEN / "smp-8x2.csv"), "--model", "smp", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    golden = json.loads((GOLDEN / "smp-8x2.json").read_text())
    assert data["actors"] == [f"A{a:02d}" for a in range(8)]
    np.testing.assert_allclose(data["positions"], golden["positions"], atol=1e-6)
    assert data["rounds"] == golden["rounds"] and len(data["positions"]) == golden["rounds"] + 1
    assert sum(len(c["members"]) for c in data["info"]["classes"]) == 8


def test_cli_forecast_takes_smp_options_as_params() -> None:
    base = CliRunner().invoke(app, ["forecast", str(GOLDEN / "smp-8x2.csv"), "--model", "smp", "--json"])
    other = CliRunner().invoke(app, ["forecast", str(GOLDEN / "smp-8x2.csv"), "--model", "smp", "--json",
                                     "--param", "tpc=FullCommit", "--param", "ivb=S1P1"])  # fmt: skip
    assert other.exit_code == 0, other.output
    assert json.loads(other.output)["params"]["tpc"] == "FullCommit"
    assert json.loads(other.output)["positions"] != json.loads(base.output)["positions"]
    bad = CliRunner().invoke(app, ["forecast", str(GOLDEN / "smp-8x2.csv"), "--model", "smp", "--param", "ivb=S3"])
    assert bad.exit_code != 0 and "S2P2" in bad.output
