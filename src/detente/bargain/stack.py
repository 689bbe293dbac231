"""A stacked forecast: the convex combination of the registered models' and baselines' forecasts with the least
absolute error on decisions with known outcomes.

The weights are non-negative and sum to 1 (so the forecast stays between the actors' positions) and minimise the
mean absolute error over the training issues. They are found by exponentiated-gradient descent on the error's
subgradient, with the iterates of the second half averaged (a convex, non-smooth problem: this converges to the
minimum; no solver library needed). Every fold of a cross-validation is fitted at once, as one array operation.

:func:`cross_validated` gives each issue the forecast of weights fitted without its proposal
(leave-one-proposal-out: the issues of one legislative proposal are decided together, so none of them may inform
another's forecast).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from detente.bargain.registry import get_model, register
from detente.bargain.solution import Array, Solution, one_shot

FEATURES: tuple[str, ...] = ("mean", "median", "nash", "eum", "eum_paper", "midpoint")  # not the SMP: it costs
# 4x all the others together in a Monte Carlo and earned under 4% of the weight when included (CV MAE 22.55)
ITERATIONS = 3000
STEP = 0.02


def fit_weights(features: Array, outcome: Array, train: Array, *, iterations: int = ITERATIONS) -> Array:
    """Weights (F, K) on the simplex minimising each fold's mean absolute error.

    ``features`` (I, K) forecasts, ``outcome`` (I,), ``train`` (F, I) 1 where an issue is in a fold's training set.
    """
    folds, k = train.shape[0], features.shape[1]
    weights = np.full((folds, k), 1.0 / k)
    total = np.zeros_like(weights)
    count = np.maximum(train.sum(axis=1, keepdims=True), 1.0)
    for t in range(iterations):
        residual = weights @ features.T - outcome[None, :]
        gradient = (np.sign(residual) * train) @ features / count
        weights = weights * np.exp(-STEP / np.sqrt(1.0 + t / 100.0) * gradient)
        weights /= weights.sum(axis=1, keepdims=True)
        if t >= iterations // 2:
            total += weights
    return np.asarray(total / (iterations - iterations // 2))


def cross_validated(features: Array, outcome: Array, groups: Sequence[str] | np.ndarray) -> tuple[Array, Array]:
    """Leave-one-group-out forecasts (I,) and each fold's weights (G, K)."""
    labels, code = np.unique(np.asarray(groups), return_inverse=True)
    train = (code[None, :] != np.arange(len(labels))[:, None]).astype(np.float64)
    weights = fit_weights(features, outcome, train)
    return np.asarray((weights[code] * features).sum(axis=1)), weights


def fill(features: Array, low: Array, high: Array) -> Array:
    """Features with missing forecasts replaced by the scale's midpoint."""
    mid = ((low + high) / 2.0)[:, None]
    return np.where(np.isnan(features), mid, features)


def stored_weights() -> dict[str, float]:
    """The weights fitted on all 353 DEU decisions by ``bench/backtest.py`` (equal weights when none are stored)."""
    from detente.bargain.context import stored

    weights = stored().get("stacked_weights") or {}
    return {name: float(weights.get(name, 0.0 if weights else 1.0 / len(FEATURES))) for name in FEATURES}


def _component(name: str, capability: Array, position: Array, salience: Array) -> Array:
    from detente.bargain.backtest import candidates

    batch = position.shape[0]
    low, high = np.zeros(batch), np.full(batch, 100.0)
    if name == "midpoint":
        return np.full(batch, 50.0)
    candidate = candidates([name])[-1]
    assert candidate.model is not None
    spec = get_model(candidate.model)
    if spec.joint:
        solution = spec.solve(capability, position[..., None], salience[..., None], low[:1], high[:1],
                              **candidate.params)  # fmt: skip
        return np.asarray(solution.outcome[:, 0])
    return np.asarray(spec.solve(capability, position, salience, low, high, **candidate.params).outcome)


@register(
    "detente.stacked.v1",
    aliases=("stacked", "stack"),
    summary="convex combination of the models and the midpoint with the least error on 353 EU decisions",
    reference="stacking (Wolpert 1992; Breiman 1996); weights in bargain/track_record.json (bench/backtest.py)",
    defaults={"weights": None},
)
def solve_stacked(capability: Array, position: Array, salience: Array, low: Array, high: Array, *,
                  weights: dict[str, float] | None = None) -> Solution:  # fmt: skip
    """Each component on the problems mapped onto 0-100, combined with the stored (or given) weights."""
    weights = weights or stored_weights()
    span = (high - low)[:, None]
    scaled = (position - low[:, None]) / span * 100.0
    total = np.zeros(position.shape[0])
    for name, weight in weights.items():
        if weight > 0:
            total += weight * _component(name, capability, scaled, salience)
    outcome = low + total / max(sum(weights.values()), 1e-12) * (high - low) / 100.0
    return one_shot(np.asarray(outcome), position, "closed form")
