"""Exchanges across issues: the exchange model of Stokman & van Oosten (1994), as used on the DEU data by Arregui,
Stokman & Thomson (2006, in *The European Union Decides*).

The expected outcome of each issue is the compromise model's, the capability x salience weighted mean O_k. Actor i
values an outcome by its saliences: moving O_k by d towards x_ik is worth s_ik d to i. In an exchange between i
and j on issues a and b, i moves its position on a towards j (O_a shifts by Δ_a towards j, costing i s_ia Δ_a and
earning j s_ja Δ_a) and j moves its position on b towards i (O_b shifts by Δ_b = r Δ_a towards i). Both gain
exactly when s_ia / s_ib < r < s_ja / s_jb, so a deal exists when i cares relatively more about b and j about a,
and the two stand on opposite sides of the expected outcome on both issues. The exchange rate is Stokman and van
Oosten's equal-gain rate, r = (s_ia + s_ja) / (s_ib + s_jb), at which both gain the same. The size is the largest
that keeps each mover between its position and the other's, and each outcome from passing the position of the
actor it moves towards. Joint gain: (s_ib - s_jb) Δ_b + (s_ja - s_ia) Δ_a.

:func:`find_deals` lists every such exchange of one scenario's arrays, vectorised over actor pairs and issue pairs;
:func:`exchange_positions` runs the exchange process: the deal with the largest joint gain is struck, positions
move, outcomes are recomputed, and the next deal is sought, each actor trading on each issue at most once, until
no deal is left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.bargain.solution import Array

MIN_GAIN = 1e-9


@dataclass(frozen=True)
class Deal:
    """i moves on ``issue_a`` from ``a_from`` to ``a_to``; j moves on ``issue_b``; both gain (salience-weighted)."""

    i: int
    j: int
    a: int
    b: int
    i_from: float
    i_to: float
    j_from: float
    j_to: float
    shift_a: float  # outcome shift on a (towards j), points of the scale
    shift_b: float  # outcome shift on b (towards i)
    gain_i: float
    gain_j: float

    @property
    def joint_gain(self) -> float:
        return self.gain_i + self.gain_j


def expected_outcomes(capability: Array, position: Array, salience: Array) -> Array:
    """The compromise model on every issue: arrays (N,), (N, K), (N, K) -> (K,)."""
    weight = capability[:, None] * salience
    total = weight.sum(axis=0)
    return np.asarray(np.where(total > 0, (weight * position).sum(axis=0) / np.where(total > 0, total, 1.0), 0.0))


def deal_table(capability: Array, position: Array, salience: Array, free: Array | None = None) -> dict[str, Array]:
    """Every exchange (i moves on a, j moves on b) as arrays (N, N, K, K) of shifts and gains (0 where none)."""
    n, k = position.shape
    free = np.ones((n, k), dtype=bool) if free is None else free
    weight = capability[:, None] * salience
    total = np.maximum(weight.sum(axis=0), 1e-300)
    outcome = expected_outcomes(capability, position, salience)
    side = np.sign(position - outcome)  # (N, K)
    pull = weight / total  # how far the outcome moves per point an actor moves
    s = salience
    # axes: i, j, a, b
    s_ia, s_ib = s[:, None, :, None], s[:, None, None, :]
    s_ja, s_jb = s[None, :, :, None], s[None, :, None, :]
    opposite = (side[:, None, :] * side[None, :, :]) < 0  # (i, j, k)
    ok = np.logical_and(opposite[:, :, :, None], opposite[:, :, None, :])
    ok &= np.logical_and(free[:, None, :, None], free[None, :, None, :])
    positive = salience > 0
    ok &= np.less(s_ia * s_jb, s_ja * s_ib)
    ok &= positive[:, None, :, None] & positive[:, None, None, :] & positive[None, :, :, None]
    ok &= positive[None, :, None, :]
    ok &= ~np.eye(k, dtype=bool)[None, None]
    ok &= np.triu(np.ones((n, n), dtype=bool), 1)[:, :, None, None]  # (j, i, b, a) is the same exchange
    rate = (s_ia + s_ja) / np.where(s_ib + s_jb > 0, s_ib + s_jb, 1.0)
    gap = np.abs(position[:, None, :] - position[None, :, :])  # (i, j, k)
    # bounds on Δ_a: i moves at most to j's position; O_a passes not j's position; likewise Δ_b for j and i
    max_a = np.minimum(pull[:, None, :] * gap, np.abs(position[None, :, :] - outcome))[:, :, :, None]
    max_b = np.minimum(pull[None, :, :] * gap, np.abs(position[:, None, :] - outcome))[:, :, None, :]
    shift_a = np.where(ok, np.minimum(max_a, max_b / np.where(rate > 0, rate, 1.0)), 0.0)
    shift_b = rate * shift_a
    gain_i = s_ib * shift_b - s_ia * shift_a
    gain_j = s_ja * shift_a - s_jb * shift_b
    good = ok & (gain_i > MIN_GAIN) & (gain_j > MIN_GAIN)
    return {"shift_a": np.where(good, shift_a, 0.0), "shift_b": np.where(good, shift_b, 0.0),
            "gain_i": np.where(good, gain_i, 0.0), "gain_j": np.where(good, gain_j, 0.0), "good": good,
            "pull": pull, "outcome": outcome}  # fmt: skip


def _deal(table: dict[str, Array], position: Array, i: int, j: int, a: int, b: int) -> Deal:
    pull = table["pull"]
    shift_a, shift_b = float(table["shift_a"][i, j, a, b]), float(table["shift_b"][i, j, a, b])
    step_i = shift_a / pull[i, a] * np.sign(position[j, a] - position[i, a])
    step_j = shift_b / pull[j, b] * np.sign(position[i, b] - position[j, b])
    return Deal(i, j, a, b, float(position[i, a]), float(position[i, a] + step_i), float(position[j, b]),
                float(position[j, b] + step_j), shift_a, shift_b, float(table["gain_i"][i, j, a, b]),
                float(table["gain_j"][i, j, a, b]))  # fmt: skip


def find_deals(capability: Array, position: Array, salience: Array, limit: int | None = None) -> list[Deal]:
    """Every exchange both sides prefer, largest joint gain first."""
    table = deal_table(capability, position, salience)
    joint = np.where(table["good"], table["gain_i"] + table["gain_j"], -np.inf).ravel()
    order = np.argsort(-joint, kind="stable")
    count = int(np.isfinite(joint).sum())
    order = order[: min(count, limit) if limit is not None else count]
    return [_deal(table, position, *map(int, np.unravel_index(f, table["good"].shape))) for f in order]


def exchange_positions(capability: Array, position: Array, salience: Array, max_deals: int = 1000) -> Array:
    """Positions (N, K) after the exchange process (see the module docstring)."""
    x = np.array(position, dtype=float)
    free = np.ones(x.shape, dtype=bool)
    for _ in range(max_deals):
        table = deal_table(capability, x, salience, free)
        joint = np.where(table["good"], table["gain_i"] + table["gain_j"], -np.inf)
        if not np.isfinite(joint).any():
            break
        i, j, a, b = map(int, np.unravel_index(int(np.argmax(joint)), joint.shape))
        deal = _deal(table, x, i, j, a, b)
        x[i, a], x[j, b] = deal.i_to, deal.j_to
        free[i, a] = free[j, b] = False
    return x
