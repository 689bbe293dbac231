"""Ingest throughput on a generated corpus: prints one JSON line (documents/s, MB/s).

    .venv/bin/python bench/ingest.py [--articles 2000]

The corpus mixes the three formats as a news archive would: 50% plain text with web boilerplate, 30% HTML
pages with navigation and scripts, 20% JSONL records (in files of 100).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import tempfile
import time
from pathlib import Path

from detente.store import Workspace
from detente.store.articles import ingest_paths

PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Deir ez-Zor", "Raqqa", "Palmyra", "al-Bab", "Manbij", "Daraa"]
ACTORS = [
    "Russia",
    "the United States",
    "Turkey",
    "Iran",
    "the Syrian government",
    "the opposition",
    "the UN",
]
VERBS = ["met", "accused", "struck", "urged", "supported", "rejected", "warned", "consulted"]


def sentence(rng: random.Random, i: int) -> str:
    a, b = rng.sample(ACTORS, 2)
    return f"{a.capitalize()} {rng.choice(VERBS)} {b} near {rng.choice(PLACES)} on day {i} of the talks."


def body(rng: random.Random, i: int) -> list[str]:
    return [" ".join(sentence(rng, i * 100 + k * 10 + j) for j in range(4)) for k in range(rng.randint(4, 9))]


def generate(root: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    n_text, n_html = n // 2, (n * 3) // 10
    records = []
    for i in range(n):
        paragraphs = body(rng, i)
        title = f"Report {i}: talks on {rng.choice(PLACES)}"
        if i < n_text:
            furniture = "Home | World | Middle East\nShare Tweet Email\nRead Mode\n"
            text = f"{furniture}{title}\nPublished: 2016-09-{1 + i % 28:02d}\n\n" + "\n\n".join(paragraphs)
            (root / f"{i:05d}.txt").write_text(text + "\nFacebook Comments\n", encoding="utf-8")
        elif i < n_text + n_html:
            ps = "".join(f"<p>{p}</p>" for p in paragraphs)
            html = (
                f"<html><head><title>{title}</title><meta name='date' content='2016-10-{1 + i % 28:02d}'></head>"
                f"<body><nav>Home | World</nav><script>var t={i};</script><article><h1>{title}</h1>{ps}"
                "</article><footer>© 2016</footer></body></html>"
            )
            (root / f"{i:05d}.html").write_text(html, encoding="utf-8")
        else:
            records.append({"title": title, "date": "2016-12-01", "text": "\n\n".join(paragraphs)})
    for start in range(0, len(records), 100):
        lines = "\n".join(json.dumps(r) for r in records[start : start + 100])
        (root / f"feed-{start:05d}.jsonl").write_text(lines + "\n", encoding="utf-8")
    return sum(f.stat().st_size for f in root.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        size = generate(corpus, args.articles)
        with Workspace.open(Path(tmp) / "ws") as ws:
            start = time.perf_counter()
            report = ingest_paths(ws, [corpus])
            seconds = time.perf_counter() - start
    assert report.ingested == args.articles, (report.ingested, report.rejected[:3])
    print(
        json.dumps(
            {
                "benchmark": "ingest",
                "articles": args.articles,
                "megabytes": round(size / 1e6, 2),
                "seconds": round(seconds, 3),
                "documents_per_s": round(args.articles / seconds, 1),
                "mb_per_s": round(size / 1e6 / seconds, 3),
                "python": platform.python_version(),
                "machine": platform.machine(),
            }
        )
    )


if __name__ == "__main__":
    main()
