"""One state as every actor sees it, and every actor's challenge of every other (third parties included)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from detente.bargain.smp.elections import (
    distances,
    pce,
    perceived_risk,
    positive_votes,
    risk_attitudes,
    utility,
    vote,
)
from detente.bargain.smp.options import BLOCK, CHALLENGE_FLOOR, OPTION_FLOOR, PARALLEL, THREADS, SMPOptions
from detente.bargain.solution import Array


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
