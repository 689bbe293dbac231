"""Bueno de Mesquita's expected-utility model (EUM), following Scholz, Calbert & Smith (2011).

Specification: J. B. Scholz, G. J. Calbert, G. A. Smith, "Unravelling Bueno De Mesquita's group decision model",
*Journal of Theoretical Politics* 23(4), 2011, after Bueno de Mesquita 1994, 1997, 2002. Each round:

1. risk exponents r from the actors' exposure (security levels from a first pass with r = 1);
2. every actor's expected utility of challenging every other (probability of success from votes, utilities of
   success, failure and the status quo);
3. offers classified as conflict, compromise or capitulation; each actor accepts at most one;
4. all accepted moves applied at once. The forecast is the median-voter position when bargaining stops.

Public replications disagree at almost every step. Each disputed choice is a named parameter, and two profiles
bundle them:

* ``profile="paper"``: the equations as printed. P_ij is i's share of the votes in the i-j contest
  (votes without risk exponents); each side's expected utility uses its own r; the no-challenge term is
  Q U_sq + (1 - Q)(T U_b + (1 - T) U_w) with U_b/U_w over |x_i - mu| + |x_i - x_j|; capitulation happens; within
  an offer class the actor takes the offer that moves it least; Delta is the width of the issue's scale.
* ``profile="scholz_code"`` (default): the conventions of Scholz's own code as replicated publicly (the only
  combination that reproduces the published EC median path): P_ij divided by the sum of |votes| over all ordered
  actor pairs, votes with each voter's own r; both expected utilities of an offer seen with the receiver's r; the
  no-challenge term reduced to Q U_sq; compromises ranked by weighted position; no capitulation; Delta from the
  initial positions.

Where the spec leaves a gap we choose, and say so: equal security levels (everyone equally exposed, e.g. at
consensus) give R = 0 and r = 1 instead of a division by zero; a round in which nobody moves ends the run
("stable"), since every later round would repeat it; all actors at one position end it as "consensus".

Stop rule for cycles (``cycle=True``, the default): the median path of the Scholz-code conventions cycles (on the
EC case 7.0, 8.4, 9.6, 10.0, 10.0, 10.0, 7.5, 8.8, 9.7, 9.7, then 7.0 again), so the median at a fixed round
depends on where the cycle is cut. A cycle is detected when the median returns to a value it held in an earlier
round after having left it (within 1e-9 of the scale); the run stops there ("cycle") and the forecast is the mean
of the medians over one full cycle, from that earlier round to the round before the return. On the EC case that
is 9.06, within the published path's 8.4-9.9 (and Bueno de Mesquita's own forecast, about 9.05). Runs that stop
otherwise forecast their last median.

Cost: the vote sums are computed from prefix sums over the voters sorted by position (a voter prefers x_i to x_j
exactly when it lies on x_i's side of their midpoint), so one round is O(N^2 log N) time and O(N^2) memory instead
of the O(N^3)-O(N^6) of the replications, and B problems run as one batch. Up to ``DIRECT_UP_TO`` actors the plain
O(N^3) sum over voters is faster (no sorting, no gathers) and is used instead; both agree to rounding (1e-14).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from detente.bargain.baseline import weighted_mean
from detente.bargain.registry import register
from detente.bargain.solution import CAPITULATION, COMPROMISE, CONFLICT, NO_MOVE, Array, Solution
from detente.errors import UnknownModelError

Profile = Literal["paper", "scholz_code"]
ProbabilityForm = Literal["contest", "all_pairs"]
Perspective = Literal["own", "receiver"]
Selection = Literal["least_move", "scholz", "highest_eu"]
NoChallenge = Literal["full", "status_quo_only"]


@dataclass(frozen=True)
class EUMOptions:
    """Every disputed choice of the model, named (see the module docstring and docs/models.md)."""

    probability: ProbabilityForm = "contest"
    vote_risk: bool = False  # votes use each voter's risk exponent (scholz_code) or plain distances (paper)
    perspective: Perspective = "own"
    no_challenge: NoChallenge = "full"
    selection: Selection = "least_move"
    capitulation: bool = True
    delta: Literal["scale", "positions"] = "scale"
    Q: float = 1.0
    T: float | Literal["case"] = "case"
    threshold: float = 0.0


PROFILES: dict[str, EUMOptions] = {
    "paper": EUMOptions(),
    "scholz_code": EUMOptions(
        probability="all_pairs",
        vote_risk=True,
        perspective="receiver",
        no_challenge="status_quo_only",
        selection="scholz",
        capitulation=False,
        delta="positions",
    ),
}


def vote_gains(position: Array, weight: Array, risk: Array, delta: Array) -> Array:
    """G[b, i, j]: the summed vote margin for x_i over x_j among the voters who prefer x_i.

    Voter k's vote is w_k (f_k(x_j) - f_k(x_i)) with f_k(y) = (|x_k - y| / Delta)^{r_k}; k prefers x_i exactly when
    it lies on x_i's side of the midpoint of x_i and x_j, so with voters sorted by position the sum is a difference
    of prefix sums. The total |vote| in the i-j contest is G[i, j] + G[j, i].
    """
    batch, n = position.shape
    if n <= DIRECT_UP_TO:
        return _vote_gains_direct(position, weight, risk, delta)
    # work with voters and candidates both sorted by position: every row of midpoints is then sorted, which keeps
    # the binary searches short; the result is put back into input order at the end
    order = np.argsort(position, axis=1, kind="stable")
    xs = np.take_along_axis(position, order, axis=1)
    ws = np.take_along_axis(weight, order, axis=1)
    rs = np.take_along_axis(risk, order, axis=1)
    distance = np.abs(xs[:, :, None] - xs[:, None, :]) / delta[:, None, None]
    if not np.all(rs == 1.0):
        distance = distance ** rs[:, :, None]
    prefix = np.zeros((batch, n + 1, n))
    np.cumsum(ws[:, :, None] * distance, axis=1, out=prefix[:, 1:, :])

    # voters strictly left of each midpoint, and at or left of it (one searchsorted over the whole batch)
    unit = (xs - xs[:, :1]) / delta[:, None]
    shift = 4.0 * np.arange(batch)[:, None]
    flat = (unit + shift).ravel()
    mid = ((xs[:, :, None] + xs[:, None, :]) / 2.0 - xs[:, :1, None]) / delta[:, None, None]
    query = (mid + shift[:, :, None]).ravel()
    base = (n * np.arange(batch))[:, None, None]
    left = np.searchsorted(flat, query, side="left").reshape(batch, n, n) - base
    left_or_at = np.searchsorted(flat, query, side="right").reshape(batch, n, n) - base

    flat_prefix = prefix.reshape(batch, (n + 1) * n)
    cols = np.arange(n)

    def at(rows: np.ndarray, candidate: np.ndarray) -> np.ndarray:
        index = (rows * n + candidate).reshape(batch, n * n)
        return np.take_along_axis(flat_prefix, index, axis=1).reshape(batch, n, n)

    i_idx = np.broadcast_to(cols[None, :, None], (batch, n, n))
    j_idx = np.broadcast_to(cols[None, None, :], (batch, n, n))
    total = prefix[:, n, :]
    # for i < j (sorted) the voters left of the midpoint prefer x_i; for i > j those right of it
    below = at(left, j_idx) - at(left, i_idx)
    above = (total[:, None, :] - at(left_or_at, j_idx)) - (total[:, :, None] - at(left_or_at, i_idx))
    lower = xs[:, :, None] < xs[:, None, :]
    gains = np.where(lower, below, above)
    gains = np.where(xs[:, :, None] == xs[:, None, :], 0.0, np.maximum(gains, 0.0))
    inverse = np.argsort(order, axis=1)
    rows = np.take_along_axis(gains, inverse[:, :, None], axis=1)
    return np.take_along_axis(rows, inverse[:, None, :], axis=2)


DIRECT_UP_TO = 24  # up to this many actors the O(N^3) sum over voters beats sorting (2-3x at 13-20 actors)


def _vote_gains_direct(position: Array, weight: Array, risk: Array, delta: Array) -> Array:
    """:func:`vote_gains` summed over every voter: G[b, i, j] = sum_k w_k max(0, f_k(x_j) - f_k(x_i))."""
    batch, n = position.shape
    distance = np.abs(position[:, :, None] - position[:, None, :]) / delta[:, None, None]  # (B, voter, candidate)
    if not np.all(risk == 1.0):
        distance = distance ** risk[:, :, None]
    margin = distance[:, :, None, :] - distance[:, :, :, None]  # (B, k, i, j): f_k(x_j) - f_k(x_i)
    np.maximum(margin, 0.0, out=margin)
    return np.asarray((weight[:, None, :] @ margin.reshape(batch, n, n * n)).reshape(batch, n, n))


def success_probability(gains: Array, form: ProbabilityForm) -> Array:
    """P[b, i, j], the probability that i prevails over j."""
    if form == "contest":
        contest = gains + np.swapaxes(gains, 1, 2)
        return np.where(contest > 0, gains / np.where(contest > 0, contest, 1.0), 0.5)
    everything = 2.0 * gains.sum(axis=(1, 2), keepdims=True)
    return np.where(everything > 0, gains / np.where(everything > 0, everything, 1.0), 0.0)


def expected_utility(
    p_win: Array, s_target: Array, d: Array, d_mu: Array, r: Array | float, options: EUMOptions, t_case: Array
) -> Array:
    """E(U) of a challenge (Scholz eq. 5-7) for normalised distance d and perceiver exponent r (broadcasting)."""
    u_status_quo: Array | float
    if isinstance(r, float) and r == 1.0:  # risk-neutral: the utilities are linear in d, no powers needed
        u_success, u_failure, u_status_quo = 2.0 * d, -2.0 * d, 0.0
    else:
        u_success = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
        u_failure = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
        u_status_quo = 2.0 - 4.0 * 0.5**r
    challenge = s_target * (p_win * u_success + (1.0 - p_win) * u_failure) + (1.0 - s_target) * u_success
    if options.no_challenge == "status_quo_only" or options.Q == 1.0:
        return np.asarray(challenge - options.Q * u_status_quo)
    spread = np.clip(0.25 * (d_mu + d), 0.0, 0.5)
    u_better = 2.0 - 4.0 * (0.5 - spread) ** r
    u_worse = 2.0 - 4.0 * (0.5 + spread) ** r
    t = t_case if options.T == "case" else options.T
    return np.asarray(challenge - (options.Q * u_status_quo + (1.0 - options.Q) * (t * u_better + (1 - t) * u_worse)))


def median_voter(position: Array, weight: Array) -> Array:
    """The held position with the smallest weighted distance to all actors (the weighted Condorcet winner);
    ties go to the lowest position."""
    cost = (weight[:, None, :] * np.abs(position[:, :, None] - position[:, None, :])).sum(axis=2)
    best = cost.min(axis=1, keepdims=True)
    tied = cost <= best + 1e-12 * np.maximum(np.abs(best), 1e-300)
    return np.asarray(np.where(tied, position, np.inf).min(axis=1))


def _round(
    x: Array, c: Array, s: Array, delta: Array, mu: Array, options: EUMOptions
) -> tuple[Array, Array, Array, Array]:
    """One round for a batch (``mu``: the median of ``x``); returns new positions, risk exponents, chosen senders
    and move kinds."""
    batch, n = x.shape
    weight = c * s
    ones = np.ones_like(x)
    d = np.abs(x[:, :, None] - x[:, None, :]) / delta[:, None, None]
    d_mu = np.abs(x - mu[:, None]) / delta[:, None]
    t_case = (np.abs(x - mu[:, None])[:, :, None] < np.abs(x[:, :, None] - x[:, None, :])).astype(float)
    eye = np.eye(n, dtype=bool)[None]

    # first pass, everyone risk-neutral: security levels -> risk exponents
    p_neutral = success_probability(vote_gains(x, weight, ones, delta), options.probability)
    eu_neutral = expected_utility(p_neutral, s[:, None, :], d, d_mu[:, :, None], 1.0, options, t_case)
    security = np.where(eye, 0.0, eu_neutral).sum(axis=1)  # sum over challengers j of E(U_ji)
    hi, lo = security.max(axis=1, keepdims=True), security.min(axis=1, keepdims=True)
    spread = hi - lo
    big_r = np.where(spread > 0, (2 * security - hi - lo) / np.where(spread > 0, spread, 1.0), 0.0)
    r = (1 - big_r / 3) / (1 + big_r / 3)

    # second pass with those exponents
    p = success_probability(vote_gains(x, weight, r, delta), options.probability) if options.vote_risk else p_neutral
    r_row = r[:, :, None]
    a = expected_utility(p, s[:, None, :], d, d_mu[:, :, None], r_row, options, t_case)  # E^i(U_ij), i's r
    p_t = np.swapaxes(p, 1, 2)
    t_case_t = np.swapaxes(t_case, 1, 2)
    if options.perspective == "receiver":  # E(U_ji) seen with the receiver i's r
        b = expected_utility(p_t, s[:, :, None], d, d_mu[:, None, :], r_row, options, t_case_t)
    else:  # E^j(U_ji) with j's own r
        b = np.swapaxes(a, 1, 2)

    valid = ~eye & (x[:, :, None] != x[:, None, :])
    offered = valid & (b > options.threshold)
    conflict = offered & (a > 0) & (b > a)
    compromise = offered & (a < 0) & (b > -a)
    capitulation = offered & (a < 0) & (-a > b) if options.capitulation else np.zeros_like(valid)
    ratio = np.abs(a) / np.where(b != 0, np.abs(b), 1.0)
    target = np.broadcast_to(x[:, None, :], (batch, n, n))
    compromise_at = x[:, :, None] + (x[:, None, :] - x[:, :, None]) * ratio
    move = np.abs(target - x[:, :, None])

    if options.selection == "highest_eu":
        any_offer = conflict | compromise | capitulation
        key = np.where(any_offer, -b, np.inf)
        pick = np.argmin(key, axis=2)
        has = any_offer.any(axis=2)
        chosen_kind = np.select(
            [np.take_along_axis(m, pick[..., None], 2)[..., 0] for m in (conflict, compromise, capitulation)],
            [CONFLICT, COMPROMISE, CAPITULATION],
            NO_MOVE,
        )
        chosen_kind = np.where(has, chosen_kind, NO_MOVE)
        destination = np.where(
            chosen_kind == COMPROMISE,
            np.take_along_axis(compromise_at, pick[..., None], 2)[..., 0],
            np.take_along_axis(target, pick[..., None], 2)[..., 0],
        )
    else:
        if options.selection == "scholz":
            both = np.abs(a) + np.abs(b)
            weighted = np.abs(a) * x[:, :, None] + np.abs(b) * x[:, None, :]
            compromise_key = weighted / np.where(both > 0, both, 1.0)
        else:
            compromise_key = np.abs(compromise_at - x[:, :, None])
        chosen_kind = np.full((batch, n), NO_MOVE)
        pick = np.full((batch, n), -1)
        destination = x.copy()
        for kind, mask, key, where_to in (
            (CONFLICT, conflict, move, target),
            (COMPROMISE, compromise, compromise_key, compromise_at),
            (CAPITULATION, capitulation, move, target),
        ):
            has = mask.any(axis=2) & (chosen_kind == NO_MOVE)
            best = np.argmin(np.where(mask, key, np.inf), axis=2)
            chosen_kind = np.where(has, kind, chosen_kind)
            pick = np.where(has, best, pick)
            destination = np.where(has, np.take_along_axis(where_to, best[..., None], 2)[..., 0], destination)
    pick = np.where(chosen_kind == NO_MOVE, -1, pick)
    return destination, r, pick, chosen_kind.astype(np.int8)


def _cycle_start(medians: Array, tol: Array) -> Array:
    """For paths (B, t+1): the earliest round u whose median the last one returns to after leaving it, else -1."""
    last = medians[:, -1:]
    same = np.abs(medians[:, :-1] - last) <= tol[:, None]
    # the median left value medians[u] at some round after u: not all of medians[u+1 .. t-1] equal it
    differs = np.abs(medians[:, :-1] - last) > tol[:, None]
    left_after = np.flip(np.logical_or.accumulate(np.flip(differs, axis=1), axis=1), axis=1)
    later = np.concatenate([left_after[:, 1:], np.zeros((medians.shape[0], 1), dtype=bool)], axis=1)
    hit = same & later
    return np.where(hit.any(axis=1), np.argmax(hit, axis=1), -1)


def resolve_options(profile: str, overrides: dict[str, object]) -> EUMOptions:
    if profile not in PROFILES:
        raise UnknownModelError(f"no EUM profile {profile!r}", fix=f"use one of: {', '.join(PROFILES)}")
    known = set(EUMOptions.__dataclass_fields__)
    unknown = set(overrides) - known
    if unknown:
        raise UnknownModelError(
            f"unknown EUM option(s) {', '.join(sorted(unknown))}", fix=f"use: {', '.join(sorted(known))}"
        )
    base = PROFILES[profile]
    return EUMOptions(**{**base.__dict__, **overrides})


@register(
    "detente.eum.v1",
    aliases=("eum", "bdm"),
    summary="Bueno de Mesquita's expected-utility model (Scholz et al. 2011 reading)",
    reference="Scholz, Calbert & Smith 2011; Bueno de Mesquita 1994, 2002",
    defaults={"profile": "scholz_code", "rounds": 20, "median_tol": None, "patience": 3, "cycle": True},
    dynamic=True,
    options=tuple(EUMOptions.__dataclass_fields__),
)
def solve_eum(
    capability: Array,
    position: Array,
    salience: Array,
    low: Array,
    high: Array,
    *,
    profile: str = "scholz_code",
    rounds: int = 20,
    median_tol: float | None = None,
    patience: int = 3,
    cycle: bool = True,
    **overrides: object,
) -> Solution:
    """Run the EUM on B one-issue problems at once (arrays (B, N); low/high (B,)).

    Stops per problem after ``rounds`` rounds, when nobody moves ("stable"), when all actors share one position
    ("consensus"), or, with ``median_tol``, when the median has moved less than ``median_tol`` x Delta for
    ``patience`` rounds in a row ("median converged"), or, with ``cycle``, when the median path closes a cycle
    ("cycle": the forecast is the mean median over the cycle; see the module docstring).
    """
    options = resolve_options(profile, overrides)
    x = np.array(position, dtype=float)
    c = np.asarray(capability, dtype=float)
    s = np.asarray(salience, dtype=float)
    batch, n = x.shape
    if options.delta == "positions":
        delta = x.max(axis=1) - x.min(axis=1)
        delta = np.where(delta > 0, delta, np.asarray(high - low, dtype=float))
    else:
        delta = np.asarray(high - low, dtype=float)
    weight = c * s
    trajectory = np.empty((batch, rounds + 1, n))
    medians = np.empty((batch, rounds + 1))
    means = np.empty((batch, rounds + 1))
    risk = np.ones((batch, rounds, n))
    sender = np.full((batch, rounds, n), -1, dtype=np.int64)
    kinds = np.zeros((batch, rounds, n), dtype=np.int8)
    trajectory[:, 0] = x
    medians[:, 0] = median_voter(x, weight)
    means[:, 0] = weighted_mean(c, x, s)
    played = np.zeros(batch, dtype=np.int64)
    reason = np.array(["max rounds"] * batch, dtype=object)
    consensus = np.ptp(x, axis=1) == 0
    reason[consensus] = "consensus"
    active = ~consensus
    calm = np.zeros(batch, dtype=np.int64)
    outcome = np.full(batch, np.nan)
    for t in range(1, rounds + 1):
        if not active.any():
            trajectory[:, t:] = trajectory[:, t - 1 : t]
            medians[:, t:] = medians[:, t - 1 : t]
            means[:, t:] = means[:, t - 1 : t]
            break
        idx = np.flatnonzero(active)
        new_x, r, pick, kind = _round(x[idx], c[idx], s[idx], delta[idx], medians[idx, t - 1], options)
        moved = (new_x != x[idx]).any(axis=1)
        x[idx] = new_x
        risk[idx, t - 1] = r
        sender[idx, t - 1] = pick
        kinds[idx, t - 1] = kind
        played[idx] += moved
        trajectory[:, t] = x
        medians[:, t] = medians[:, t - 1]
        means[:, t] = means[:, t - 1]
        medians[idx, t] = median_voter(x[idx], weight[idx])
        means[idx, t] = weighted_mean(c[idx], x[idx], s[idx])
        stop = ~moved
        reason[idx[stop]] = "stable"
        now_consensus = np.ptp(x[idx], axis=1) == 0
        reason[idx[now_consensus & moved]] = "consensus"
        stop |= now_consensus
        if median_tol is not None:
            small = np.abs(medians[idx, t] - medians[idx, t - 1]) <= median_tol * delta[idx]
            calm[idx] = np.where(small, calm[idx] + 1, 0)
            converged = (calm[idx] >= patience) & ~stop
            reason[idx[converged]] = "median converged"
            stop |= converged
        if cycle:
            start = _cycle_start(medians[idx, : t + 1], 1e-9 * delta[idx])
            closed = (start >= 0) & ~stop
            for b, u in zip(idx[closed], start[closed], strict=True):
                outcome[b] = medians[b, u:t].mean()
            reason[idx[closed]] = "cycle"
            stop |= closed
        active[idx[stop]] = False
    final = medians[np.arange(batch), played]
    return Solution(
        outcome=np.where(np.isnan(outcome), final, outcome),
        trajectory=trajectory,
        rounds=played,
        stop_reason=tuple(str(v) for v in reason),
        median=medians,
        mean=means,
        risk=risk,
        sender=sender,
        kind=kinds,
        info={"options": options.__dict__ | {"profile": profile}},
    )
