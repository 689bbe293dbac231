"""Publication dates of plain-text wire and news pages as scraped: prints one JSON line.

    .venv/bin/python bench/pubdates.py

Reads ``tests/ingest/data/wire_pages.txt`` (pages we wrote in the layouts scraped pages come in: "Posted at",
"Updated", wire datelines, "Published: ...", bylines with a date line, related-article lists and playlists whose
dates are other articles'), ingests each page as a ``.txt`` file through the ordinary reader, and counts the pages
whose publication date comes out right (issue 17's aim: >= 90% of the pages that state one), the pages given a
wrong date, and the pages stating none that were given one anyway (from a list or playlist).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from wire_pages import load_pages  # noqa: E402

from detente.ingest.readers import read_input  # noqa: E402
from detente.model.article import Article  # noqa: E402


def main() -> None:
    pages = load_pages()
    right, wrong, invented, missed = 0, [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for number, (expected, text) in enumerate(pages, start=1):
            path = Path(tmp) / f"page{number:02d}.txt"
            path.write_text(text, encoding="utf-8")
            [article] = [a for a in read_input(path) if isinstance(a, Article)]
            got = article.published.isoformat() if article.published else None
            if expected is None:
                invented += [number] if got else []
            elif got == expected:
                right += 1
            elif got is None:
                missed.append(number)
            else:
                wrong.append({"page": number, "expected": expected, "got": got})
    stating = sum(expected is not None for expected, _ in pages)
    print(json.dumps({"benchmark": "pubdates", "pages": len(pages), "pages_stating_a_date": stating,
                      "date_right": right, "share_right": round(right / stating, 3) if stating else 0.0,
                      "wrong": wrong, "missed": missed, "dated_without_a_date": invented}))  # fmt: skip


if __name__ == "__main__":
    main()
