"""The baseline models of collective choice, as vectorised functions over a batch of one-issue problems.

Every function takes arrays of shape (B, N) (B independent problems, N actors) and returns shape (B,).
Weights are capability x salience throughout.

* Weighted mean, the "compromise model" (Achen 2006; Thomson, Stokman, Achen & König, *The European Union
  Decides*, 2006): sum(c s x) / sum(c s).
* Weighted median voter (Black 1948): the position at which half of the weight lies on each side; with an
  exact split, the midpoint of the two middle positions.
* Nash bargaining solution (Nash 1950; asymmetric form, Kalai 1977; spatial use as in Achen 2006):
  argmax_x sum_i c_i s_i log(D_i - |x - x_i|), where D_i - |x - x_i| is actor i's gain over the disagreement
  outcome. By default the disagreement outcome is, for each actor, the worst point on the scale
  (D_i = the larger distance from x_i to an end of the scale); with ``disagreement=q`` it is the status quo q
  (D_i = |q - x_i|), and the solution is q itself when no point is better than q for every actor. The objective
  is concave, so a vectorised bisection on the sign of its (sub)gradient finds the maximum to machine precision.
"""

from __future__ import annotations

import numpy as np

from detente.bargain.registry import register
from detente.bargain.solution import Array, Solution, one_shot


def weighted_mean(capability: Array, position: Array, salience: Array) -> Array:
    weight = capability * salience
    total = weight.sum(axis=-1)
    safe = np.where(total > 0, total, 1.0)
    return np.asarray(np.where(total > 0, (weight * position).sum(axis=-1) / safe, position.mean(axis=-1)))


def weighted_median(capability: Array, position: Array, salience: Array) -> Array:
    weight = capability * salience
    weight = np.where(weight.sum(axis=-1, keepdims=True) > 0, weight, 1.0)
    order = np.argsort(position, axis=-1, kind="stable")
    xs = np.take_along_axis(position, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(weight, order, axis=-1), axis=-1)
    half = cum[..., -1:] / 2.0
    tol = 1e-12 * cum[..., -1:]
    lower = np.argmax(cum >= half - tol, axis=-1)
    upper = np.argmax(cum > half + tol, axis=-1)
    take = np.take_along_axis
    return (take(xs, lower[..., None], -1)[..., 0] + take(xs, upper[..., None], -1)[..., 0]) / 2.0


def nash_bargaining(
    capability: Array,
    position: Array,
    salience: Array,
    low: Array,
    high: Array,
    *,
    disagreement: float | Array | None = None,
    iterations: int = 100,
) -> Array:
    weight = capability * salience
    if disagreement is None:
        reach = np.maximum(position - low[..., None], high[..., None] - position)
        status_quo = None
    else:
        status_quo = np.broadcast_to(np.asarray(disagreement, dtype=float), low.shape)
        reach = np.abs(status_quo[..., None] - position)
    active = weight > 0
    lo = np.maximum(low, np.where(active, position - reach, -np.inf).max(axis=-1))
    hi = np.minimum(high, np.where(active, position + reach, np.inf).min(axis=-1))
    feasible = hi > lo

    def slope(x: Array) -> Array:
        gain = reach - np.abs(x[..., None] - position)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            terms = np.where(active, weight * np.sign(position - x[..., None]) / gain, 0.0)
            return np.asarray(np.nan_to_num(terms, nan=0.0).sum(axis=-1))

    # the objective is concave: bisect on the sign of its (sub)gradient
    a, b = lo.copy(), np.where(feasible, hi, lo)
    for _ in range(iterations):
        mid = (a + b) / 2.0
        rising = slope(mid) > 0
        a, b = np.where(rising, mid, a), np.where(rising, b, mid)
    best = (a + b) / 2.0
    if status_quo is not None:
        best = np.where(feasible, best, status_quo)
    return np.asarray(best)


@register(
    "detente.mean.v1",
    aliases=("mean", "compromise"),
    summary="capability x salience weighted mean (compromise model)",
    reference="Achen 2006, in Thomson et al., The European Union Decides",
)
def solve_mean(capability: Array, position: Array, salience: Array, low: Array, high: Array) -> Solution:
    return one_shot(weighted_mean(capability, position, salience), position, "closed form")


@register(
    "detente.median.v1",
    aliases=("median",),
    summary="capability x salience weighted median voter",
    reference="Black 1948",
)
def solve_median(capability: Array, position: Array, salience: Array, low: Array, high: Array) -> Solution:
    return one_shot(weighted_median(capability, position, salience), position, "closed form")


@register(
    "detente.nash.v1",
    aliases=("nash",),
    summary="asymmetric Nash bargaining solution, weights capability x salience",
    reference="Nash 1950; Kalai 1977; Achen 2006",
    defaults={"disagreement": None},
)
def solve_nash(
    capability: Array,
    position: Array,
    salience: Array,
    low: Array,
    high: Array,
    *,
    disagreement: float | Array | None = None,
) -> Solution:
    outcome = nash_bargaining(capability, position, salience, low, high, disagreement=disagreement)
    solution = one_shot(outcome, position, "closed form")
    if disagreement is not None:
        stuck = outcome == np.broadcast_to(np.asarray(disagreement, dtype=float), outcome.shape)
        if stuck.any():
            solution.info["note"] = (
                f"Nash bargaining returned the status quo on {int(stuck.sum())} of {stuck.size} issue(s): no point "
                "is better than it for every actor, so the model cannot say where a deal would land (on 353 EU "
                "decisions this variant returned the status quo on most issues and erred by 44 points on average; "
                "the default disagreement point, each actor's worst outcome, does not have this failing)"
            )
    return solution
