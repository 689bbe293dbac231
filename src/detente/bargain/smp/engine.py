"""A whole SMP run on [0, 1]: inputs checked, states and turns until movement dies down."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from detente.bargain.smp.bargains import choose, classes, option_values, proposals, queues
from detente.bargain.smp.options import SMPOptions
from detente.bargain.smp.state import setup
from detente.bargain.solution import Array
from detente.errors import ScenarioError, UnknownModelError


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
