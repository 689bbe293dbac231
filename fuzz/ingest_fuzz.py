"""Coverage-guided fuzzing (atheris, libFuzzer) of the ingest readers: any bytes, as any input format, give
articles or rejections with a reason; never another exception.

    .venv/bin/python fuzz/ingest_fuzz.py -atheris_runs=20000 [-max_len=4096] [corpus-dir]

A crash leaves the input in ``crash-*``; replay it with ``.venv/bin/python fuzz/ingest_fuzz.py crash-...``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["detente"]):
    from detente.ingest.readers import Rejected, read_input
    from detente.model import Article

SUFFIXES = [".txt", ".html", ".jsonl", ".md", ".bin", ""]
FOLDER = Path(tempfile.mkdtemp(prefix="detente-fuzz-"))


def test_one_input(data: bytes) -> None:
    """The first byte picks the file's suffix (so the reader sniffs or trusts it); the rest is the file."""
    suffix = SUFFIXES[data[0] % len(SUFFIXES)] if data else ".txt"
    path = FOLDER / f"input{suffix}"
    path.write_bytes(data[1:])
    for item in read_input(path, max_bytes=1 << 16):
        if isinstance(item, Rejected):
            assert item.reason.strip(), "a rejection says why"
        else:
            assert isinstance(item, Article) and item.text.strip(), "an article has text"


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
