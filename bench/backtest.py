"""The DEU backtest: every model against 353 EU decisions with known outcomes; prints one JSON line.

    .venv/bin/python bench/backtest.py [--data PATH] [--runs 100] [--no-write]

Data: ``../shared/benchmarks/deu/deu3_source.tsv`` (Thomson et al. 2006, 2012; Arregui & Perarnaud 2022, deposit
doi:10.34810/data53, CC BY 4.0), never copied into the repository; without it the bench prints ``skipped``.

Besides timing the whole backtest (as ``detente backtest DATA`` runs it), this calibrates the Monte Carlo's input
noise for the default model (leave-one-proposal-out coverage), fits the stacked model's weights on all issues, and
writes the figures a forecast cites into ``src/detente/bargain/track_record.json`` (unless ``--no-write``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from detente.bargain.backtest import backtest, candidates
from detente.bargain.calibrate import GRID, calibrate, coverage_grid
from detente.bargain.cases import pack
from detente.bargain.context import TRACK_RECORD_FILE
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.stack import FEATURES, fill, fit_weights
from detente.scenario.deu import read_deu

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "benchmarks" / "deu" / "deu3_source.tsv"
SOURCE = (
    "DEU I-III: Thomson, Stokman, Achen & König 2006; Thomson et al. 2012; Arregui & Perarnaud 2022 "
    "(doi:10.34810/data53); Council capabilities"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not args.data.exists():
        print(json.dumps({"bench": "backtest", "skipped": f"no {args.data}"}))
        return
    start = time.perf_counter()
    table = read_deu(args.data)
    result = backtest(table, runs=args.runs, seed=0)
    seconds = time.perf_counter() - start
    data = result.to_json()

    start = time.perf_counter()
    flags = coverage_grid(table, candidates([DEFAULT_MODEL])[-1], GRID, 2 * args.runs, 1, pack(table))
    calibration = calibrate(flags, table.issues["proposal"].to_numpy())
    calibration_seconds = time.perf_counter() - start

    outcome = table.issues["outcome"].to_numpy(np.float64)
    low, high = table.issues["low"].to_numpy(np.float64), table.issues["high"].to_numpy(np.float64)
    features = fill(result.forecasts[[f"f_{name}" for name in FEATURES]].to_numpy(np.float64), low, high)
    weights = fit_weights(features, outcome, np.ones((1, len(outcome))))[0]

    keys = ("n", "mae", "rmse", "within_10", "closest", "coverage_50", "coverage_80", "mae_minus_mean_ci")
    record = {
        "source": SOURCE,
        "issues": data["issues"],
        "default": DEFAULT_MODEL,
        "models": {
            name: {k: _round(v) for k, v in figures.items() if k in keys} for name, figures in data["models"].items()
        },
        "calibration": {k: _round(v) for k, v in calibration.to_dict().items()},
        "stacked_weights": {name: round(float(w), 4) for name, w in zip(FEATURES, weights, strict=True)},
        "notes": "stacked: cross-validated by proposal (leave-one-proposal-out); the stored weights are fitted on "
        "all issues and serve new forecasts only",
    }
    if not args.no_write:
        TRACK_RECORD_FILE.write_text(
            json.dumps(record, indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    models = data["models"]
    print(
        json.dumps(
            {
                "bench": "backtest",
                "issues": data["issues"],
                "seconds": round(seconds, 2),
                "default": DEFAULT_MODEL,
                "mae": {name: round(m["mae"], 2) for name, m in models.items() if m["mae"] is not None},
                "mae_minus_mean_ci": {
                    name: [round(v, 2) for v in m["mae_minus_mean_ci"]]
                    for name, m in models.items()
                    if m["mae_minus_mean_ci"][0] is not None
                },
                "coverage": {
                    name: [round(m["coverage_50"], 3), round(m["coverage_80"], 3)]
                    for name, m in models.items()
                    if m["coverage_50"] is not None
                },
                "calibration": calibration.to_dict(),
                "calibration_seconds": round(calibration_seconds, 2),
                "stacked_weights": record["stacked_weights"],
            }
        )
    )


def _round(value: object) -> object:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


if __name__ == "__main__":
    main()
