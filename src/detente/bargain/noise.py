"""Input noise for Monte Carlo intervals: how far the stated positions, saliences and capabilities may be off.

A draw perturbs every input of a problem at once:

* positions: one shift common to every actor of the issue (the analyst misreads where the scale's middle lies),
  ``position_shift`` standard deviations in points of a 0-100 scale, plus each actor's own error
  (``position_sd``); positions are then clipped onto the scale;
* capabilities and saliences: multiplied by log-normal factors of log-sd ``capability_log_sd`` and
  ``salience_log_sd`` (who really carries the day is the most uncertain input of all); saliences are capped at 1;
* only a ``share`` of the draws is perturbed; the others repeat the inputs as stated. The outcomes' errors are
  heavy-tailed (the models are often exactly right and sometimes far off), and a mixture of exact and perturbed
  draws is what lets 50% and 80% intervals both cover as they should.

:data:`CALIBRATED` is the default: the noise whose 50% and 80% intervals covered 50% and 80% of the 353 DEU
outcomes (calibrated by ``bench/backtest.py``; its cross-validated coverage is stored with the track record).
An interval covers an outcome within ``tolerance`` points of it (0.5: the data's positions are whole numbers).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from detente.bargain.solution import Array


@dataclass(frozen=True)
class NoiseModel:
    name: str = "custom"
    position_shift: float = 0.0  # sd of the shift common to all actors, points on a 0-100 scale
    position_sd: float = 0.0  # sd of each actor's own position error, points on a 0-100 scale
    capability_log_sd: float = 0.0
    salience_log_sd: float = 0.0
    share: float = 1.0  # share of the draws perturbed; the others repeat the inputs as stated
    tolerance: float = 0.5  # points on 0-100 within which an interval counts as covering an outcome

    def to_dict(self) -> dict[str, float | str]:
        return asdict(self)


NONE = NoiseModel(name="none")
# chosen by bench/backtest.py for the default model (stored in track_record.json with its cross-validated coverage)
CALIBRATED = NoiseModel(name="deu-calibrated", position_shift=40.0, position_sd=25.0, capability_log_sd=4.0, share=0.8)


def perturb(
    noise: NoiseModel, rng: np.random.Generator, runs: int, capability: Array, position: Array, salience: Array,
    low: Array, high: Array,
) -> tuple[Array, Array, Array]:  # fmt: skip
    """``runs`` perturbed copies of B one-issue problems (arrays (B, N), scale ends (B,)): arrays (runs, B, N)."""
    shape = (runs, *position.shape)
    span = (high - low)[None, :, None] / 100.0
    on = (rng.random((runs, position.shape[0], 1)) < noise.share).astype(np.float64)
    shift = rng.standard_normal((runs, position.shape[0], 1)) * noise.position_shift
    own = rng.standard_normal(shape) * noise.position_sd
    moved = np.clip(position[None] + on * (shift + own) * span, low[None, :, None], high[None, :, None])
    caps = capability[None] * np.exp(on * noise.capability_log_sd * rng.standard_normal(shape))
    sals = np.minimum(salience[None] * np.exp(on * noise.salience_log_sd * rng.standard_normal(shape)), 1.0)
    return caps, moved, sals


def calibrated_draws(noise: NoiseModel, capability: Array, position: Array, salience: Array, low: Array,
                     high: Array, runs: int, rng: np.random.Generator) -> tuple[Array, Array, Array]:  # fmt: skip
    """``runs`` perturbed copies of one scenario (capability (N,), position and salience (N, K), scale ends (K,)):
    arrays (R, N), (R, N, K), (R, N, K). A capability draw holds for all issues; the first run is the scenario."""
    n, k = position.shape
    span = (high - low)[None, None, :] / 100.0
    on = (rng.random((runs, 1, 1)) < noise.share).astype(np.float64)
    shift = rng.standard_normal((runs, 1, k)) * noise.position_shift
    own = rng.standard_normal((runs, n, k)) * noise.position_sd
    moved = np.clip(position[None] + on * (shift + own) * span, low, high)
    caps = capability[None] * np.exp(on[:, :, 0] * noise.capability_log_sd * rng.standard_normal((runs, n)))
    sals = np.minimum(salience[None] * np.exp(on * noise.salience_log_sd * rng.standard_normal((runs, n, k))), 1.0)
    caps[0], moved[0], sals[0] = capability, position, salience
    return caps, moved, sals
