"""Exchanges across issues on a hand-made two-issue case whose deal is known (worked out in the comments)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from detente.bargain.deals import deals
from detente.bargain.exchange import exchange_positions, find_deals
from detente.scenario import make_actor, make_issue, save_yaml
from detente.scenario.model import Scenario

# I cares about b (0.9) more than a (0.2), J the reverse; they stand on opposite sides of the weighted mean on
# both issues (a: 71.875, b: 28.125); K is on one side of I only on b and of J only on a, so trades with nobody.
TWO = Scenario(
    name="two",
    issues=(make_issue("a"), make_issue("b")),
    actors=(
        make_actor("I", 1, {"a": 0, "b": 0}, {"a": 0.2, "b": 0.9}),
        make_actor("J", 1, {"a": 100, "b": 100}, {"a": 0.9, "b": 0.2}),
        make_actor("K", 1, {"a": 50, "b": 50}, {"a": 0.5, "b": 0.5}),
    ),
)


def test_the_known_deal_is_found() -> None:
    found = deals(TWO, "mean")
    assert len(found) == 1  # the same exchange is not listed twice, and K has no partner
    deal = found[0]
    assert (deal.mover_a, deal.issue_a, deal.mover_b, deal.issue_b) == ("I", "a", "J", "b")
    # equal-gain rate (0.2 + 0.9) / (0.9 + 0.2) = 1; I's pull on a is 0.2/1.6, so moving all the way to J (100)
    # shifts the outcome 12.5 points; J's move on b likewise: each gains 0.9 * 0.125 - 0.2 * 0.125 of a scale
    assert deal.to_a == pytest.approx(100.0) and deal.to_b == pytest.approx(0.0)
    assert deal.gain_a == pytest.approx(0.0875) and deal.gain_b == pytest.approx(0.0875)
    assert deal.before["a"] == pytest.approx(71.875)
    assert deal.after["a"] == pytest.approx((100 * 0.2 + 100 * 0.9 + 50 * 0.5) / 1.6)
    assert deal.after["b"] == pytest.approx(25 / 1.6)


def test_no_deal_when_saliences_agree() -> None:
    c = np.ones(2)
    x = np.array([[0.0, 0.0], [100.0, 100.0]])
    assert find_deals(c, x, np.full((2, 2), 0.5)) == []
    assert np.array_equal(exchange_positions(c, x, np.full((2, 2), 0.5)), x)


def test_exchange_process_trades_each_position_once() -> None:
    c = np.ones(3)
    x = np.array([[0.0, 0.0], [100.0, 100.0], [50.0, 50.0]])
    s = np.array([[0.2, 0.9], [0.9, 0.2], [0.5, 0.5]])
    after = exchange_positions(c, x, s)
    assert after[0, 0] == pytest.approx(100.0) and after[1, 1] == pytest.approx(0.0)
    assert after[0, 1] == 0.0 and after[1, 0] == 100.0 and np.array_equal(after[2], x[2])


def test_deals_command(tmp_path: Path) -> None:
    from detente.cli.main import app

    path = tmp_path / "two.yaml"
    save_yaml(TWO, path)
    result = CliRunner().invoke(app, ["deals", str(path), "--model", "mean", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["deals"]) == 1 and data["deals"][0]["mover_a"] == "I"
    result = CliRunner().invoke(app, ["deals", str(path)])
    assert result.exit_code == 0 and "I on a" in result.output
