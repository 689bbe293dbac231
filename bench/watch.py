"""Feed watching on a local server: throughput, memory as items grow, and a SIGKILL mid-run resumed. One JSON line.

    .venv/bin/python bench/watch.py [--items 1000] [--kill-items 200] [--no-extract]

A server on 127.0.0.1 (a thread with http.server) serves one RSS feed of ``--items`` items and their article pages
(generated sentences about talks, 80-150 words each); nothing reaches the internet.
* throughput: one poll in process (:func:`detente.ingest.watch.poll`, batches of 20), each batch ingested and
  extracted (:func:`detente.pipeline.add_articles`; ``--no-extract``: ingested only): articles/s over the poll, and
  the process's resident memory after each batch (MB at 10%, 50% and 100% of the items, and the growth from 10%
  to 100%: flat means the watch holds no per-item state in memory beyond the feed's own entries);
* resume: ``detente watch FEED --once`` (the command line, in a child process, with extraction) on a feed of
  ``--kill-items`` items is killed with SIGKILL once half of the pages are fetched, then run again to the end:
  the documents, the distinct URLs and the items recorded as ingested must each equal the items (every item
  once), and the pages fetched twice (fetched, not yet recorded when killed) are counted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from detente.ingest.batch import IngestReport
from detente.ingest.fetch import Fetcher
from detente.ingest.watch import poll
from detente.pipeline import add_articles
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.store.feeds import FeedStore

ACTORS = ["Russia", "the United States", "Turkey", "Iran", "the Syrian government", "the opposition", "the UN envoy"]
PLACES = ["Geneva", "Aleppo", "Astana", "Idlib", "Homs", "Lausanne", "Damascus"]
VERBS = ["met", "accused", "urged", "agreed with", "condemned", "called on", "negotiated with"]


def article(i: int, rng: random.Random) -> bytes:
    sentences = []
    for _ in range(rng.randint(6, 10)):
        a, b = rng.sample(ACTORS, 2)
        sentences.append(f"{a[0].upper()}{a[1:]} {rng.choice(VERBS)} {b} in {rng.choice(PLACES)} on day {i}.")
    text = " ".join(sentences)
    return (f"<html><head><title>Talks report {i}</title></head><body><article><h1>Talks report {i}</h1>"
            f"<p>{text}</p></article></body></html>").encode()  # fmt: skip


@contextmanager
def site(items: int, seed: int = 2016) -> Iterator[tuple[str, dict[str, int]]]:
    """The server's base URL, and how often each path was fetched."""
    rng = random.Random(seed)
    pages = {f"/news/{i}": article(i, rng) for i in range(items)}
    hits: dict[str, int] = {}
    feed: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            hits[self.path] = hits.get(self.path, 0) + 1
            if self.path == "/feed":
                body, kind = feed["rss"], "application/rss+xml"
            elif self.path in pages:
                body, kind = pages[self.path], "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client killed mid-request (the resume run) resets its connection: expected

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    entries = "".join(f"<item><guid>item-{i}</guid><link>{base}/news/{i}</link><title>Talks report {i}</title>"
                      f"<pubDate>Fri, 09 Sep 2016 10:00:00 GMT</pubDate></item>" for i in range(items))  # fmt: skip
    feed["rss"] = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'.encode()
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield base, hits
    finally:
        server.shutdown()
        server.server_close()


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def throughput(items: int, extract: bool) -> dict[str, object]:
    memory: list[float] = []
    with site(items) as (base, _), tempfile.TemporaryDirectory() as folder, Workspace.open(folder) as ws:

        def add(paths: list[Path]) -> IngestReport:
            report = add_articles(ws, paths)[0] if extract else ingest_paths(ws, paths)
            memory.append(rss_mb())
            return report

        if extract:
            add_articles(ws, [])  # load the spaCy pipeline outside the timing
        started = time.perf_counter()
        report = poll([f"{base}/feed"], state=FeedStore(ws), fetcher=Fetcher(host_delay=0.0), add=add,
                      spool=Path(folder) / "feeds")  # fmt: skip
        elapsed = time.perf_counter() - started
        documents = len(ws.documents())
    at = {share: round(memory[max(0, round(len(memory) * share) - 1)], 1) for share in (0.1, 0.5, 1.0)}
    return {"items": items, "extract": extract, "ingested": report.ingested, "documents": documents,
            "seconds": round(elapsed, 2), "articles_per_s": round(report.ingested / elapsed, 1),
            "rss_mb": {f"{int(k * 100)}%": v for k, v in at.items()},
            "rss_growth_mb_10_to_100": round(at[1.0] - at[0.1], 1)}  # fmt: skip


def resume(items: int) -> dict[str, object]:
    with site(items, seed=7) as (base, hits), tempfile.TemporaryDirectory() as folder:
        command = [sys.executable, "-m", "detente", "watch", f"{base}/feed", "-w", folder, "--once", "--delay", "0"]
        env = os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        while child.poll() is None and sum(v for k, v in hits.items() if k.startswith("/news/")) < items // 2:
            time.sleep(0.05)
        killed_at = sum(v for k, v in hits.items() if k.startswith("/news/"))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Workspace.open(folder) as ws:
            before = len(ws.documents())
        again = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        with Workspace.open(folder) as ws:
            docs = ws.documents()
            counts = FeedStore(ws).counts()
        twice = sum(1 for k, v in hits.items() if k.startswith("/news/") and v > 1)
    return {"items": items, "killed_after_pages_fetched": killed_at, "documents_when_killed": before,
            "rerun_exit": again.returncode, "documents": len(docs), "distinct_urls": len({d.url for d in docs}),
            "recorded_ingested": counts.get("ingested", 0), "pages_fetched_twice": twice,
            "every_item_once": len(docs) == len({d.url for d in docs}) == counts.get("ingested", 0) == items,
            }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--kill-items", type=int, default=200)
    parser.add_argument("--no-extract", action="store_true", help="ingest only (no spaCy) in the throughput run")
    args = parser.parse_args()
    print(json.dumps({"bench": "watch", "throughput": throughput(args.items, not args.no_extract),
                      "resume": resume(args.kill_items), "python": platform.python_version()}))  # fmt: skip


if __name__ == "__main__":
    main()
