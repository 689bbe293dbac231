"""Solving a scenario issue group by issue group: each group's issues over the actors that take part in them.

Issues with the same participants form a group (:func:`detente.bargain.arrays.participant_groups`); a one-issue
model solves a group's issues as one batch, a joint model (the SMP) bargains over a group's issues at once. An
actor that takes no part in an issue is absent from its problem: it neither votes, nor pulls the outcome, nor moves.
Issues with different participants are solved apart, also by a joint model: giving an absent actor zero salience
on a dimension instead would keep its position there in the outcome (the SMP's outcome weighs every actor's
position), so it would still take part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from detente.bargain.arrays import ScenarioArrays
from detente.bargain.montecarlo import Draws
from detente.bargain.registry import ModelSpec
from detente.bargain.solution import Array, Solution

BATCH = 2048  # most problems solved at once in Monte Carlo
CELLS = 100_000  # ... and at most about this many actor pairs (B x N^2 x issues): arrays that stay in cache run
# faster (the EUM's Monte Carlo of 20 actors 1.5x faster at 256 problems a batch than at 2048), and memory is bounded


def batch_size(actors: int, issues: int = 1) -> int:
    """Problems of ``actors`` actors over ``issues`` issues to solve at once in Monte Carlo."""
    return max(1, min(BATCH, CELLS // max(1, actors * actors * issues)))


def by_issue(joint: Solution) -> Solution:
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


def solve_point(spec: ModelSpec, arrays: ScenarioArrays, params: dict[str, Any]) -> Solution:
    """The point forecast of every issue of ``arrays`` (one group), as K one-issue solutions."""
    if spec.joint:
        # one problem over all the group's issues at once: arrays (1, N), (1, N, K), (1, N, K)
        return by_issue(spec.solve(arrays.capability[None], arrays.position[None], arrays.salience[None],
                                   arrays.low, arrays.high, **params))  # fmt: skip
    # the issues are independent problems: solve them as one batch
    k = len(arrays.issues)
    batch: Solution = spec.solve(np.repeat(arrays.capability[None, :], k, axis=0), arrays.position.T.copy(),
                                 arrays.salience.T.copy(), arrays.low, arrays.high, **params)  # fmt: skip
    return batch


def _batched(solve: Callable[..., Any], cap: Array, pos: Array, sal: Array, low: float, high: float,
             params: dict[str, Any]) -> Array:  # fmt: skip
    outcomes = np.empty(cap.shape[0])
    size = batch_size(cap.shape[1])
    for start in range(0, cap.shape[0], size):
        stop = start + size
        n = min(stop, cap.shape[0]) - start
        solution = solve(cap[start:stop], pos[start:stop], sal[start:stop], np.full(n, low), np.full(n, high), **params)
        outcomes[start:stop] = solution.outcome
    return outcomes


def subset_draws(draws: Draws, actors: tuple[int, ...], issues: tuple[int, ...]) -> Draws:
    """The draws of some actors on some issues (a group), from draws of the whole scenario."""
    a, k = np.asarray(actors, dtype=np.intp), np.asarray(issues, dtype=np.intp)
    return Draws(draws.capability[:, a], draws.position[:, a][:, :, k], draws.salience[:, a][:, :, k])


def solve_draws(spec: ModelSpec, arrays: ScenarioArrays, draws: Draws, params: dict[str, Any],
                on_step: Callable[[float], None] | None = None) -> Array:  # fmt: skip
    """Outcomes (R, K) of a group's issues in each of R drawn scenarios; ``on_step(share)`` as parts are done."""
    runs, k = draws.capability.shape[0], len(arrays.issues)
    n = len(arrays.actors)
    if spec.joint:
        parts = []
        size = batch_size(n, k)
        for i in range(0, runs, size):
            stop = i + size
            parts.append(spec.solve(draws.capability[i:stop], draws.position[i:stop], draws.salience[i:stop],
                                    arrays.low, arrays.high, **params).outcome)  # fmt: skip
            if on_step is not None:
                on_step(min(size, runs - i) / runs)
        return np.concatenate(parts)
    outcomes = np.empty((runs, k))
    for j in range(k):
        outcomes[:, j] = _batched(spec.solve, draws.capability, draws.position[:, :, j], draws.salience[:, :, j],
                                  float(arrays.low[j]), float(arrays.high[j]), params)  # fmt: skip
        if on_step is not None:
            on_step(1.0 / k)
    return outcomes
