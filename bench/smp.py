"""SMP (KTAB's spatial model of politics) speed and exactness: prints one JSON line.

    .venv/bin/python bench/smp.py [--quick] [--shared ../shared]

* ``generated``: wall time of one run for random scenarios of 10, 20, 40, 80 and 160 actors x 1, 3 and 5 issues,
  drawn the way KTAB's timings were (capability uniform 10-200, positions uniform 0-100, total salience 75-99%
  split across the issues), next to KTAB's measured time for the same size (``smpc`` release -O2 ``--logmin`` on
  a 2-core machine, from ``shared/benchmarks/ktab/README.md``; none was measured at 160 actors). Scenarios differ
  from KTAB's draws, so rounds differ too: both are reported, and the time per round. ``ktab_live_seconds``: KTAB's
  live figures (rebuilt and timed side by side on this machine kind; 40 and 80 actors), named as such, with
  ``speedup_vs_live``.
* ``samples`` (with ``--shared``): KTAB's six bundled scenarios, rounds and largest deviation from KTAB's
  trajectory, our time and KTAB's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np

from detente.bargain import smp
from detente.bargain.arrays import to_arrays
from detente.scenario import load

# KTAB smpc wall seconds, random scenarios, one run each (shared/benchmarks/ktab/README.md)
KTAB_SECONDS = {
    (10, 1): 0.32, (10, 3): 0.54, (10, 5): 0.17,
    (20, 1): 1.55, (20, 3): 3.56, (20, 5): 2.97,
    (40, 1): 14.36, (40, 3): 26.95, (40, 5): 33.68,
    (80, 1): 334.0, (80, 3): 311.0, (80, 5): 380.0,
}  # fmt: skip
# KTAB smpc live, timed side by side with detente on this machine kind (whole processes, median of 3; the same
# README, "Side by side, live"): about 2.4x less than the recorded times above, which were taken under load
KTAB_LIVE_SECONDS = {(40, 1): 5.1, (40, 3): 11.5, (40, 5): 11.1, (80, 3): 123.5}
KTAB_LIVE_SAMPLES = {"SOE-Pol-Comp": 0.47, "dummyData-a040": 7.6}
SAMPLES = ["dummyData_3Dim", "SOE-Pol-Comp", "SOE-Policy", "SOE-Competitive", "dummyData_6Dim", "dummyData-a040"]


def generated(n: int, d: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    capability = rng.uniform(10, 200, n)
    position = rng.uniform(0, 100, (n, d)).round(2) / 100
    salience = rng.uniform(0.75, 0.99, n)[:, None] * rng.dirichlet(np.ones(d), n)
    return capability, position, salience


def timed(capability: np.ndarray, position: np.ndarray, salience: np.ndarray, repeats: int) -> tuple[float, int]:
    best, rounds = float("inf"), 0
    for _ in range(repeats):
        start = time.perf_counter()
        result = smp.run(capability, position, salience)
        best = min(best, time.perf_counter() - start)
        rounds = result.rounds
    return best, rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10-40 actors only")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args()
    sizes = (10, 20, 40) if args.quick else (10, 20, 40, 80, 160)
    rows = []
    for n in sizes:
        for d in (1, 3, 5):
            seconds, rounds = timed(*generated(n, d, seed=1000 * n + d), repeats=3 if n <= 40 else 1)
            ktab, live = KTAB_SECONDS.get((n, d)), KTAB_LIVE_SECONDS.get((n, d))
            rows.append({"actors": n, "dims": d, "rounds": rounds, "seconds": round(seconds, 4),
                         "ms_per_round": round(1000 * seconds / max(rounds, 1), 2), "ktab_seconds": ktab,
                         "speedup": round(ktab / seconds, 1) if ktab else None, "ktab_live_seconds": live,
                         "speedup_vs_live": round(live / seconds, 1) if live else None})  # fmt: skip
    samples = []
    ktab_dir = args.shared / "benchmarks" / "ktab"
    if ktab_dir.is_dir():
        for name in SAMPLES:
            reference = json.loads((ktab_dir / f"{name}.ktab.json").read_text())
            arrays = to_arrays(load(ktab_dir / f"{name}.csv"))
            args_ = (arrays.capability, arrays.position / 100, arrays.salience)
            seconds, rounds = timed(*args_, repeats=3)
            ours = smp.run(*args_).positions * 100
            ref = np.array(reference["positions"])
            deviation = float(np.abs(ours - ref).max()) if ours.shape == ref.shape else None
            ktab = reference["runtime_s_release_logmin"]
            live = KTAB_LIVE_SAMPLES.get(name)
            samples.append({"scenario": name, "rounds": rounds, "ktab_rounds": reference["rounds"],
                            "max_deviation": deviation, "seconds": round(seconds, 4), "ktab_seconds": ktab,
                            "speedup": round(ktab / seconds, 1), "ktab_live_seconds": live,
                            "speedup_vs_live": round(live / seconds, 1) if live else None})  # fmt: skip
    speedups = [r["speedup"] for r in rows if r["speedup"] and r["actors"] in (40, 80)]
    live_speedups = [r["speedup_vs_live"] for r in rows if r["speedup_vs_live"]]
    print(json.dumps({
        "benchmark": "smp",
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "threads": smp.THREADS},
        "generated": rows,
        "samples": samples,
        "min_speedup_40_80_actors": min(speedups) if speedups else None,
        "min_speedup_vs_live_40_80_actors": min(live_speedups) if live_speedups else None,
        "note": "in-process times (beyond start-up); speedup_vs_live against KTAB's live smpc, whole processes",
    }))  # fmt: skip


if __name__ == "__main__":
    main()
