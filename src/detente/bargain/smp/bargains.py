"""Bargains: interpolated proposals, queues, and the choice among them; the final classes of positions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from detente.bargain.smp.elections import coalitions, distances, pce, utility
from detente.bargain.smp.options import BLOCK, EQUIVALENT, MIN_GAIN, TIE_BREAK, SMPOptions
from detente.bargain.smp.state import StateView, challenges, election_strengths
from detente.bargain.solution import Array


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
