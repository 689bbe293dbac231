"""Calibrating the Monte Carlo's input noise on decisions with known outcomes, cross-validated by proposal.

For each noise model of a grid, :func:`coverage_grid` runs the Monte Carlo of one model on every issue and
records whether the outcome fell inside the 50% and 80% intervals. :func:`calibrate` picks the grid point whose
coverage is closest to 50% and 80% (the larger of the two distances) on all issues (the default noise), and, to
say how well that choice carries to unseen decisions, repeats the choice leaving out each proposal in turn and
scores the held-out proposal's issues with the noise chosen without them (leave-one-proposal-out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detente.bargain.backtest import Candidate, coverage_flags, intervals
from detente.bargain.cases import Packed, pack
from detente.bargain.noise import NoiseModel
from detente.bargain.solution import Array
from detente.scenario.deu import DecisionTable

GRID: tuple[NoiseModel, ...] = tuple(
    NoiseModel(
        name=f"share{p:g}-shift40-own25-cap{c:g}", position_shift=40.0, position_sd=25.0, capability_log_sd=c, share=p
    )
    for p in (0.75, 0.8, 0.85)
    for c in (3.5, 4.0, 4.5)
)
TARGET = np.array([0.5, 0.8])


@dataclass(frozen=True)
class Calibration:
    noise: NoiseModel  # chosen on all issues
    coverage: tuple[float, float]  # in-sample 50% and 80% coverage of the chosen noise
    cv_coverage: tuple[float, float]  # leave-one-proposal-out coverage
    grid: tuple[NoiseModel, ...]
    grid_coverage: Array  # (G, 2)

    def to_dict(self) -> dict[str, object]:
        return {
            "noise": self.noise.to_dict(),
            "coverage_50": self.coverage[0],
            "coverage_80": self.coverage[1],
            "cv_coverage_50": self.cv_coverage[0],
            "cv_coverage_80": self.cv_coverage[1],
            "cross_validation": "leave-one-proposal-out",
        }


def coverage_grid(table: DecisionTable, candidate: Candidate, grid: Sequence[NoiseModel], runs: int, seed: int,
                  packed: Packed | None = None) -> Array:  # fmt: skip
    """Flags (G, I, 2): 1 where the outcome is inside the 50% / 80% interval under each noise model."""
    packed = packed or pack(table)
    outcome = table.issues["outcome"].to_numpy(np.float64)
    out = np.empty((len(grid), len(outcome), 2))
    for g, noise in enumerate(grid):
        flags = coverage_flags(intervals(table, candidate, noise, runs, seed, packed), outcome, noise.tolerance)
        out[g, :, 0], out[g, :, 1] = flags["50"], flags["80"]
    return out


def _choose(flags: Array, train: Array) -> Array:
    """Per fold (F, I) of training weights: the grid index with coverage closest to the target."""
    valid = ~np.isnan(flags[..., 0])  # (G, I)
    values = np.nan_to_num(flags)
    counts = np.einsum("fi,gi->fg", train, valid.astype(float))
    cover = np.einsum("fi,gik->fgk", train, values) / np.maximum(counts, 1.0)[..., None]
    loss = np.abs(cover - TARGET).max(axis=-1)
    return np.asarray(np.argmin(loss, axis=1))


def calibrate(flags: Array, groups: Sequence[str] | np.ndarray, grid: Sequence[NoiseModel] = GRID) -> Calibration:
    labels, code = np.unique(np.asarray(groups), return_inverse=True)
    n = flags.shape[1]
    best = int(_choose(flags, np.ones((1, n)))[0])
    train = (code[None, :] != np.arange(len(labels))[:, None]).astype(np.float64)
    chosen = _choose(flags, train)[code]  # each issue scored with the noise chosen without its proposal
    held = flags[chosen, np.arange(n)]  # (I, 2)
    coverage = np.nanmean(flags, axis=1)  # (G, 2)
    cv = np.nanmean(held, axis=0)
    return Calibration(
        noise=grid[best],
        coverage=(float(coverage[best, 0]), float(coverage[best, 1])),
        cv_coverage=(float(cv[0]), float(cv[1])),
        grid=tuple(grid),
        grid_coverage=coverage,
    )
