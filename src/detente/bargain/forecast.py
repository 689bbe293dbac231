"""Forecasts: run a registered model on a scenario (each issue a batch element), with Monte Carlo on request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.bargain.arrays import to_arrays
from detente.bargain.baseline import weighted_mean
from detente.bargain.context import TrackRecord, dominance_warning, track_record, weight_shares
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.montecarlo import Distribution, Draws, draw, summarise
from detente.bargain.noise import CALIBRATED, NoiseModel, calibrated_draws
from detente.bargain.registry import get_model
from detente.bargain.solution import BARGAIN, KIND_NAMES, Array, Solution
from detente.errors import ScenarioError
from detente.scenario.model import Issue, Scenario

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is made: the command line starts faster without it

BATCH = 2048  # problems solved at once in Monte Carlo: bounds memory at B x N^2


@dataclass(frozen=True)
class Move:
    """One accepted offer: in ``round``, ``actor`` moved from ``start`` to ``end`` because of ``sender``."""

    round: int
    actor: str
    sender: str
    kind: str
    start: float
    end: float

    def __str__(self) -> str:
        return f"round {self.round}: {self.actor} {self.kind} {self.sender} ({self.start:.4g} -> {self.end:.4g})"


@dataclass(frozen=True)
class IssueForecast:
    issue: Issue
    forecast: float
    rounds: int
    stop_reason: str
    trajectory: Array  # (rounds + 1, N)
    median: Array | None = None
    mean: Array | None = None
    moves: tuple[Move, ...] = ()
    distribution: Distribution | None = None
    baselines: dict[str, float] = field(default_factory=dict)  # weighted mean and midpoint on the same issue
    weight_share: dict[str, float] = field(default_factory=dict)  # each actor's share of capability x salience
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Forecast:
    """A model's forecast for every issue of a scenario, with the run's parameters and seed."""

    model: str
    params: dict[str, Any]
    actors: tuple[str, ...]
    issues: tuple[IssueForecast, ...]
    runs: int = 1
    seed: int | None = None
    scenario: str = ""
    notes: tuple[str, ...] = field(default=())
    info: dict[str, Any] = field(default_factory=dict)  # model-specific results, e.g. the SMP's final classes
    track_record: TrackRecord | None = None  # the model's backtest error (detente.bargain.context)

    def issue(self, key: str) -> IssueForecast:
        for item in self.issues:
            if key in (item.issue.id, item.issue.name):
                return item
        raise KeyError(key)

    @property
    def rounds(self) -> int:
        return max((i.trajectory.shape[0] - 1 for i in self.issues), default=0)

    def positions(self) -> Array:
        """Positions as [state][actor][issue] on each issue's scale (issues padded with their final state)."""
        states = self.rounds + 1
        out = np.empty((states, len(self.actors), len(self.issues)))
        for k, item in enumerate(self.issues):
            traj = item.trajectory
            out[:, :, k] = np.concatenate([traj, np.repeat(traj[-1:], states - traj.shape[0], axis=0)])
        return out

    def to_frame(self) -> pd.DataFrame:
        """Tidy trajectories: one row per issue, state and actor."""
        import pandas as pd

        rows = [
            (item.issue.id, t, actor, float(item.trajectory[t, a]))
            for item in self.issues
            for t in range(item.trajectory.shape[0])
            for a, actor in enumerate(self.actors)
        ]
        return pd.DataFrame(rows, columns=["issue", "round", "actor", "position"])

    def summary_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = []
        for item in self.issues:
            row: dict[str, Any] = {"issue": item.issue.id, "forecast": item.forecast, "rounds": item.rounds,
                                   "stop_reason": item.stop_reason}  # fmt: skip
            if item.distribution is not None:
                row |= item.distribution.quantiles | {"mc_mean": item.distribution.mean, "mc_sd": item.distribution.sd}
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self) -> dict[str, Any]:
        issues = []
        for item in self.issues:
            entry: dict[str, Any] = {
                "id": item.issue.id,
                "name": item.issue.label,
                "scale": item.issue.scale.model_dump(exclude_none=True),
                "forecast": item.forecast,
                "rounds": item.rounds,
                "stop_reason": item.stop_reason,
            }
            if item.median is not None and item.mean is not None:
                entry["median_path"] = [float(v) for v in item.median]
                entry["mean_path"] = [float(v) for v in item.mean]
            entry["baselines"] = item.baselines
            entry["weight_share"] = item.weight_share
            entry["warnings"] = list(item.warnings)
            if self.track_record is not None:
                entry["typical_error"] = self.track_record.mae * (item.issue.scale.high - item.issue.scale.low) / 100
            entry["moves"] = [m.__dict__ for m in item.moves]
            entry["quantiles"] = item.distribution.quantiles if item.distribution else None
            entry["distribution"] = item.distribution.to_dict() if item.distribution else None
            issues.append(entry)
        return {
            "schema": "detente.forecast/1",
            "scenario": self.scenario,
            "model": self.model,
            "params": self.params,
            "seed": self.seed,
            "runs": self.runs,
            "actors": list(self.actors),
            "issues": issues,
            "rounds": self.rounds,
            "positions": self.positions().tolist(),
            "quantiles": {i["id"]: i["quantiles"] for i in issues},
            "notes": list(self.notes),
            "track_record": self.track_record.to_dict() if self.track_record else None,
            **({"info": self.info} if self.info else {}),
        }


def _moves(trajectory: Array, sender: Array | None, kind: Array | None, actors: tuple[str, ...],
           rounds: int) -> tuple[Move, ...]:  # fmt: skip
    """Accepted offers from one issue's trajectory (T+1, N) and the round-by-actor sender and kind (T, N)."""
    if sender is None or kind is None:
        return ()
    moves = []
    for t in range(rounds):
        for a in np.flatnonzero(kind[t]):
            start, end = float(trajectory[t, a]), float(trajectory[t + 1, a])
            if start == end and int(kind[t, a]) == BARGAIN:
                continue  # a multi-issue bargain that left this issue where it was
            moves.append(Move(round=t + 1, actor=actors[a], sender=actors[int(sender[t, a])],
                              kind=KIND_NAMES[int(kind[t, a])], start=start, end=end))  # fmt: skip
    return tuple(moves)


def _by_issue(joint: Solution) -> Solution:
    """A joint solution of one problem over K issues seen as K one-issue solutions (issue axis first)."""
    issues = joint.outcome.shape[1]

    def issue_first(values: Array | None) -> Array | None:
        return None if values is None else np.moveaxis(values[0], -1, 0)

    return Solution(
        outcome=joint.outcome[0],
        trajectory=np.moveaxis(joint.trajectory[0], -1, 0),
        rounds=np.repeat(joint.rounds[:1], issues),
        stop_reason=joint.stop_reason[:1] * issues,
        median=issue_first(joint.median),
        mean=issue_first(joint.mean),
        sender=None if joint.sender is None else np.repeat(joint.sender[:1], issues, axis=0),
        kind=None if joint.kind is None else np.repeat(joint.kind[:1], issues, axis=0),
        info=joint.info,
    )


def _solve_batched(
    solve: Any, cap: Array, pos: Array, sal: Array, low: float, high: float, params: dict[str, Any]
) -> Array:
    outcomes = np.empty(cap.shape[0])
    for start in range(0, cap.shape[0], BATCH):
        stop = start + BATCH
        n = min(stop, cap.shape[0]) - start
        solution = solve(cap[start:stop], pos[start:stop], sal[start:stop], np.full(n, low), np.full(n, high), **params)
        outcomes[start:stop] = solution.outcome
    return outcomes


def forecast(
    scenario: Scenario,
    model: str = DEFAULT_MODEL,
    *,
    runs: int = 1,
    seed: int | None = None,
    noise: NoiseModel | None = CALIBRATED,
    on_progress: Callable[[int, int], None] | None = None,
    **params: Any,
) -> Forecast:
    """Forecast every issue of ``scenario`` with ``model``; with ``runs`` > 1, also the Monte Carlo distribution.

    The Monte Carlo draws the uncertainties the scenario states; when it states none, the calibrated input noise
    ``noise`` (``None``: no noise, every run the same). ``params`` go to the model (e.g. ``rounds=20,
    profile="scholz_code"`` for the EUM). The seed used is recorded; when none is given one is drawn and recorded,
    so any run can be repeated. ``on_progress(done, total)`` is called as batches of Monte Carlo runs are solved.
    """
    if runs < 1:
        raise ScenarioError(f"runs must be at least 1, got {runs}", fix="give --runs 1 or more")
    spec = get_model(model)
    stated = [values for key, values in scenario.models.items() if get_model(key).name == spec.name]
    params = {**(stated[0] if stated else {}), **params}
    spec.check_params(params)
    arrays = to_arrays(scenario)
    n_issues = len(arrays.issues)
    notes = []
    if spec.joint:
        # one problem over all issues at once: arrays (1, N), (1, N, K), (1, N, K)
        solution = _by_issue(spec.solve(arrays.capability[None], arrays.position[None], arrays.salience[None],
                                        arrays.low, arrays.high, **params))  # fmt: skip
        if "note" in solution.info:
            notes.append(str(solution.info["note"]))
    else:
        # the issues of a scenario are independent problems: solve them as one batch
        solution = spec.solve(
            np.repeat(arrays.capability[None, :], n_issues, axis=0),
            arrays.position.T.copy(),
            arrays.salience.T.copy(),
            arrays.low,
            arrays.high,
            **params,
        )
        if "note" in solution.info:
            notes.append(str(solution.info["note"]))
    outcome, rounds, reasons = solution.outcome, solution.rounds, solution.stop_reason
    distributions: list[Distribution | None] = [None] * n_issues
    if runs > 1:
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]
        if arrays.uncertain or noise is None:
            if not arrays.uncertain:
                notes.append("no value of the scenario states an uncertainty: every Monte Carlo run is the same")
            draws = draw(arrays, runs, np.random.default_rng(seed))
        else:
            notes.append(f"no value of the scenario states an uncertainty: the Monte Carlo draws the calibrated "
                         f"input noise {noise.name!r} (docs/models.md, 'Calibrated Monte Carlo')")  # fmt: skip
            draws = Draws(*calibrated_draws(noise, arrays.capability, arrays.position, arrays.salience,
                                            arrays.low, arrays.high, runs, np.random.default_rng(seed)))  # fmt: skip
        if spec.joint:
            parts = []
            for i in range(0, runs, BATCH):
                parts.append(
                    spec.solve(
                        draws.capability[i : i + BATCH],
                        draws.position[i : i + BATCH],
                        draws.salience[i : i + BATCH],
                        arrays.low,
                        arrays.high,
                        **params,
                    ).outcome
                )
                if on_progress is not None:
                    on_progress(min(i + BATCH, runs), runs)
            outcomes = np.concatenate(parts)
            for k in range(n_issues):
                distributions[k] = summarise(outcomes[:, k], float(arrays.low[k]), float(arrays.high[k]))
        else:
            for k in range(n_issues):
                values = _solve_batched(spec.solve, draws.capability, draws.position[:, :, k],
                                        draws.salience[:, :, k], float(arrays.low[k]), float(arrays.high[k]),
                                        params)  # fmt: skip
                distributions[k] = summarise(values, float(arrays.low[k]), float(arrays.high[k]))
                if on_progress is not None:
                    on_progress(runs * (k + 1) // n_issues, runs)
    issues = []
    shares = weight_shares(arrays.capability, arrays.salience)
    means = weighted_mean(arrays.capability[None, :], arrays.position.T, arrays.salience.T)
    for k, issue in enumerate(scenario.issues):
        warning = dominance_warning(arrays.actors, shares[:, k])
        steps = int(rounds[k]) + 1 if spec.dynamic else 1
        trajectory = solution.trajectory[k, :steps]
        median = solution.median[k, :steps] if solution.median is not None else None
        mean = solution.mean[k, :steps] if solution.mean is not None else None
        sender = solution.sender[k] if solution.sender is not None else None
        kind = solution.kind[k] if solution.kind is not None else None
        issues.append(
            IssueForecast(
                issue=issue,
                forecast=float(outcome[k]),
                rounds=int(rounds[k]),
                stop_reason=reasons[k],
                trajectory=trajectory,
                median=median,
                mean=mean,
                moves=_moves(trajectory, sender, kind, arrays.actors, int(rounds[k])),
                distribution=distributions[k],
                baselines={"weighted_mean": float(means[k]), "midpoint": (issue.scale.low + issue.scale.high) / 2},
                weight_share={a: float(v) for a, v in zip(arrays.actors, shares[:, k], strict=True)},
                warnings=(warning,) if warning else (),
            )
        )
    info: dict[str, Any] = {key: value for key, value in solution.info.items() if key != "note"}
    if "classes" in info:  # the SMP's final classes, members by actor id
        info["classes"] = [{**c, "members": [arrays.actors[a] for a in c["members"]]} for c in info["classes"]]
    full_params = {**spec.defaults, **params}
    return Forecast(
        model=spec.name,
        params=full_params,
        actors=arrays.actors,
        issues=tuple(issues),
        runs=runs,
        seed=seed,
        scenario=scenario.name,
        notes=tuple(notes),
        info=info,
        track_record=track_record(spec.name, full_params),
    )
