"""Bargaining engine speed: prints one JSON line.

    .venv/bin/python bench/bargain.py [--quick]

* EUM time for 10, 20, 50, 100, 200 and 1000 actors, 20 rounds, one issue (the default scholz_code profile;
  rounds forced by disabling nothing: a run may stop early at consensus or a fixed point; rounds played are
  reported);
* wall time and the process's CPU time (on a machine shared with other work, the wall time counts their load too);
* Monte Carlo draws/s for a 20-actor, 3-issue scenario with uncertainty on every value (EUM, 20 rounds, the
  ``paper`` profile as in the figures of issue #18; and the default point-forecast model), on the CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

from detente.bargain import forecast
from detente.bargain.defaults import DEFAULT_MODEL
from detente.bargain.eum import solve_eum
from detente.scenario import ActorEntry, Estimate, Issue, Scenario


def random_problem(n: int, seed: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    return (rng.random((1, n)) + 0.05, rng.random((1, n)) * 100, rng.uniform(0.2, 1.0, (1, n)),
            np.array([0.0]), np.array([100.0]))  # fmt: skip


def time_eum(n: int, repeats: int) -> dict[str, float]:
    problem = random_problem(n, seed=n)
    best, cpu, played = float("inf"), float("inf"), 0
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        solution = solve_eum(*problem, rounds=20, profile="scholz_code")
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        played = int(solution.rounds[0])
    return {"actors": n, "seconds": round(best, 5), "cpu_seconds": round(cpu, 5), "rounds_played": played}


def mc_scenario(n: int = 20, issues: int = 3, seed: int = 0) -> Scenario:
    rng = np.random.default_rng(seed)
    ids = [f"i{k}" for k in range(issues)]
    actors = [
        ActorEntry(
            id=f"A{a:02d}",
            capability=Estimate(value=float(rng.uniform(10, 100)), sd=5.0),
            positions={k: Estimate(value=float(rng.uniform(10, 90)), sd=8.0) for k in ids},
            salience={k: Estimate(value=float(rng.uniform(0.3, 0.9)), low=0.2, high=1.0) for k in ids},
        )
        for a in range(n)
    ]
    # keep each salience inside its range
    actors = [a.model_copy(update={"salience": {k: v.model_copy(update={"value": min(max(v.value, 0.2), 1.0)})
                                                for k, v in a.salience.items()}}) for a in actors]  # fmt: skip
    return Scenario(name="mc", issues=tuple(Issue(id=k) for k in ids), actors=tuple(actors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for CI")
    args = parser.parse_args()
    sizes = [10, 20, 50, 100] if args.quick else [10, 20, 50, 100, 200, 1000]
    eum = [time_eum(n, repeats=3 if n <= 200 else 1) for n in sizes]
    runs = 1000 if args.quick else 10_000
    scenario = mc_scenario()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = forecast(scenario, "eum", runs=runs, seed=7, rounds=20, profile="paper")
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    start = time.perf_counter()
    default = forecast(scenario, DEFAULT_MODEL, runs=runs, seed=7)
    default_seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "benchmark": "bargain",
                "eum_20_rounds": eum,
                "monte_carlo": {
                    "actors": 20,
                    "issues": 3,
                    "runs": runs,
                    "seconds": round(seconds, 3),
                    "cpu_seconds": round(cpu_seconds, 3),  # the process's CPU time: on a shared machine, wall
                    "draws_per_s": round(runs / seconds, 1),  # time counts the other users' load too
                    "q50": [round(i.distribution.quantiles["q50"], 3) for i in result.issues],
                },  # type: ignore[union-attr]
                "monte_carlo_default_model": {
                    "model": default.model,
                    "runs": runs,
                    "seconds": round(default_seconds, 3),
                    "q50": [round(i.distribution.quantiles["q50"], 3) for i in default.issues],  # type: ignore[union-attr]
                },
                "device": "cpu",
                "cores": os.cpu_count(),
                "python": platform.python_version(),
                "numpy": np.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
