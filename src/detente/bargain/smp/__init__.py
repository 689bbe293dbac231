"""KTAB's spatial model of politics (SMP): multi-dimensional bargaining with probabilistic Condorcet elections.

Specification: ``shared/reference/ktab-smp.md`` (written from a study of KAPSARC's KTAB, MIT licence); the model
itself is Wise, Lester, Mousavi et al., "The KAPSARC Toolkit for Behavioral Analysis (KTAB)", KAPSARC 2015-2017.

Each state: every actor's salience-weighted distance to every position, a Condorcet election among the positions
(capability-weighted votes) whose probabilities set each actor's risk attitude, and every actor's perception of
every other's utility. Each turn: every actor evaluates challenging every other from its own perspective (third
parties join the side they expect to gain from), proposes a bargain to the best target, and every actor adopts the
most likely bargain of its queue (status quo, its own proposal, the proposals it received) by another election.
Ideals follow positions through the accommodation matrix; the run stops when movement dies down.

KTAB's defaults are ours (Linear, Conditional, Deterministic, Prop, OneThird, Mid, SemiCommit, S2P2,
InitOnlyInterp) and every option is a named parameter. Where KTAB is faulty we differ, and say so: a flat election
gives risk-neutral actors instead of NaN; an all-equal start returns at once as "consensus"; capability 0 and
all-zero salience rows are refused at input; the stochastic mode draws from one stream per turn in a fixed actor
order, so a seed repeats a run exactly; the Markov elections stop with :class:`ConvergenceError` at their cap.

Cost: all per-turn work is array operations. The O(N^3) parts (the position election, the N(N-1) challenges with
N third parties each) run in blocks of about :data:`BLOCK` numbers, so memory stays bounded for hundreds of
actors; queues are resolved in blocks of equal length.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np

from detente.bargain.registry import register
from detente.bargain.smp.bargains import Bargains, choose, classes, interpolate, option_values, proposals, queues
from detente.bargain.smp.elections import (
    coalitions,
    distances,
    pce,
    perceived_risk,
    positive_votes,
    risk_attitudes,
    utility,
    victory,
    vote,
)
from detente.bargain.smp.engine import SMPRun, check_inputs, final_summary, prepare_salience, run
from detente.bargain.smp.options import (
    ALIASES,
    BLOCK,
    CHALLENGE_FLOOR,
    EQUIVALENT,
    FLAT,
    KTAB_SEED,
    MIN_GAIN,
    OPTION_FLOOR,
    OPTIONS,
    PARALLEL,
    THREADS,
    TIE_BREAK,
    SMPOptions,
)
from detente.bargain.smp.state import StateView, challenges, election_strengths, position_election, setup
from detente.bargain.solution import BARGAIN, NO_MOVE, Array, Solution


@register(
    "detente.smp.v1",
    aliases=("smp", "ktab"),
    summary="KTAB's spatial model of politics: multi-issue bargaining with Condorcet elections",
    reference="Wise et al., KTAB (KAPSARC 2015-2017); shared/reference/ktab-smp.md",
    defaults={f.name: f.default for f in fields(SMPOptions) if f.name != "accommodation"} | {"salience_total": "scale"},
    dynamic=True,
    joint=True,
    options=tuple(ALIASES),
)
def solve_smp(
    capability: Array,
    position: Array,
    salience: Array,
    low: Array,
    high: Array,
    *,
    salience_total: str = "scale",
    **params: Any,
) -> Solution:
    """Run the SMP on B problems of N actors x D issues (arrays (B, N), (B, N, D), (B, N, D); low/high (D,)).

    Returns a joint :class:`Solution`: ``outcome`` (B, D) the most probable final class's position,
    ``trajectory`` (B, T+1, N, D) padded with the final state, ``mean``/``median`` (B, T+1, D), ``sender`` (B, T, N)
    whose bargain each actor adopted and ``info["classes"]`` the final classes of the first problem.
    """
    options = SMPOptions.from_params(params)
    low, high = np.asarray(low, dtype=np.float64), np.asarray(high, dtype=np.float64)
    width = high - low
    prepared = [prepare_salience(np.asarray(row, dtype=np.float64), salience_total) for row in salience]
    scaled_any = any(scaled for _, scaled in prepared)
    runs = [run(capability[b], (position[b] - low) / width, sal, options) for b, (sal, _) in enumerate(prepared)]
    batch, n, d = position.shape
    states = max(r.rounds for r in runs) + 1
    trajectory = np.empty((batch, states, n, d))
    mean = np.empty((batch, states, d))
    median = np.empty((batch, states, d))
    outcome = np.empty((batch, d))
    sender = np.full((batch, states - 1, n), -1, dtype=np.int64)
    kind = np.zeros((batch, states - 1, n), dtype=np.int8)
    for b, result in enumerate(runs):
        t = result.rounds + 1
        best, mean_b, median_b = final_summary(result, np.asarray(capability[b], dtype=np.float64), prepared[b][0])
        path = low + result.positions * width
        trajectory[b, :t] = path
        trajectory[b, t:] = path[-1]
        mean[b, :t], mean[b, t:] = low + mean_b * width, low + mean_b[-1] * width
        median[b, :t], median[b, t:] = low + median_b * width, low + median_b[-1] * width
        outcome[b] = low + best * width
        sender[b, : t - 1] = result.partner
        kind[b, : t - 1] = np.where(result.partner >= 0, BARGAIN, NO_MOVE)
    first = runs[0]
    info: dict[str, object] = {
        "classes": [
            {"members": np.flatnonzero(first.labels == c).tolist(), "probability": float(p),
             "position": (low + first.positions[-1, int(np.flatnonzero(first.labels == c)[0])] * width).tolist()}
            for c, p in enumerate(first.class_probability)
        ],
        "risk": first.risk.tolist(),
    }  # fmt: skip
    if scaled_any:
        info["note"] = ("saliences of actors summing past 1 over the issues were divided by their sum: the SMP "
                        "splits one unit of attention (give salience_total=strict to refuse them)")  # fmt: skip
    return Solution(
        outcome=outcome,
        trajectory=trajectory,
        rounds=np.array([r.rounds for r in runs], dtype=np.int64),
        stop_reason=tuple(r.stop_reason for r in runs),
        median=median,
        mean=mean,
        sender=sender,
        kind=kind,
        info=info,
    )


__all__ = [
    "ALIASES",
    "BLOCK",
    "CHALLENGE_FLOOR",
    "EQUIVALENT",
    "FLAT",
    "KTAB_SEED",
    "MIN_GAIN",
    "OPTIONS",
    "OPTION_FLOOR",
    "PARALLEL",
    "THREADS",
    "TIE_BREAK",
    "Bargains",
    "SMPOptions",
    "SMPRun",
    "StateView",
    "challenges",
    "check_inputs",
    "choose",
    "classes",
    "coalitions",
    "distances",
    "election_strengths",
    "final_summary",
    "interpolate",
    "option_values",
    "pce",
    "perceived_risk",
    "position_election",
    "positive_votes",
    "prepare_salience",
    "proposals",
    "queues",
    "risk_attitudes",
    "run",
    "setup",
    "solve_smp",
    "utility",
    "victory",
    "vote",
]
