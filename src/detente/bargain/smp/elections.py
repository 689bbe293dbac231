"""Primitives of the SMP: utilities, votes, victory probabilities, coalitions, Condorcet elections, risk."""

from __future__ import annotations

from typing import cast

import numpy as np
from numpy.typing import NDArray

from detente.bargain.smp.options import FLAT, OPTION_FLOOR, OPTIONS
from detente.bargain.solution import Array
from detente.errors import ConvergenceError, UnknownModelError


# -- primitives ------------------------------------------------------------------------------------------------
def utility(d: Array, r: Array | float) -> Array:
    """Risk-adjusted utility of a distance d in [0, 1] for risk attitude r in [-1, 1] (r = 1 averse, -1 acceptant)."""
    u = (1.0 - d) * (1.0 + d * r)
    over = d > 1.0  # only by round-off: distances are normalised
    if np.any(over):
        u = np.where(over, (1.0 - d) * (1.0 + r), u)
    return u


def vote(rule: str, weight: Array | float, better: Array, worse: Array | float) -> Array:
    """A voter's vote for option A over option B, given its utilities for A (``better``) and B (``worse``)."""
    delta = better - worse
    if rule == "Prop":
        return weight * delta
    if rule == "Binary":
        return weight * np.clip(delta / 1e-8, -1.0, 1.0)
    if rule == "PropBin":
        return weight * (0.8 * delta + 0.2 * np.clip(delta / 1e-8, -1.0, 1.0))
    if rule == "PropCbc":
        return weight * (0.5 * delta + 0.5 * delta**3)
    if rule == "Cubic":
        return weight * delta**3
    if rule == "ASymProsp":
        return np.where(delta < 0, weight * delta, np.where(delta > 0, (2.0 / 3.0) * weight * delta, 0.0))
    raise UnknownModelError(f"unknown voting rule {rule!r}", fix=f"use one of: {', '.join(OPTIONS['vr'])}")


def victory(vpm: str, strength: Array, against: Array) -> Array:
    """Probability that the coalition of ``strength`` beats the one of ``against``."""
    if vpm == "Binary":
        share = strength / (strength + against)
        ramp = (2.1 * share - 1.0) / 0.1
        return np.where(strength >= 1.1 * against, 1.0 / (1.0 + 1e-6),
                        np.where(against >= 1.1 * strength, 1e-6 / (1.0 + 1e-6), ramp))  # fmt: skip
    power = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[vpm]
    if power == 1:
        return strength / (strength + against)
    a, b = strength**power, against**power
    return a / (a + b)


def positive_votes(rule: str, weight: Array, better: Array, worse: Array, later: NDArray[np.bool_]) -> Array:
    """The part of each voter's vote that goes to option A in the A-B contest ([vote]+), broadcasting.

    For ASymProsp KTAB asks each voter once per pair, "the later option over the earlier": its positive part goes
    to the later option with the 2/3 discount and the magnitude of its negative part to the earlier one in full.
    ``later`` marks the contests where A is the later option.
    """
    if rule == "ASymProsp":
        gain = weight * np.maximum(better - worse, 0.0)
        return np.where(later, (2.0 / 3.0) * gain, gain)
    return np.maximum(vote(rule, weight, better, worse), 0.0)


def coalitions(rule: str, weight: Array, util: Array) -> Array:
    """C[..., a, b] = floor + the votes for option a over b; util (..., voters, M), weight (voters,)."""
    m = util.shape[-1]
    later = np.arange(m)[:, None] > np.arange(m)[None, :]
    votes = positive_votes(rule, weight[:, None, None], util[..., :, :, None], util[..., :, None, :], later)
    return cast(Array, OPTION_FLOOR + votes.sum(axis=-3))


def pce(pcem: str, vpm: str, strength: Array, valid: NDArray[np.bool_] | None = None, *, cap: int = 1000) -> Array:
    """Probabilistic Condorcet election: option probabilities P (..., M) from coalition strengths C (..., M, M).

    ``valid`` (..., M) marks real options in padded batches; padded options get probability 0.
    """
    m = strength.shape[-1]
    if valid is None:
        valid = np.ones(strength.shape[:-1], dtype=bool)
    pair = valid[..., :, None] & valid[..., None, :]
    v = victory(vpm, strength, np.swapaxes(strength, -1, -2))
    eye = np.eye(m, dtype=bool)
    v = np.where(eye, 0.5, v)
    if pcem == "Conditional":
        v = np.where(pair, v, 1.0)
        with np.errstate(under="ignore"):
            p = np.prod(v, axis=-1) * valid
            total = p.sum(axis=-1, keepdims=True)
        if np.any(~(total > 1e-280)):
            # products of many probabilities underflow for hundreds of options: the same ratios in logs
            logs = np.where(valid, np.log(v).sum(axis=-1), -np.inf)
            logs = logs - logs.max(axis=-1, keepdims=True)
            alt = np.exp(logs)
            alt = alt / alt.sum(axis=-1, keepdims=True)
            p = np.where(~(total > 1e-280), alt, p / np.where(total > 1e-280, total, 1.0))
            return cast(Array, p)
        return cast(Array, p / total)
    v = np.where(pair, v, 0.0)
    count = valid.sum(axis=-1, keepdims=True)
    p = valid / count
    if pcem == "MarkovUniform":
        tol = 1e-6
        for _ in range(cap):
            q = (v * (p[..., :, None] + p[..., None, :])).sum(axis=-1) / count
            if np.max(np.abs(q - p)) <= tol:
                return cast(Array, q)
            p = (p + q) / 2.0
    elif pcem == "MarkovIncentive":
        tol = 1e-8
        incentive = np.where(pair, strength * v, 0.0) + np.where(eye & pair, 1e-10, 0.0)
        column = incentive.sum(axis=-2, keepdims=True)
        challenge = incentive / np.where(column > 0, column, 1.0)  # Ch[a, b]: a challenges when b leads
        for _ in range(cap):
            t = p[..., :, None] * np.swapaxes(challenge, -1, -2)  # t[a, b] = p_a Ch(b -> a)
            q = (v * (t + np.swapaxes(t, -1, -2))).sum(axis=-1)
            if np.max(np.abs(q - p)) <= tol:
                return cast(Array, q)
            p = (p + q) / 2.0
    else:
        raise UnknownModelError(f"unknown PCE model {pcem!r}", fix=f"use one of: {', '.join(OPTIONS['pcem'])}")
    raise ConvergenceError(
        f"the {pcem} election did not converge in {cap} iterations",
        fix="raise markov_cap, or use pcem=Conditional",
    )


def risk_attitudes(p: Array, rng_rule: str) -> Array:
    """Risk attitude R_i from the election probability of each actor's position (most likely: most averse)."""
    hi, lo = p.max(), p.min()
    if hi - lo < FLAT:
        return np.zeros_like(p)  # KTAB divides by zero here
    if rng_rule == "Min":
        return cast(Array, (p - lo) / (hi - lo))
    if rng_rule == "Mid":
        return cast(Array, (3.0 * p - hi - 2.0 * lo) / (2.0 * (hi - lo)))
    return cast(Array, (2.0 * p - hi - lo) / (hi - lo))


def perceived_risk(risk: Array, rule: str) -> Array:
    """r[h, i]: h's estimate of i's risk attitude; r[h, h] = R_h under every rule."""
    own, other = risk[:, None], risk[None, :]
    r = {
        "None": np.broadcast_to(own, (risk.size, risk.size)),
        "OneThird": (2.0 * own + other) / 3.0,
        "Half": (own + other) / 2.0,
        "TwoThirds": (own + 2.0 * other) / 3.0,
        "Full": np.broadcast_to(other, (risk.size, risk.size)),
    }[rule].copy()
    np.fill_diagonal(r, risk)
    return r


def distances(ideal: Array, salience: Array, points: Array) -> Array:
    """d[a, m]: actor a's salience-weighted distance from its ideal to point m (all on [0, 1])."""
    s2 = salience**2
    gap = ideal[:, None, :] - points[None, :, :]
    return cast(Array, np.sqrt(np.sum(s2[:, None, :] * gap * gap, axis=-1) / s2.sum(axis=1)[:, None]))


# -- one state ------------------------------------------------------------------------------------------------
