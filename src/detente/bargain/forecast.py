"""Forecasts: run a registered model on a scenario (each issue a batch element), with Monte Carlo on request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.bargain.arrays import ScenarioArrays, participant_groups, to_arrays
from detente.bargain.baseline import weighted_mean
from detente.bargain.context import TrackRecord, dominance_warning, track_record, weight_shares
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.groups import solve_draws, solve_point, subset_draws
from detente.bargain.montecarlo import Distribution, Draws, draw, summarise
from detente.bargain.noise import CALIBRATED, NoiseModel, calibrated_draws
from detente.bargain.registry import get_model
from detente.bargain.solution import BARGAIN, KIND_NAMES, Array, Solution
from detente.errors import ScenarioError
from detente.scenario.model import Issue, Scenario

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is made: the command line starts faster without it


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
    trajectory: Array  # (rounds + 1, N) over ``actors``, the issue's participants
    median: Array | None = None
    mean: Array | None = None
    moves: tuple[Move, ...] = ()
    distribution: Distribution | None = None
    baselines: dict[str, float] = field(default_factory=dict)  # weighted mean and midpoint on the same issue
    weight_share: dict[str, float] = field(default_factory=dict)  # each actor's share of capability x salience
    warnings: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # who takes part in the issue, in the scenario's order (the trajectory's columns)
    absent: tuple[str, ...] = ()  # the scenario's actors that take no part in it


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
        """Positions as [state][actor][issue] on each issue's scale (issues padded with their final state; NaN where
        the actor takes no part in the issue)."""
        states = self.rounds + 1
        out = np.full((states, len(self.actors), len(self.issues)), np.nan)
        for k, item in enumerate(self.issues):
            traj = item.trajectory
            columns = [self.actors.index(a) for a in item.actors] if item.actors else list(range(len(self.actors)))
            out[:, columns, k] = np.concatenate([traj, np.repeat(traj[-1:], states - traj.shape[0], axis=0)])
        return out

    def to_frame(self) -> pd.DataFrame:
        """Tidy trajectories: one row per issue, state and actor."""
        import pandas as pd

        rows = [
            (item.issue.id, t, actor, float(item.trajectory[t, a]))
            for item in self.issues
            for t in range(item.trajectory.shape[0])
            for a, actor in enumerate(item.actors or self.actors)
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
                "actors": list(item.actors or self.actors),
                "absent": list(item.absent),
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
            "positions": [
                [[None if np.isnan(v) else float(v) for v in row] for row in state] for state in self.positions()
            ],  # null where an actor takes no part in an issue
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


def _draws(arrays: ScenarioArrays, runs: int, seed: int, noise: NoiseModel | None, notes: list[str]) -> Draws:
    """``runs`` drawn copies of the whole scenario: its stated uncertainties, or else the calibrated noise."""
    if arrays.uncertain or noise is None:
        if not arrays.uncertain:
            notes.append("no value of the scenario states an uncertainty: every Monte Carlo run is the same")
        return draw(arrays, runs, np.random.default_rng(seed))
    notes.append(f"no value of the scenario states an uncertainty: the Monte Carlo draws the calibrated "
                 f"input noise {noise.name!r} (docs/models.md, 'Calibrated Monte Carlo')")  # fmt: skip
    return Draws(*calibrated_draws(noise, arrays.capability, arrays.position, arrays.salience, arrays.low,
                                   arrays.high, runs, np.random.default_rng(seed)))  # fmt: skip


def _issue_forecast(issue: Issue, j: int, group: ScenarioArrays, solution: Solution, dynamic: bool,
                    absent: tuple[str, ...], distribution: Distribution | None) -> IssueForecast:  # fmt: skip
    """The forecast of the ``j``-th issue of a group, over the group's actors (the issue's participants)."""
    shares = weight_shares(group.capability, group.salience[:, j : j + 1])[:, 0]
    mean = weighted_mean(group.capability[None, :], group.position[:, j][None, :], group.salience[:, j][None, :])
    warning = dominance_warning(group.actors, shares)
    rounds = int(solution.rounds[j])
    steps = rounds + 1 if dynamic else 1
    trajectory = solution.trajectory[j, :steps]
    sender = solution.sender[j] if solution.sender is not None else None
    kind = solution.kind[j] if solution.kind is not None else None
    return IssueForecast(
        issue=issue,
        forecast=float(solution.outcome[j]),
        rounds=rounds,
        stop_reason=solution.stop_reason[j],
        trajectory=trajectory,
        median=solution.median[j, :steps] if solution.median is not None else None,
        mean=solution.mean[j, :steps] if solution.mean is not None else None,
        moves=_moves(trajectory, sender, kind, group.actors, rounds),
        distribution=distribution,
        baselines={"weighted_mean": float(mean[0]), "midpoint": (issue.scale.low + issue.scale.high) / 2},
        weight_share={a: float(v) for a, v in zip(group.actors, shares, strict=True)},
        warnings=(warning,) if warning else (),
        actors=group.actors,
        absent=absent,
    )


def _group_info(info: dict[str, Any], group: ScenarioArrays, several: bool) -> dict[str, Any]:
    """A group's model-specific results, actor indices turned into ids (the SMP's final classes)."""
    info = {key: value for key, value in info.items() if key != "note"}
    if "classes" in info:
        where = {"issues": list(group.issues)} if several else {}
        info["classes"] = [{**c, "members": [group.actors[a] for a in c["members"]], **where} for c in info["classes"]]
    return info


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

    Each issue is solved over the actors that take part in it (:mod:`detente.bargain.groups`). The Monte Carlo
    draws the uncertainties the scenario states; when it states none, the calibrated input noise ``noise``
    (``None``: no noise, every run the same). ``params`` go to the model (e.g. ``rounds=20,
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
    notes: list[str] = list(scenario.notes)
    draws: Draws | None = None
    if runs > 1:
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % (2**63))  # type: ignore[operator]
        draws = _draws(arrays, runs, seed, noise, notes)
    groups = participant_groups(arrays.member)
    done = [0.0]

    def on_step(share: float) -> None:
        done[0] += share / len(groups)
        if on_progress is not None:
            on_progress(min(runs, round(runs * done[0])), runs)

    results: dict[int, IssueForecast] = {}
    info: dict[str, Any] = {}
    for members, issue_index in groups:
        group = arrays.subset(members, issue_index)
        solution = solve_point(spec, group, params)
        if "note" in solution.info and str(solution.info["note"]) not in notes:
            notes.append(str(solution.info["note"]))
        for key, value in _group_info(solution.info, group, len(groups) > 1).items():
            info[key] = [*info.get(key, []), *value] if key == "classes" and key in info else value
        outcomes = solve_draws(spec, group, subset_draws(draws, members, issue_index), params,
                               on_step) if draws is not None else None  # fmt: skip
        absent = tuple(a for a in arrays.actors if a not in group.actors)
        for j, k in enumerate(issue_index):
            distribution = (
                summarise(outcomes[:, j], float(group.low[j]), float(group.high[j])) if outcomes is not None else None
            )
            results[k] = _issue_forecast(scenario.issues[k], j, group, solution, spec.dynamic, absent, distribution)
    full_params = {**spec.defaults, **params}
    return Forecast(
        model=spec.name,
        params=full_params,
        actors=arrays.actors,
        issues=tuple(results[k] for k in range(len(scenario.issues))),
        runs=runs,
        seed=seed,
        scenario=scenario.name,
        notes=tuple(notes),
        info=info,
        track_record=track_record(spec.name, full_params),
    )
