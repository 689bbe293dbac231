"""The SMP's options (KTAB's nine switches and the stop rule) and its numerical constants."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from detente.bargain.solution import Array
from detente.errors import ScenarioError, UnknownModelError

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
