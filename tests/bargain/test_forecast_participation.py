"""Actors that take no part in an issue: each issue is solved over its participants only.

A scenario where one actor sits out issue ``b`` must forecast ``b`` as the scenario without that actor does, for
every model (point and trajectories), and issue ``a`` as the scenario of ``a`` alone does (issues with different
participants are solved apart, by the joint SMP too: see detente.bargain.groups).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from numpy.testing import assert_allclose

from detente.bargain import drop_actors, forecast, merge_actors, set_value
from detente.bargain.arrays import participant_groups, to_arrays
from detente.bargain.deals import deals
from detente.errors import ScenarioError
from detente.scenario import Scenario, make_actor, make_issue, validate

MODELS = ("mean", "median", "nash", "eum", "smp", "stacked")
# (capability, positions, saliences) per actor; the last one sits out issue b
THREE = {"A": (100.0, {"a": 10.0, "b": 80.0}, {"a": 0.8, "b": 0.6}),
         "B": (70.0, {"a": 90.0, "b": 20.0}, {"a": 0.5, "b": 0.9}),
         "C": (60.0, {"a": 40.0, "b": 55.0}, {"a": 0.9, "b": 0.7})}  # fmt: skip
FOUR = {"A": (100.0, {"a": 10.0, "b": 80.0}, {"a": 0.8, "b": 0.6}),
        "B": (70.0, {"a": 90.0, "b": 20.0}, {"a": 0.5, "b": 0.9}),
        "D": (45.0, {"a": 65.0, "b": 35.0}, {"a": 0.7, "b": 0.4}),
        "C": (60.0, {"a": 40.0, "b": 55.0}, {"a": 0.9, "b": 0.7})}  # fmt: skip


def build(table: dict[str, tuple[float, dict[str, float], dict[str, float]]], issues: tuple[str, ...],
          sit_out: dict[str, set[str]] | None = None) -> Scenario:  # fmt: skip
    """A scenario of ``issues``; ``sit_out`` maps an actor to the issues it takes no part in."""
    sit_out = sit_out or {}
    actors = []
    for name, (cap, pos, sal) in table.items():
        on = [k for k in issues if k not in sit_out.get(name, set())]
        if on:
            actors.append(make_actor(name, cap, {k: pos[k] for k in on}, {k: sal[k] for k in on}))
    return validate(Scenario(name="t", issues=tuple(make_issue(k) for k in issues), actors=tuple(actors)))


@pytest.mark.parametrize("table", [THREE, FOUR], ids=["3 actors", "4 actors"])
@pytest.mark.parametrize("model", MODELS)
def test_an_issue_is_forecast_over_its_participants(model: str, table: dict) -> None:  # type: ignore[type-arg]
    mixed = forecast(build(table, ("a", "b"), {"C": {"b"}}), model)
    without = {name: v for name, v in table.items() if name != "C"}
    b_alone = forecast(build(without, ("b",)), model).issue("b")
    a_alone = forecast(build(table, ("a",)), model).issue("a")
    got_b, got_a = mixed.issue("b"), mixed.issue("a")
    assert got_b.forecast == pytest.approx(b_alone.forecast, abs=1e-9)
    assert got_a.forecast == pytest.approx(a_alone.forecast, abs=1e-9)
    assert_allclose(got_b.trajectory, b_alone.trajectory, atol=1e-9)
    assert got_b.actors == tuple(without) and got_b.absent == ("C",)
    assert got_a.actors == tuple(table) and got_a.absent == ()
    if not get_joint(model):  # one-issue models: the other issue does not matter at all
        both = forecast(build(without, ("a", "b")), model).issue("b")
        assert got_b.forecast == pytest.approx(both.forecast, abs=1e-9)


def get_joint(model: str) -> bool:
    from detente.bargain import get_model

    return get_model(model).joint


def test_the_joint_smp_bargains_over_issues_with_the_same_participants_at_once() -> None:
    # everyone on both issues: one joint problem, not two one-issue ones (the SMP's bargains span dimensions)
    scenario = build(FOUR, ("a", "b"))
    joint = forecast(scenario, "smp")
    apart = [forecast(build(FOUR, (k,)), "smp").issue(k).forecast for k in ("a", "b")]
    assert len(participant_groups(to_arrays(scenario).member)) == 1
    assert [i.forecast for i in joint.issues] != pytest.approx(apart, abs=1e-6)


def test_weight_shares_and_baselines_are_over_participants() -> None:
    item = forecast(build(THREE, ("a", "b"), {"C": {"b"}}), "mean").issue("b")
    assert set(item.weight_share) == {"A", "B"}
    assert sum(item.weight_share.values()) == pytest.approx(1.0)
    w = np.array([100 * 0.6, 70 * 0.9])
    assert item.baselines["weighted_mean"] == pytest.approx(w @ np.array([80.0, 20.0]) / w.sum())


@pytest.mark.parametrize("model", MODELS)
def test_monte_carlo_is_reproducible_by_seed(model: str) -> None:
    scenario = build(FOUR, ("a", "b"), {"C": {"b"}})
    seen: list[tuple[int, int]] = []
    first = forecast(scenario, model, runs=300, seed=7, on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (300, 300) and [d for d, _ in seen] == sorted(d for d, _ in seen)
    again = forecast(scenario, model, runs=300, seed=7)
    other = forecast(scenario, model, runs=300, seed=8)
    for k in ("a", "b"):
        d1, d2 = first.issue(k).distribution, again.issue(k).distribution
        assert d1 is not None and d2 is not None and d1 == d2
        assert d1.runs == 300
    assert first.seed == 7
    assert first.issue("b").distribution != other.issue("b").distribution


def test_monte_carlo_of_an_issue_does_not_depend_on_its_absent_actors() -> None:
    # C's stated uncertainty is drawn, but it takes no part in b: b's draws are those of A and B alone
    base = build(THREE, ("a", "b"), {"C": {"b"}})
    noisier = base.model_copy(update={"actors": tuple(
        a.model_copy(update={"capability": a.capability.model_copy(update={"sd": 50.0})}) if a.id == "C" else a
        for a in base.actors)})  # fmt: skip
    one = forecast(base, "nash", runs=200, seed=3, noise=None).issue("b").distribution
    two = forecast(noisier, "nash", runs=200, seed=3, noise=None).issue("b").distribution
    assert one is not None and two is not None and one == two


def test_json_names_who_takes_part_and_writes_null_positions() -> None:
    result = forecast(build(THREE, ("a", "b"), {"C": {"b"}}), "eum", runs=20, seed=1)
    data = json.loads(json.dumps(result.to_json(), allow_nan=False))
    b = next(i for i in data["issues"] if i["id"] == "b")
    assert b["actors"] == ["A", "B"] and b["absent"] == ["C"]
    assert all(state[2][1] is None for state in data["positions"])  # C on b
    assert all(state[2][0] is not None for state in data["positions"])  # C on a
    frame = result.to_frame()
    assert set(frame[frame.issue == "b"].actor) == {"A", "B"}


def test_what_ifs_keep_working_with_absent_actors() -> None:
    scenario = build(FOUR, ("a", "b"), {"C": {"b"}})
    merged = merge_actors(scenario, ["C", "D"], "CD")
    bloc = merged.actor("CD")
    assert bloc.positions["b"].value == 35.0  # only D takes part in b
    assert bloc.positions["a"].value == pytest.approx((60 * 40 + 45 * 65) / 105)
    assert forecast(merged, "mean").issue("b").actors == ("A", "B", "CD")
    changed = set_value(scenario, "A", "position", 50.0, "b")
    assert changed.actor("A").positions["b"].value == 50.0
    with pytest.raises(ScenarioError, match="takes no part in issue 'b'"):
        set_value(scenario, "C", "position", 50.0, "b")
    assert forecast(drop_actors(scenario, ["C"]), "mean").issue("a").actors == ("A", "B", "D")
    three = build(THREE, ("a", "b"), {"C": {"b"}})
    with pytest.raises(ScenarioError, match="only 'A' takes part in issue 'b'"):
        drop_actors(three, ["B"])


def test_deals_only_between_actors_that_take_part_in_both_issues() -> None:
    table = {**FOUR, "E": (90.0, {"a": 95.0, "b": 5.0}, {"a": 0.2, "b": 0.95})}
    scenario = build(table, ("a", "b"), {"C": {"b"}})
    found = deals(scenario, "mean", limit=50)
    assert found  # there are deals ...
    for deal in found:  # ... but none in which C moves or trades
        assert "C" not in (deal.mover_a, deal.mover_b)


@pytest.mark.parametrize("model", ["median", "nash", "eum"])  # not the SMP: KTAB's order of turns depends on the
def test_actor_order_does_not_change_who_takes_part_or_the_forecast(model: str) -> None:  # actor order (on main too)
    scenario = build(FOUR, ("a", "b"), {"C": {"b"}})
    turned = scenario.model_copy(update={"actors": tuple(reversed(scenario.actors))})
    one, two = forecast(scenario, model), forecast(turned, model)
    for k in ("a", "b"):
        assert set(one.issue(k).actors) == set(two.issue(k).actors)
        assert one.issue(k).forecast == pytest.approx(two.issue(k).forecast, abs=1e-9)
