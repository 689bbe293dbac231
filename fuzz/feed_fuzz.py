"""Coverage-guided fuzzing (atheris, libFuzzer) of the feed parser: any bytes give feed items (each with an http or
https link and a key) or an :class:`~detente.errors.IngestError`; never another exception.

    .venv/bin/python fuzz/feed_fuzz.py -atheris_runs=20000 [-max_len=8192] [corpus-dir]

A crash leaves the input in ``crash-*``; replay it with ``.venv/bin/python fuzz/feed_fuzz.py crash-...``.
"""

from __future__ import annotations

import sys

import atheris

# feedparser (and the sgmllib its loose parser uses) is instrumented too: the fuzzer is then guided through the
# parser's own branches (encodings, dates, loose HTML), not only through detente's few lines around it
with atheris.instrument_imports(include=["detente", "feedparser", "feedparser_sgmllib"]):
    import feedparser  # type: ignore[import-untyped]  # noqa: F401  # imported here to be instrumented
    import feedparser_sgmllib  # noqa: F401

    from detente.errors import IngestError
    from detente.ingest.feeds import parse_feed


def test_one_input(data: bytes) -> None:
    try:
        items = parse_feed(data, "https://feeds.example/feed")
    except IngestError as err:
        assert err.what.strip(), "a refusal says why"
        return
    for item in items:
        assert item.link.startswith(("http://", "https://")) and item.key, item


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
