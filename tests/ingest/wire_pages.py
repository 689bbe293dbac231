"""The wire-page set of ``data/wire_pages.txt``: pages we wrote in the layouts scraped news comes in, each with
the publication date it states (or None)."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).parent / "data" / "wire_pages.txt"


def load_pages(path: Path = PAGES) -> list[tuple[str | None, str]]:
    """(expected ISO date or None, page text) for each page of the file."""
    pages: list[tuple[str | None, str]] = []
    expected: str | None = None
    lines: list[str] = []
    started = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            if started:
                pages.append((expected, "\n".join(lines) + "\n"))
            value = line.removeprefix("=== ").strip()
            expected, lines, started = (None if value == "none" else value), [], True
        elif started:
            lines.append(line)
    if started:
        pages.append((expected, "\n".join(lines) + "\n"))
    return pages
