"""Monte Carlo: perturbed copies of a scenario drawn from its stated uncertainties, solved as one batch.

A value with ``sd`` is drawn from a normal distribution around it, one with ``low``/``high`` uniformly from that
range; values without uncertainty stay fixed. Draws are clipped to what the model accepts (positions onto the
issue's scale, salience into [0, 1], capability above 0). Draws come from one seeded ``numpy.random.Generator``
(PCG64) in a fixed order, so the same seed gives the same numbers on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.bargain.arrays import ScenarioArrays
from detente.bargain.solution import Array

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class Draws:
    capability: Array  # (R, N)
    position: Array  # (R, N, K)
    salience: Array  # (R, N, K)


def _perturb(rng: np.random.Generator, value: Array, sd: Array, bounds: Array, runs: int) -> Array:
    shape = (runs, *value.shape)
    normal = rng.standard_normal(shape)
    uniform = rng.random(shape)
    out = np.broadcast_to(value, shape).copy()
    has_sd = np.isfinite(sd)
    out = np.where(has_sd, value + np.nan_to_num(sd) * normal, out)
    lo, hi = bounds[..., 0], bounds[..., 1]
    has_range = np.isfinite(lo) & np.isfinite(hi)
    return np.where(has_range, np.nan_to_num(lo) + (np.nan_to_num(hi) - np.nan_to_num(lo)) * uniform, out)


def draw(arrays: ScenarioArrays, runs: int, rng: np.random.Generator) -> Draws:
    """``runs`` perturbed scenarios; the first is always the scenario as stated."""
    capability = _perturb(rng, arrays.capability, arrays.capability_sd, arrays.capability_range, runs)
    position = _perturb(rng, arrays.position, arrays.position_sd, arrays.position_range, runs)
    salience = _perturb(rng, arrays.salience, arrays.salience_sd, arrays.salience_range, runs)
    floor = 1e-9 * float(arrays.capability.max())
    capability = np.maximum(capability, floor)
    position = np.clip(position, arrays.low, arrays.high)
    salience = np.clip(salience, 0.0, 1.0)
    capability[0], position[0], salience[0] = arrays.capability, arrays.position, arrays.salience
    return Draws(capability, position, salience)


@dataclass(frozen=True)
class Distribution:
    """The outcome distribution of one issue over the Monte Carlo runs."""

    runs: int
    mean: float
    sd: float
    quantiles: dict[str, float]
    histogram: list[int]
    bin_edges: list[float]

    def to_dict(self) -> dict[str, object]:
        return {
            "runs": self.runs,
            "mean": self.mean,
            "sd": self.sd,
            "quantiles": self.quantiles,
            "histogram": {"counts": self.histogram, "edges": self.bin_edges},
        }


def summarise(outcomes: Array, low: float, high: float, *, bins: int = 20) -> Distribution:
    counts, edges = np.histogram(outcomes, bins=bins, range=(low, high))
    return Distribution(
        runs=int(outcomes.size),
        mean=float(outcomes.mean()),
        sd=float(outcomes.std()),
        quantiles={
            f"q{round(q * 100):02d}": float(v) for q, v in zip(QUANTILES, np.quantile(outcomes, QUANTILES), strict=True)
        },
        histogram=[int(c) for c in counts],
        bin_edges=[float(e) for e in edges],
    )
