"""What a forecast needs beside it to be judged: baselines, the model's track record, and who holds the weight.

* Baselines: the capability x salience weighted mean (the compromise model) and the scale's midpoint, computed
  on the same issue.
* Track record: the model's error in the DEU backtest (353 EU legislative decisions with known outcomes; Thomson
  et al. 2006, 2012; Arregui & Perarnaud 2022), stored in ``track_record.json`` beside this module by
  ``bench/backtest.py``, and cited as "on 353 EU decisions this model erred by X points of 100 on average".
* Weight: each actor's share of capability x salience on the issue, with a warning when one actor holds more than
  half: then the weighted models mostly return that actor's position, whatever the others do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from detente.bargain.solution import Array

TRACK_RECORD_FILE = Path(__file__).with_name("track_record.json")
DOMINANT = 0.5  # an actor holding more than this share of an issue's weight is flagged


@dataclass(frozen=True)
class TrackRecord:
    """A model's backtest figures (errors in points of a 0-100 scale)."""

    candidate: str
    issues: int
    mae: float
    rmse: float
    within_10: float
    source: str
    reference_mae: float  # the weighted mean's, for comparison
    coverage_80: float | None = None

    def sentence(self, low: float = 0.0, high: float = 100.0) -> str:
        scaled = self.mae * (high - low) / 100.0
        on_scale = "" if (low, high) == (0.0, 100.0) else f", about {scaled:.3g} on a scale {low:g}-{high:g}"
        return (f"on {self.issues} EU decisions this model erred by {self.mae:.1f} points of 100 on average"
                f"{on_scale} (the weighted mean {self.reference_mae:.1f}); source: {self.source}")  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "sentence": self.sentence()}


@cache
def stored() -> dict[str, Any]:
    if not TRACK_RECORD_FILE.exists():
        return {}
    data = json.loads(TRACK_RECORD_FILE.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def candidate_for(model: str, params: dict[str, Any]) -> str | None:
    """The backtest candidate a registered model and its parameters correspond to."""
    short = {"detente.mean.v1": "mean", "detente.median.v1": "median", "detente.nash.v1": "nash",
             "detente.eum.v1": "eum", "detente.smp.v1": "smp", "detente.stacked.v1": "stacked"}.get(model)  # fmt: skip
    if short == "nash" and params.get("disagreement") is not None:
        return "nash_sq"
    if short == "eum" and params.get("profile") == "paper":
        return "eum_paper"
    return short


def track_record(model: str, params: dict[str, Any]) -> TrackRecord | None:
    data = stored()
    key = candidate_for(model, params)
    figures = data.get("models", {}).get(key) if key else None
    if not figures:
        return None
    return TrackRecord(candidate=str(key), issues=int(data["issues"]), mae=float(figures["mae"]),
                       rmse=float(figures["rmse"]), within_10=float(figures["within_10"]), source=str(data["source"]),
                       reference_mae=float(data["models"]["mean"]["mae"]),
                       coverage_80=figures.get("coverage_80"))  # fmt: skip


def weight_shares(capability: Array, salience: Array) -> Array:
    """Shares (N, K) of capability x salience on each issue (salience (N, K))."""
    weight = capability[:, None] * salience
    total = weight.sum(axis=0, keepdims=True)
    return np.asarray(np.where(total > 0, weight / np.where(total > 0, total, 1.0), 0.0))


def dominance_warning(actors: tuple[str, ...], shares: Array) -> str | None:
    """A warning when one actor holds more than half of an issue's weight (shares (N,))."""
    top = int(np.argmax(shares))
    if shares[top] <= DOMINANT:
        return None
    return (f"{actors[top]} holds {shares[top]:.0%} of this issue's weight (capability x salience): the weighted "
            "models mostly return its position; check its capability")  # fmt: skip
