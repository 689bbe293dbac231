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

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from detente.bargain.registry import register
from detente.bargain.solution import BARGAIN, NO_MOVE, Array, Solution
from detente.errors import ConvergenceError, ScenarioError, UnknownModelError

BLOCK = 1 << 16  # numbers per temporary array in the O(N^3) steps (512 KiB of float64: stays in cache)
THREADS = min(4, os.cpu_count() or 1)  # threads over blocks of challengers
PARALLEL = 1 << 22  # challenge work (numbers) worth splitting over threads (below it they cost more than they give)

OPTIONS: dict[str, tuple[str, ...]] = {
    "vpm": ("Linear", "Square", "Quartic", "Octic", "Binary"),
    "pcem": ("Conditional", "MarkovIncentive", "MarkovUniform"),
    "stm": ("Deterministic", "Stochastic"),
    "vr": ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
    "risk_adjust": ("None", "OneThird", "Half", "TwoThirds", "Full"),
    "risk_range": ("Min", "Mid", "Max"),
    "tpc": ("NoCommit", "SemiCommit", "FullCommit"),
    "ivb": ("S1P1", "S2P2", "S2PMax"),
    "bm": ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
}
# KTAB's own names for two of them, accepted as aliases
ALIASES = {"bigRAdj": "risk_adjust", "bigRRng": "risk_range", "rounds": "max_rounds"}
KTAB_SEED = 0xD67CC16FE69C185C

OPTION_FLOOR = 1e-8  # coalition floor in option contests
CHALLENGE_FLOOR = 1e-10  # coalition floor in challenge contests
MIN_GAIN = 1e-5  # least expected gain worth a challenge
TIE_BREAK = 1e-6  # bargain interpolation tie-break weight
EQUIVALENT = 1e-3  # positions closer than this (Euclidean, on [0, 1]) form one class in the report
FLAT = 1e-12  # an election whose probabilities spread less than this is flat: risk-neutral actors


@dataclass(frozen=True)
class SMPOptions:
    """The nine switches of KTAB's SMP (defaults: KTAB's) and the stop rule.

    ``ktab_defects`` copies KTAB's faults in the two non-default bargain models (the receiver's view interpolated
    with an expected gain in place of a probability; the receiver weighted with the initiator's capability);
    ``False`` corrects them. ``accommodation`` is the ideal-adjustment matrix A (N x N, rows summing to at most 1;
    ``None`` is the identity: ideals follow positions). ``seed`` is used in the Stochastic mode only.
    """

    vpm: str = "Linear"
    pcem: str = "Conditional"
    stm: str = "Deterministic"
    vr: str = "Prop"
    risk_adjust: str = "OneThird"
    risk_range: str = "Mid"
    tpc: str = "SemiCommit"
    ivb: str = "S2P2"
    bm: str = "InitOnlyInterp"
    ktab_defects: bool = True
    max_rounds: int = 100
    min_rounds: int = 2
    stop_ratio: float = 0.02
    stop_floor: float = 1e-4
    markov_cap: int = 1000
    seed: int = KTAB_SEED
    accommodation: Array | None = field(default=None, compare=False)
    class_history: bool = False

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> SMPOptions:
        """Options from named parameters (KTAB's names, option names in any case, or KTAB's integer codes)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for raw_key, value in params.items():
            key = ALIASES.get(raw_key, raw_key)
            if key not in known:
                raise UnknownModelError(
                    f"the SMP has no parameter {raw_key!r}", fix=f"use one of: {', '.join(sorted(known))}"
                )
            if key in OPTIONS:
                value = _option(key, value)
            values[key] = value
        options = cls(**values)
        if options.max_rounds < 1 or options.min_rounds < 1:
            raise ScenarioError("max_rounds and min_rounds must be at least 1", fix="give positive round counts")
        return options


def _option(key: str, value: Any) -> str:
    choices = OPTIONS[key]
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and 0 <= int(value) < len(choices):
        return choices[int(value)]
    for choice in choices:
        if str(value).lower() == choice.lower():
            return choice
    raise UnknownModelError(f"{key}={value!r} is not an SMP option", fix=f"use one of: {', '.join(choices)}")


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
@dataclass(frozen=True)
class StateView:
    """What every actor sees in one state: distances, the position election and risk attitudes."""

    position: Array  # (N, D)
    ideal: Array  # (N, D)
    delta: Array  # (N, N): delta[i, j] = d_i(x_j)
    probability: Array  # (N,) election probability of each actor's position
    risk: Array  # (N,)
    perceived: Array  # (N, N)


def _blocks(rows: int, per_row: int) -> range:
    return range(0, rows, max(1, BLOCK // max(per_row, 1)))


def election_strengths(rule: str, weight: Array, util: Array) -> Array:
    """:func:`coalitions` for one large election (util (voters, M)), in blocks of rows to bound memory."""
    m = util.shape[1]
    strength = np.empty((m, m))
    index = np.arange(m)
    step = max(1, BLOCK // (util.shape[0] * m))
    for start in range(0, m, step):
        rows = slice(start, start + step)
        later = index[rows, None] > index[None, :]
        votes = positive_votes(rule, weight[:, None, None], util[:, rows, None], util[:, None, :], later)
        strength[rows] = OPTION_FLOOR + votes.sum(axis=0)
    return strength


def position_election(delta: Array, capability: Array, options: SMPOptions) -> Array:
    """Election among the N positions (duplicates not merged); votes weighted by capability, risk-neutral."""
    strength = election_strengths(options.vr, capability, 1.0 - delta)
    return pce(options.pcem, options.vpm, strength, cap=options.markov_cap)


def setup(position: Array, ideal: Array, capability: Array, salience: Array, options: SMPOptions) -> StateView:
    delta = distances(ideal, salience, position)
    probability = position_election(delta, capability, options)
    risk = risk_attitudes(probability, options.risk_range)
    return StateView(position, ideal, delta, probability, risk, perceived_risk(risk, options.risk_adjust))


# -- challenges ------------------------------------------------------------------------------------------------
def challenges(
    view: StateView,
    weight: Array,
    total: Array,
    options: SMPOptions,
    h: NDArray[np.intp],
    i: NDArray[np.intp],
    j: NDArray[np.intp],
    k: NDArray[np.intp],
) -> tuple[Array, Array]:
    """(phi, gain) of "i challenges j" as h estimates it, valued for k: h, i, k (T,), targets j (T, J).

    ``weight`` is capability x total salience, ``total`` each actor's total salience (the chance a target resists).
    Returns arrays (T, J). Blocks of challengers run on a thread pool (numpy releases the GIL); each block is
    independent, so the result does not depend on the number of threads.
    """
    n = view.delta.shape[0]
    phi = np.empty(j.shape)
    gain = np.empty(j.shape)
    per_row = j.shape[1] * n
    step = max(1, BLOCK // per_row)
    parallel = i.size * per_row >= PARALLEL and THREADS > 1
    if parallel:
        step = min(step, -(-i.size // THREADS))  # at least one block per thread
    blocks = [slice(start, start + step) for start in range(0, i.size, step)]

    def block(sl: slice) -> None:
        phi[sl], gain[sl] = _challenge_block(view, weight, total, options, h[sl], i[sl], j[sl], k[sl])

    if parallel:
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(block, blocks))
    else:
        for sl in blocks:
            block(sl)
    return phi, gain


def _challenge_block(
    view: StateView,
    weight: Array,
    total: Array,
    options: SMPOptions,
    h: NDArray[np.intp],
    i: NDArray[np.intp],
    j: NDArray[np.intp],
    k: NDArray[np.intp],
) -> tuple[Array, Array]:
    rows = np.arange(i.size)[:, None]
    r = view.perceived[h]  # (T, N): h's view of every n's risk attitude
    u_ni = utility(view.delta[:, i].T, r)[:, None, :]  # U(n, i): (T, 1, N)
    u_nn = utility(np.diag(view.delta)[None, :], r)[:, None, :]  # U(n, n)
    u_nj = utility(view.delta.T[j], r[:, None, :])  # U(n, j): (T, J, N)
    u_ii = u_ni[rows, 0, i[:, None]]  # (T, 1)
    u_ij = np.take_along_axis(u_nj, i[:, None, None], axis=2)[..., 0]  # (T, J)
    u_ji = np.take_along_axis(u_ni[:, 0, :], j, axis=1)
    u_jj = np.take_along_axis(u_nj, j[..., None], axis=2)[..., 0]
    a_i = vote(options.vr, weight[i][:, None], u_ii, u_ij)
    a_j = vote(options.vr, weight[j], u_ji, u_jj)
    b_i = CHALLENGE_FLOOR + np.maximum(a_i, 0.0) + np.maximum(a_j, 0.0)
    b_j = CHALLENGE_FLOOR + np.maximum(-a_i, 0.0) + np.maximum(-a_j, 0.0)
    c_ij, c_ji = b_i.copy(), b_j.copy()
    if options.tpc == "SemiCommit":
        # each third party n judges from the principals' coalitions alone, then joins the side it expects to gain
        bi, bj = b_i[..., None], b_j[..., None]
        v0 = vote(options.vr, weight, u_ni, u_nj)
        for_i = np.maximum(v0, 0.0)
        np.maximum(np.negative(v0, out=v0), 0.0, out=v0)  # v0 now holds the votes for j
        p = bi + for_i
        den = p + bj
        den += v0
        p /= den  # (B_i + [v0]+) / (B_i + [v0]+ + B_j + [-v0]+)
        if options.vr == "Prop":
            # E_join_i - E_join_j reduced by hand: p (U(n,n) - U(n,i)) + (1 - p)(U(n,j) - U(n,n)); half the work
            lean_j = u_nj - u_nn
            join_i = np.multiply(p, (u_nn - u_ni) - lean_j, out=p)
            join_i += lean_j
            join_j: Array | float = 0.0
        else:
            q = 1.0 - p
            u3 = 3.0 * u_nj
            join_i = p * (2.0 * u_ni + u_nn)
            join_i += np.multiply(q, u3, out=u3)
            u2 = 2.0 * u_nj
            u2 += u_nn
            join_j = np.multiply(p, 3.0 * u_ni, out=p)
            join_j += np.multiply(q, u2, out=q)
        v = vote(options.vr, weight, join_i, join_j)
        t = np.arange(i.size)
        v[t, :, i] = 0.0  # the principals are no third parties
        v[t[:, None], np.arange(j.shape[1])[None, :], j] = 0.0
        c_ij += np.maximum(v, 0.0).sum(axis=-1)
        c_ji += np.maximum(np.negative(v, out=v), 0.0, out=v).sum(axis=-1)
    # NoCommit and FullCommit: joining either side is worth the same, so third parties never add votes
    f = c_ij / (c_ij + c_ji)
    u_ki = u_ni[rows, 0, k[:, None]]
    u_kj = np.take_along_axis(u_nj, k[:, None, None], axis=2)[..., 0]
    won, lost, status_quo = 2.0 * u_ki, 2.0 * u_kj, u_ki + u_kj
    contest = f * won + (1.0 - f) * lost
    s_j = total[j]
    return f, (1.0 - s_j) * won + s_j * contest - status_quo


def interpolate(ivb: str, x_i: Array, x_j: Array, s_i: Array, s_j: Array, p_i: Array) -> tuple[Array, Array]:
    """The bargain's new coordinates for initiator and receiver, given the initiator's chance p_i of winning."""
    p_i = p_i[:, None]
    p_j = 1.0 - p_i
    if ivb == "S2PMax":
        d_i, d_j = np.maximum(p_j - p_i, 0.0), np.maximum(p_i - p_j, 0.0)
        m_i = d_i * s_j**2 / (d_i * s_j**2 + TIE_BREAK + (1.0 - d_i) * s_i**2)
        m_j = d_j * s_i**2 / (d_j * s_i**2 + TIE_BREAK + (1.0 - d_j) * s_j**2)
        return x_i + m_i * (x_j - x_i), x_j + m_j * (x_i - x_j)
    power = 2 if ivb == "S2P2" else 1
    w_i, w_j = s_i**power * p_i**power, s_j**power * p_j**power
    den = w_i + TIE_BREAK + w_j
    b_i = ((w_i + TIE_BREAK) * x_i + w_j * x_j) / den
    b_j = (w_i * x_i + (w_j + TIE_BREAK) * x_j) / den
    return np.floor(10000.0 * b_i + 0.5) / 10000.0, np.floor(10000.0 * b_j + 0.5) / 10000.0


@dataclass(frozen=True)
class Bargains:
    initiator: NDArray[np.intp]  # (M,)
    receiver: NDArray[np.intp]
    new_initiator: Array  # (M, D)
    new_receiver: Array


def proposals(
    view: StateView, capability: Array, salience: Array, options: SMPOptions
) -> tuple[NDArray[np.intp], Bargains]:
    """Every actor's best target (-1: none) and the bargains they propose."""
    n = capability.size
    total = salience.sum(axis=1)
    weight = capability * total
    every = np.arange(n, dtype=np.intp)
    phis, gains = challenges(view, weight, total, options, every, every, np.tile(every, (n, 1)), every)
    np.fill_diagonal(gains, -np.inf)  # nobody challenges itself
    gains = np.where(gains > MIN_GAIN, gains, -np.inf)
    target = np.where(np.isfinite(gains).any(axis=1), np.argmax(gains, axis=1), -1).astype(np.intp)
    init = np.flatnonzero(target >= 0).astype(np.intp)
    recv = target[init]
    x, s = view.position, salience
    b_i, b_j = interpolate(options.ivb, x[init], x[recv], s[init], s[recv], phis[init, recv])
    if options.bm == "InitOnlyInterp":
        return target, Bargains(init, recv, b_i, b_j)
    # the receiver's view of the same bargain
    phi_recv, gain_recv = challenges(view, weight, total, options, recv, init, recv[:, None], init)
    p_recv = (gain_recv if options.ktab_defects else phi_recv)[:, 0]
    r_i, r_j = interpolate(options.ivb, x[init], x[recv], s[init], s[recv], p_recv)
    if options.bm == "InitRcvrInterp":
        order = np.argsort(np.concatenate([init, init]), kind="stable")  # by initiator, initiator's view first
        both = Bargains(
            np.concatenate([init, init])[order], np.concatenate([recv, recv])[order],
            np.concatenate([b_i, r_i])[order], np.concatenate([b_j, r_j])[order],
        )  # fmt: skip
        return target, both
    w_init = (capability[init] * total[init])[:, None]
    w_recv = ((capability[init] if options.ktab_defects else capability[recv]) * total[recv])[:, None]
    mean_i = (w_init * b_i + w_recv * r_i) / (w_init + w_recv)
    mean_j = (w_init * b_j + w_recv * r_j) / (w_init + w_recv)
    return target, Bargains(init, recv, mean_i, mean_j)


# -- queues ----------------------------------------------------------------------------------------------------
def queues(n: int, bargains: Bargains) -> list[list[int]]:
    """Each actor's queue as indices into [status quo] + bargains: status quo, its own, then those it received."""
    own: list[list[int]] = [[0] for _ in range(n)]
    received: list[list[int]] = [[] for _ in range(n)]
    for m, (a, b) in enumerate(zip(bargains.initiator.tolist(), bargains.receiver.tolist(), strict=True)):
        own[a].append(m + 1)
        received[b].append(m + 1)
    return [o + r for o, r in zip(own, received, strict=True)]


def option_values(view: StateView, salience: Array, bargains: Bargains) -> Array:
    """ubar[a, m]: voter a's mean utility over the state after option m (0: status quo; m: bargain m - 1)."""
    n = view.position.shape[0]
    own_risk = view.risk[:, None]
    base = utility(view.delta, own_risk)  # u_a(x_n)
    status_quo = base.sum(axis=1)
    values = np.empty((n, bargains.initiator.size + 1))
    values[:, 0] = status_quo / n
    if bargains.initiator.size:
        u_i = utility(distances(view.ideal, salience, bargains.new_initiator), own_risk)
        u_j = utility(distances(view.ideal, salience, bargains.new_receiver), own_risk)
        # differences, so a bargain that moves nobody is valued exactly as the status quo
        moved = status_quo[:, None] + (u_i - base[:, bargains.initiator]) + (u_j - base[:, bargains.receiver])
        values[:, 1:] = moved / n
    return values


def choose(
    values: Array, queue: list[list[int]], capability: Array, options: SMPOptions, rng: np.random.Generator | None
) -> NDArray[np.intp]:
    """The option (index into values' columns) each actor adopts from its queue."""
    n = len(queue)
    chosen = np.zeros(n, dtype=np.intp)
    lengths = np.array([len(q) for q in queue])
    draws = rng.random(n) if rng is not None else None
    for length in np.unique(lengths):
        if length == 1:
            continue  # only the status quo
        members = np.flatnonzero(lengths == length)
        step = max(1, BLOCK // (n * length * length))
        for start in range(0, members.size, step):
            group = members[start : start + step]
            opts = np.array([queue[k] for k in group], dtype=np.intp)  # (G, M)
            util = np.swapaxes(values[:, opts], 0, 1)  # (G, voters, M)
            prob = pce(options.pcem, options.vpm, coalitions(options.vr, capability, util), cap=options.markov_cap)
            if draws is None:
                pick = np.argmax(prob, axis=1)
            else:
                cumulative = np.cumsum(prob, axis=1)
                pick = np.minimum((cumulative < draws[group, None] * cumulative[:, -1:]).sum(axis=1), length - 1)
            chosen[group] = opts[np.arange(group.size), pick]
    return chosen


# -- classes ---------------------------------------------------------------------------------------------------
def classes(view: StateView, capability: Array, options: SMPOptions) -> tuple[NDArray[np.intp], Array]:
    """Equivalent positions grouped (each joins the first earlier representative within 1e-3) and each class's
    election probability, utilities from each actor's own view: (class of each actor, probability per class)."""
    x = view.position
    n = x.shape[0]
    close = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1)) < EQUIVALENT
    label = np.full(n, -1, dtype=np.intp)
    reps: list[int] = []
    for a in range(n):
        hit = next((c for c, r in enumerate(reps) if close[a, r]), None)
        if hit is None:
            reps.append(a)
            hit = len(reps) - 1
        label[a] = hit
    if len(reps) == 1:
        return label, np.ones(1)
    util = utility(view.delta[:, reps], view.risk[:, None])  # (voters, classes)
    prob = pce(options.pcem, options.vpm, election_strengths(options.vr, capability, util), cap=options.markov_cap)
    return label, prob


# -- a run -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SMPRun:
    """One run on [0, 1]: ``positions`` (T+1, N, D) from the initial state, ``risk`` (T+1, N), ``target`` and
    ``partner`` (T, N: whom each actor challenged, and whose bargain it adopted; -1 none), the final state's
    classes (label per actor, probability per class) and, with ``class_history``, every state's."""

    positions: Array
    risk: Array
    target: NDArray[np.intp]
    partner: NDArray[np.intp]
    rounds: int
    stop_reason: str
    labels: NDArray[np.intp]
    class_probability: Array
    history: tuple[tuple[NDArray[np.intp], Array], ...] = ()


def check_inputs(capability: Array, position: Array, salience: Array) -> None:
    """Refuse what KTAB accepts and then crashes on, naming the actor and what to change."""
    n = position.shape[0]
    if n < 2:
        raise ScenarioError(f"the SMP needs at least 2 actors, got {n}", fix="add the other parties")
    problems = []
    for a in np.flatnonzero(~np.isfinite(capability) | (capability <= 0)):
        problems.append(f"actor {a + 1}: capability {capability[a]:g} (must be above 0)")
    totals = salience.sum(axis=1)
    for a in np.flatnonzero(~(totals > 0)):
        problems.append(f"actor {a + 1}: every salience is 0 (it cares about nothing)")
    for a in np.flatnonzero(totals > 1.0 + 1e-9):
        problems.append(f"actor {a + 1}: saliences sum to {totals[a]:.4g} (at most 1, i.e. 100 on KTAB's scale)")
    if np.any(~np.isfinite(position)) or np.any((position < 0) | (position > 1)):
        problems.append("positions must lie on the issue scale")
    if np.any(~np.isfinite(salience)) or np.any((salience < 0) | (salience > 1)):
        problems.append("saliences must lie in [0, 1]")
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ScenarioError(
            f"the SMP cannot run: {problems[0]}{more}",
            fix="give every actor a capability above 0 and saliences summing to more than 0 and at most 1, "
            "or leave the actor out",
        )


def run(capability: Array, position: Array, salience: Array, options: SMPOptions | None = None) -> SMPRun:
    """Run the SMP from ``position`` (N, D) on [0, 1] with ``salience`` (N, D) and ``capability`` (N,)."""
    options = options or SMPOptions()
    capability = np.asarray(capability, dtype=np.float64)
    x = np.asarray(position, dtype=np.float64).copy()
    salience = np.asarray(salience, dtype=np.float64)
    check_inputs(capability, x, salience)
    n = x.shape[0]
    accommodation = options.accommodation
    if accommodation is not None:
        accommodation = np.asarray(accommodation, dtype=np.float64)
        rows = accommodation.sum(axis=1)
        if accommodation.shape != (n, n) or np.any(accommodation < 0) or np.any(rows > 1.0 + 1e-12):
            raise ScenarioError("the accommodation matrix must be N x N, non-negative, rows summing to at most 1",
                                fix="give one row per actor with weights on the others' positions")  # fmt: skip
    view = setup(x, x.copy(), capability, salience, options)
    history = [x]
    risks = [view.risk]
    targets: list[NDArray[np.intp]] = []
    partners: list[NDArray[np.intp]] = []
    start = classes(view, capability, options)
    snapshots = [start] if options.class_history else []
    if start[0].max() == 0:
        # everyone already holds one position: nothing to bargain over (KTAB fails here on a 0/0)
        return SMPRun(x[None].copy(), view.risk[None], np.empty((0, n), np.intp), np.empty((0, n), np.intp),
                      0, "consensus", start[0], start[1], tuple(snapshots))  # fmt: skip
    first_move = 0.0
    reason = "round limit"
    for turn in range(1, options.max_rounds + 1):
        target, bargains = proposals(view, capability, salience, options)
        values = option_values(view, salience, bargains)
        rng = None
        if options.stm == "Stochastic":
            rng = np.random.default_rng(np.random.SeedSequence(options.seed % 2**64, spawn_key=(turn,)))
        pick = choose(values, queues(n, bargains), capability, options, rng)
        new = x.copy()
        partner = np.full(n, -1, dtype=np.intp)
        took = np.flatnonzero(pick > 0)
        m = pick[took] - 1
        is_init = bargains.initiator[m] == took
        new[took] = np.where(is_init[:, None], bargains.new_initiator[m], bargains.new_receiver[m])
        partner[took] = np.where(is_init, bargains.receiver[m], bargains.initiator[m])
        if accommodation is None:
            ideal = new.copy()
        else:
            ideal = accommodation @ new + (1.0 - accommodation.sum(axis=1))[:, None] * view.ideal
        moved = float(np.sqrt(((new - x) ** 2).sum(axis=1)).sum())
        x = new
        view = setup(x, ideal, capability, salience, options)
        history.append(x)
        risks.append(view.risk)
        targets.append(target)
        partners.append(partner)
        if options.class_history:
            snapshots.append(classes(view, capability, options))
        if turn == 1:
            first_move = moved
        if turn >= options.min_rounds and moved / (first_move + options.stop_floor) < options.stop_ratio:
            reason = "converged"
            break
    label, prob = snapshots[-1] if snapshots else classes(view, capability, options)
    return SMPRun(
        positions=np.stack(history),
        risk=np.stack(risks),
        target=np.stack(targets),
        partner=np.stack(partners),
        rounds=len(history) - 1,
        stop_reason=reason,
        labels=label,
        class_probability=prob,
        history=tuple(snapshots),
    )


# -- registered solver -----------------------------------------------------------------------------------------
def final_summary(result: SMPRun, capability: Array, salience: Array) -> tuple[Array, Array, Array]:
    """(most probable class's position (D,), capability x salience weighted mean and median paths (T+1, D))."""
    best = int(np.argmax(result.class_probability))
    leader = int(np.flatnonzero(result.labels == best)[0])
    weight = capability[:, None] * salience  # (N, D)
    path = result.positions  # (T+1, N, D)
    mean = (path * weight[None]).sum(axis=1) / weight.sum(axis=0)
    order = np.argsort(path, axis=1, kind="stable")
    sorted_w = np.take_along_axis(np.broadcast_to(weight, path.shape), order, axis=1)
    cum = np.cumsum(sorted_w, axis=1)
    half = cum[:, -1:, :] / 2.0
    at = np.argmax(cum >= half, axis=1)  # (T+1, D)
    median = np.take_along_axis(np.take_along_axis(path, order, axis=1), at[:, None, :], axis=1)[:, 0, :]
    return result.positions[-1, leader], mean, median


def prepare_salience(salience: Array, total: str) -> tuple[Array, bool]:
    """Saliences for the SMP, whose actors split one unit of attention over the issues.

    ``total="scale"`` divides the rows of an actor whose saliences sum past 1 by their sum (a scenario written for
    one-issue models rates each issue on its own); ``"strict"`` refuses them as KTAB does.
    """
    sums = salience.sum(axis=-1, keepdims=True)
    over = sums > 1.0 + 1e-9
    if not over.any():
        return salience, False
    if total == "strict":
        return salience, False  # check_inputs names the actors
    if total != "scale":
        raise UnknownModelError(f"salience_total={total!r}", fix="use scale or strict")
    return np.where(over, salience / np.where(over, sums, 1.0), salience), True


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
