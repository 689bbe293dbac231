"""Run the fuzzers (ingest readers, scenario parsers, feed parser) for a number of inputs each, from seed corpora
made of the example corpus, the example scenario and two small feeds, and print one JSON line: inputs run, seconds,
the seed, and the crashes found: each with the file that reproduces it, the input's first bytes and the command
that replays it.

    .venv/bin/python fuzz/run.py [--runs 20000] [--max-len 8192] [--seed N] [--only feed] [--keep DIR]

The seed is drawn at random unless given; with the same seed and runs, a run explores the same inputs again.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "syria-2016"
INGEST_SUFFIXES = [".txt", ".html", ".jsonl", ".md", ".bin", ""]
SCENARIO_PARSERS = ["yaml", "csv", "ktab"]
FEED_RSS = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><guid>1</guid>'
            b"<link>https://news.example/geneva</link><title>Talks resume</title>"
            b"<pubDate>Fri, 09 Sep 2016 10:00:00 GMT</pubDate><description>Envoys met.</description></item>"
            b"</channel></rss>")  # fmt: skip
FEED_ATOM = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Talks</title>'
             b'<entry><id>urn:1</id><title>Geneva</title><link href="/geneva"/>'
             b"<updated>2016-09-10T08:00:00Z</updated></entry></feed>")  # fmt: skip


def seeds(folder: Path) -> dict[str, Path]:
    """Seed inputs: each example article behind the byte that picks its format, the example scenario as YAML."""
    ingest, scenario, feed = folder / "seeds-ingest", folder / "seeds-scenario", folder / "seeds-feed"
    for corpus in (ingest, scenario, feed):
        corpus.mkdir(parents=True, exist_ok=True)
    for n, article in enumerate(sorted((EXAMPLE / "articles").iterdir())):
        kind = INGEST_SUFFIXES.index(article.suffix) if article.suffix in INGEST_SUFFIXES else 0
        (ingest / f"{n:03d}").write_bytes(bytes([kind]) + article.read_bytes()[:16384])
    (scenario / "yaml").write_bytes(b"\x00" + (EXAMPLE / "scenario.yaml").read_bytes())
    csv = "actor,capability,issue,position,salience\nUSA,100,leader,90,0.8\nRUS,60,leader,10,0.9\n"
    (scenario / "csv").write_bytes(b"\x01" + csv.encode())
    (feed / "rss").write_bytes(FEED_RSS)
    (feed / "atom").write_bytes(FEED_ATOM)
    return {"ingest": ingest, "scenario": scenario, "feed": feed}


def fuzz(name: str, corpus: Path, runs: int, max_len: int, seed: int, artifacts: Path) -> dict[str, object]:
    artifacts.mkdir(parents=True, exist_ok=True)
    harness = HERE / f"{name}_fuzz.py"
    command = [sys.executable, str(harness), f"-atheris_runs={runs}", f"-max_len={max_len}", f"-seed={seed}",
               f"-artifact_prefix={artifacts}/", "-print_final_stats=1", str(corpus)]  # fmt: skip
    if (HERE / f"{name}.dict").is_file():  # tokens the mutations splice in (tags, URL pieces, dates)
        command.insert(2, f"-dict={HERE / f'{name}.dict'}")
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # traceback: stdout
    seconds = time.perf_counter() - start
    crashes = sorted(p for p in artifacts.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    lines = result.stdout.strip().splitlines()
    # the log from the uncaught exception on (its traceback, then libFuzzer's summary), else its last lines
    starts = [n for n, line in enumerate(lines) if "Uncaught Python exception" in line]
    tail = [line for line in lines[starts[-1] if starts else -25 :] if not line.startswith("0x")][:60]
    return {"runs": runs, "seconds": round(seconds, 1), "exit": result.returncode, "crashes": [str(p) for p in crashes],
            "inputs": {str(p): repr(p.read_bytes()[:400]) for p in crashes},
            "replay": [f"{sys.executable} {harness} {p}" for p in crashes],
            "log_tail": tail if result.returncode else []}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20000)
    parser.add_argument("--max-len", type=int, default=8192)
    parser.add_argument("--seed", type=int, help="libFuzzer's random seed (default: drawn at random, and printed)")
    parser.add_argument("--only", choices=["ingest", "scenario", "feed"], action="append", help="run only this fuzzer")
    parser.add_argument("--keep", type=Path, help="folder for the corpora and crash files (default: temporary)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1, 2**31)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        corpora = {name: corpus for name, corpus in seeds(folder).items() if not args.only or name in args.only}
        results: dict[str, object] = {"seed": seed}
        for name, corpus in corpora.items():
            results[name] = fuzz(name, corpus, args.runs, args.max_len, seed, folder / f"artifacts-{name}")
        print(json.dumps(results))
    sys.exit(1 if any(isinstance(r, dict) and r["exit"] for r in results.values()) else 0)


if __name__ == "__main__":
    main()
