"""Start-up time of the command line, whole process, as a user sees it.

    .venv/bin/python bench/startup.py [--runs 7] [--workspace WS]

Runs each command N times in a fresh interpreter (``python -m detente ...``, stdout to a pipe) and prints one
JSON line: the median wall seconds of each, with the aims of issue #16 (``--help`` and ``forecast`` on a tiny
scenario with the mean model each under 0.5 s on the project's 2-core machine). With ``--workspace`` (an
extracted workspace, e.g. of examples/syria-2016/articles), also ``actors -w WS``, a listing that loads the
knowledge base. The figure is the same as
``/usr/bin/time -f %e``'s, with bytecode cached as after an install. Nothing here decides whether a test passes
(``tests/cli/test_startup.py`` checks what each command imports, which does not depend on the machine's load).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TINY = "Actor,Capability,Position,Salience\nA,10,20,0.5\nB,20,80,0.7\nC,5,50,0.9\n"
AIM_S = 0.5


def commands(tiny: Path, workspace: Path | None = None) -> dict[str, list[str]]:
    listing = {"actors -w WS": ["actors", "-w", str(workspace)]} if workspace else {}
    return listing | {
        "--help": ["--help"],
        "--version": ["--version"],
        "forecast tiny.csv --model mean": ["forecast", str(tiny), "--model", "mean"],
        "forecast tiny.csv --model mean --json": ["forecast", str(tiny), "--model", "mean", "--json"],
        "models --json": ["models", "--json"],
    }


# as installed: bytecode cached (pip compiles on install; PYTHONDONTWRITEBYTECODE would recompile every module)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


CPU: list[float] = []  # user + system seconds of each run, less disturbed than wall time by other load


def wall(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "detente", *argv], capture_output=True, check=False, env=ENV)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"detente {' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (the median is reported)")
    parser.add_argument("--workspace", type=Path, help="an extracted workspace: also time `actors -w WS`")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tiny = Path(folder) / "tiny.csv"
        tiny.write_text(TINY, encoding="utf-8")
        for argv in commands(tiny, args.workspace).values():
            wall(argv)  # warm the file cache and write the bytecode
        times, cpu = {}, {}
        for name, argv in commands(tiny, args.workspace).items():
            CPU.clear()
            times[name] = [wall(argv) for _ in range(args.runs)]
            cpu[name] = round(statistics.median(CPU), 3)
    medians = {name: round(statistics.median(values), 3) for name, values in times.items()}
    fastest = {name: round(min(values), 3) for name, values in times.items()}  # the least disturbed by other load
    aims = ("--help", "forecast tiny.csv --model mean")
    print(json.dumps({"bench": "startup", "runs": args.runs, "median_s": medians, "min_s": fastest, "cpu_median_s": cpu,
                      "aim_s": AIM_S,
                      "median_within_aim": {name: medians[name] < AIM_S for name in aims}}))  # fmt: skip


if __name__ == "__main__":
    main()
