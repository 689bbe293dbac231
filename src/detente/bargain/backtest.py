"""Backtests: every model and baseline against decisions whose outcome is known.

:func:`backtest` takes a :class:`~detente.scenario.deu.DecisionTable` (the DEU data, or scenarios whose issues
state an ``outcome``), forecasts every issue with every candidate, and scores them: mean absolute error (MAE),
root mean squared error, the share within 10 points, the share of issues on which each candidate is closest (ties
count for each), a paired bootstrap 95% interval of each candidate's MAE minus the weighted mean's (issues drawn
with replacement, the same draws for every candidate), and, with Monte Carlo runs, the share of outcomes inside
each candidate's 50% and 80% intervals under the input noise of :mod:`detente.bargain.noise`. Every figure is
given overall and by subset: procedure, wave, and number of distinct positions (2, 3, 4+).

Candidates missing a forecast on an issue (the status quo where the data has none) are scored on the issues they
have; ``n`` says how many.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from detente.bargain.cases import Group, Packed, pack, solve_group
from detente.bargain.context import stored
from detente.bargain.noise import CALIBRATED, NoiseModel, perturb
from detente.bargain.solution import Array
from detente.bargain.stack import FEATURES as STACK_FEATURES
from detente.bargain.stack import cross_validated, fill
from detente.errors import UnknownModelError
from detente.scenario.deu import DecisionTable

REFERENCE = "mean"  # the candidate every other is compared with (the literature's compromise model)
BOOTSTRAP = 2000
CHUNK = 4096  # problems per Monte Carlo solve


@dataclass(frozen=True)
class Candidate:
    """A forecast to score: a registered model with parameters, or a baseline read off the data."""

    name: str
    model: str | None  # None for a baseline
    params: dict[str, Any] = field(default_factory=dict)
    column: str | None = None  # a baseline's issue column; for a model, the column its status quo comes from
    summary: str = ""


CANDIDATES: tuple[Candidate, ...] = (
    Candidate("mean", "mean", summary="capability x salience weighted mean (compromise model)"),
    Candidate("median", "median", summary="weighted median voter"),
    Candidate("nash", "nash", summary="Nash bargaining, disagreement = each actor's worst point"),
    Candidate("nash_sq", "nash", column="rp", summary="Nash bargaining, disagreement = the status quo"),
    Candidate("eum", "eum", summary="expected-utility model, default profile"),
    Candidate("eum_paper", "eum", {"profile": "paper"}, summary="expected-utility model, the paper's equations"),
    Candidate("smp", "smp", summary="KTAB's spatial model of politics"),
    Candidate("midpoint", None, column="midpoint", summary="naive: the scale's midpoint"),
    Candidate("proposer", None, column="proposer", summary="naive: the proposer's (Commission's) position"),
    Candidate("status_quo", None, column="rp", summary="naive: the reference point (status quo)"),
)


def candidates(names: Sequence[str] | None = None) -> tuple[Candidate, ...]:
    if not names:
        return CANDIDATES
    known = {c.name: c for c in CANDIDATES}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnknownModelError(f"no backtest candidate {', '.join(unknown)}", fix=f"use: {', '.join(known)}")
    return tuple(known[n] for n in dict.fromkeys([REFERENCE, *names]))


@dataclass(frozen=True)
class BacktestResult:
    """``forecasts`` one row per issue (the table's issue columns, ``n_positions`` and one column per candidate);
    ``scores`` one row per subset and candidate; ``default`` the default point-forecast model."""

    forecasts: pd.DataFrame
    scores: pd.DataFrame
    candidates: tuple[str, ...]
    default: str
    source: str
    seed: int
    runs: int
    noise: NoiseModel

    def overall(self) -> pd.DataFrame:
        return self.scores[self.scores["subset"] == "all"].set_index("candidate")

    def to_json(self) -> dict[str, Any]:
        overall = self.overall()
        keys = ("n", "mae", "rmse", "within_10", "closest", "coverage_50", "coverage_80")

        def clean(value: Any) -> Any:
            return None if isinstance(value, float) and np.isnan(value) else value

        def entry(row: pd.Series) -> dict[str, Any]:
            out = {k: clean(float(row[k]) if k != "n" else int(row[k])) for k in keys}
            out["mae_minus_mean_ci"] = [clean(float(row["ci_low"])), clean(float(row["ci_high"]))]
            return out

        subsets: dict[str, dict[str, Any]] = {}
        for (subset, value), part in self.scores[self.scores["subset"] != "all"].groupby(["subset", "value"]):
            subsets.setdefault(str(subset), {})[str(value)] = {
                "issues": int(part["issues"].iloc[0]),
                "models": {str(r.candidate): entry(r) for _, r in part.iterrows()},
            }
        return {
            "issues": len(self.forecasts),
            "default": self.default,
            "source": self.source,
            "seed": self.seed,
            "runs": self.runs,
            "noise": self.noise.to_dict(),
            "models": {name: entry(overall.loc[name].rename(name)) for name in self.candidates},
            "calibration": stored().get("calibration"),  # the default noise's leave-one-proposal-out coverage
            "subsets": subsets,
        }


def _baseline(issues: pd.DataFrame, column: str) -> Array:
    if column == "midpoint":
        return np.asarray(((issues["low"] + issues["high"]) / 2.0).to_numpy(np.float64))
    if column not in issues.columns:
        return np.full(len(issues), np.nan)
    return np.asarray(issues[column].to_numpy(np.float64))


def _group_params(candidate: Candidate, issues: pd.DataFrame, group: Group) -> tuple[dict[str, Any], Array | None]:
    """Parameters for one group; for a status-quo model, its disagreement points and the rows lacking one."""
    if candidate.column is None:
        return candidate.params, None
    status_quo = issues[candidate.column].to_numpy(np.float64)[group.rows]
    missing = np.isnan(status_quo)
    return {**candidate.params, "disagreement": np.where(missing, 0.0, status_quo)}, missing


def point_forecasts(table: DecisionTable, chosen: Sequence[Candidate], packed: Packed | None = None) -> pd.DataFrame:
    """One column per candidate, one row per issue of ``table``."""
    packed = packed or pack(table)
    issues = table.issues
    columns: dict[str, Array] = {}
    for candidate in chosen:
        if candidate.model is None:
            columns[candidate.name] = _baseline(issues, candidate.column or "")
            continue
        values = []
        for group in packed.groups:
            params, missing = _group_params(candidate, issues, group)
            value = solve_group(candidate.model, group, packed.low[group.rows], packed.high[group.rows], params)
            values.append(value if missing is None else np.where(missing, np.nan, value))
        columns[candidate.name] = packed.scatter(values)
    return pd.DataFrame(columns, index=issues.index)


def intervals(table: DecisionTable, candidate: Candidate, noise: NoiseModel, runs: int, seed: int,
              packed: Packed | None = None) -> Array:  # fmt: skip
    """Monte Carlo quantiles (I, 4): q10, q25, q75, q90 of ``candidate`` under ``noise`` (NaN for baselines)."""
    packed = packed or pack(table)
    out = np.full((packed.size, 4), np.nan)
    if candidate.model is None:
        return out
    rng = np.random.default_rng(seed)
    for group in packed.groups:
        low, high = packed.low[group.rows], packed.high[group.rows]
        caps, pos, sals = perturb(noise, rng, runs, group.capability, group.position, group.salience, low, high)
        params, missing = _group_params(candidate, table.issues, group)
        batch, n = group.capability.shape
        flat = [a.reshape(runs * batch, n) for a in (caps, pos, sals)]
        tiled = {k: np.tile(v, runs) if isinstance(v, np.ndarray) else v for k, v in params.items()}
        lows, highs = np.tile(low, runs), np.tile(high, runs)
        values = np.empty(runs * batch)
        for s in range(0, runs * batch, CHUNK):
            part = slice(s, s + CHUNK)
            sub = Group(group.rows, flat[0][part], flat[1][part], flat[2][part])
            chunk_params = {k: v[part] if isinstance(v, np.ndarray) else v for k, v in tiled.items()}
            values[part] = solve_group(candidate.model, sub, lows[part], highs[part], chunk_params)
        q = np.quantile(values.reshape(runs, batch), [0.1, 0.25, 0.75, 0.9], axis=0).T
        out[group.rows] = q if missing is None else np.where(missing[:, None], np.nan, q)
    return out


def _one_shot(candidate: Candidate) -> bool:
    from detente.bargain.registry import get_model

    return candidate.model is not None and not get_model(candidate.model).dynamic


def distinct_positions(table: DecisionTable) -> pd.Series:
    counts = table.actors.groupby("issue")["position"].nunique()
    return table.issues["issue"].map(counts).fillna(0).astype(int)


def _subsets(issues: pd.DataFrame, n_positions: pd.Series) -> list[tuple[str, str, np.ndarray]]:
    out = [("all", "all", np.ones(len(issues), dtype=bool))]
    bucket = np.where(n_positions >= 4, "4+", n_positions.astype(str))
    for name, values in (("procedure", issues["proc"].to_numpy()), ("wave", issues["wave"].to_numpy()),
                         ("positions", bucket)):  # fmt: skip
        for value in sorted({str(v) for v in values if str(v)}):
            out.append((name, value, values.astype(str) == value))
    return out


def score(forecasts: pd.DataFrame, outcome: Array, covered: dict[str, dict[str, Array]], mask: np.ndarray,
          rng: np.random.Generator) -> pd.DataFrame:  # fmt: skip
    """Scores of every candidate on the issues in ``mask``: one row per candidate."""
    f = forecasts.to_numpy(np.float64)[mask]
    y = outcome[mask]
    error = np.abs(f - y[:, None])
    has = ~np.isnan(error)
    n = has.sum(axis=0)
    safe_n = np.maximum(n, 1)
    e0 = np.nan_to_num(error)
    best = np.nanmin(np.where(has, error, np.inf), axis=1, keepdims=True)
    closest = ((error <= best + 1e-9) & has).sum(axis=0) / safe_n
    ref = error[:, list(forecasts.columns).index(REFERENCE)]
    diff = np.where(has, e0 - ref[:, None], 0.0)
    counts = rng.multinomial(len(y), np.full(len(y), 1.0 / len(y)), size=BOOTSTRAP) if len(y) else np.zeros((0, 0))
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: a candidate with no forecast here
        boot = (counts @ diff) / (counts @ has.astype(float))
        lo, hi = np.nanquantile(boot, [0.025, 0.975], axis=0) if len(y) else (np.full(f.shape[1], np.nan),) * 2
        cover = {level: [float(np.nanmean(covered[c][level][mask])) if c in covered else np.nan
                         for c in forecasts.columns] for level in ("50", "80")}  # fmt: skip
    frame = pd.DataFrame({
        "candidate": forecasts.columns,
        "n": n,
        "mae": e0.sum(axis=0) / safe_n,
        "rmse": np.sqrt((e0**2).sum(axis=0) / safe_n),
        "within_10": ((error <= 10.0) & has).sum(axis=0) / safe_n,
        "closest": closest,
        "ci_low": lo,
        "ci_high": hi,
    })  # fmt: skip
    for level in ("50", "80"):
        frame[f"coverage_{level}"] = cover[level]
    frame.loc[frame["n"] == 0, ["mae", "rmse", "within_10", "closest"]] = np.nan
    return frame


def coverage_flags(q: Array, outcome: Array, tolerance: float) -> dict[str, Array]:
    """Per issue, 1.0 when the outcome lies within the 50% / 80% interval (NaN where there is none)."""
    inside50 = (outcome >= q[:, 1] - tolerance) & (outcome <= q[:, 2] + tolerance)
    inside80 = (outcome >= q[:, 0] - tolerance) & (outcome <= q[:, 3] + tolerance)
    gone = np.isnan(q[:, 0])
    return {"50": np.where(gone, np.nan, inside50.astype(float)), "80": np.where(gone, np.nan, inside80.astype(float))}


def backtest(
    table: DecisionTable,
    names: Sequence[str] | None = None,
    *,
    seed: int = 0,
    runs: int = 100,
    noise: NoiseModel = CALIBRATED,
    stacked: bool = True,
    interval_models: Sequence[str] | None = None,
) -> BacktestResult:
    """Score ``names`` (default: every candidate) on ``table``; ``runs`` Monte Carlo draws per issue for the
    intervals (0: none) of the one-shot models (and of ``interval_models`` when given); with ``stacked``, the
    stacked forecast cross-validated by proposal (see :mod:`detente.bargain.stack`)."""
    from detente.bargain.defaults import DEFAULT_MODEL

    chosen = candidates(names)
    packed = pack(table)
    outcome = table.issues["outcome"].to_numpy(np.float64)
    needed = candidates([*(c.name for c in chosen), *(STACK_FEATURES if stacked else ())])
    everything = point_forecasts(table, needed, packed)
    forecasts = everything[[c.name for c in chosen]].copy()
    if stacked:
        low, high = table.issues["low"].to_numpy(np.float64), table.issues["high"].to_numpy(np.float64)
        features = fill(everything[list(STACK_FEATURES)].to_numpy(np.float64), low, high)
        forecasts["stacked"] = cross_validated(features, outcome, table.issues["proposal"].to_numpy())[0]
    covered: dict[str, dict[str, Array]] = {}
    if runs > 0:
        for k, candidate in enumerate(chosen):
            wanted = candidate.name in interval_models if interval_models is not None else _one_shot(candidate)
            if candidate.model is not None and wanted:
                q = intervals(table, candidate, noise, runs, seed + k, packed)
                covered[candidate.name] = coverage_flags(q, outcome, noise.tolerance)
    n_positions = distinct_positions(table)
    rng = np.random.default_rng(seed)
    frames = []
    for subset, value, mask in _subsets(table.issues, n_positions):
        frame = score(forecasts, outcome, covered, mask, rng)
        frames.append(frame.assign(subset=subset, value=value, issues=int(mask.sum())))
    scores = pd.concat(frames, ignore_index=True)
    shown = table.issues.assign(n_positions=n_positions.to_numpy())
    return BacktestResult(
        forecasts=pd.concat([shown, forecasts.add_prefix("f_")], axis=1),
        scores=scores,
        candidates=tuple(forecasts.columns),
        default=DEFAULT_MODEL,
        source=table.source,
        seed=seed,
        runs=runs,
        noise=noise,
    )
