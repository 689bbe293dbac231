"""What a solver returns: arrays over a batch of independent one-issue problems."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# move kinds recorded per round and actor
NO_MOVE, CONFLICT, COMPROMISE, CAPITULATION, BARGAIN = 0, 1, 2, 3, 4
KIND_NAMES = {CONFLICT: "loses confrontation to", COMPROMISE: "compromises with", CAPITULATION: "capitulates to",
              BARGAIN: "strikes a bargain with"}  # fmt: skip


@dataclass(frozen=True)
class Solution:
    """Solver output for B problems of N actors.

    ``outcome`` (B,); ``trajectory`` (B, R+1, N) positions per state, padded with the final state after a problem
    stops; ``rounds`` (B,) rounds actually played; for dynamic models ``median`` and ``mean`` (B, R+1), ``risk``
    (B, R, N) risk exponents, ``sender`` (B, R, N) whose offer each actor took (-1: none) and ``kind`` (B, R, N).
    """

    outcome: Array
    trajectory: Array
    rounds: NDArray[np.int64]
    stop_reason: tuple[str, ...]
    median: Array | None = None
    mean: Array | None = None
    risk: Array | None = None
    sender: NDArray[np.int64] | None = None
    kind: NDArray[np.int8] | None = None
    info: dict[str, object] = field(default_factory=dict)


def one_shot(outcome: Array, position: Array, reason: str) -> Solution:
    """A solution for a rule with no rounds: the trajectory is the initial state."""
    batch = outcome.shape[0]
    return Solution(
        outcome=outcome,
        trajectory=position[:, None, :].copy(),
        rounds=np.zeros(batch, dtype=np.int64),
        stop_reason=(reason,) * batch,
    )
