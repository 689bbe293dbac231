"""A short coverage-guided fuzzing run (atheris) of the ingest readers, the scenario parsers and the feed parser,
from seeds made of the example corpus: no input may raise anything but the parsers' own errors. Longer runs:
`make fuzz`. A crash is kept under ``test-artifacts/fuzz/`` (the failure says where, with the seed and the command
that replays it), and the inputs the fuzzer once crashed on are replayed here as plain tests."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from detente.errors import IngestError
from detente.ingest.feeds import parse_feed

ROOT = Path(__file__).resolve().parents[2]
KEPT = ROOT / "test-artifacts" / "fuzz"


def _rss_item(inner: bytes) -> bytes:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item>'
    return head + inner + b"</item></channel></rss>"


@pytest.mark.slow
def test_fuzzers_find_no_crash(tmp_path: Path) -> None:
    pytest.importorskip("atheris", reason="atheris is not installed (pip install 'detente[fuzz]')")
    # no time limit per input but libFuzzer's own (20 minutes): a loaded machine makes the run slower, not red
    result = subprocess.run([sys.executable, str(ROOT / "fuzz" / "run.py"), "--runs", "1500", "--keep", str(tmp_path)],
                            capture_output=True, text=True, timeout=1800)  # fmt: skip
    assert result.stdout.strip(), result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("ingest", "scenario", "feed"):
        found = summary[name]
        if found["crashes"] or found["exit"]:
            kept = _keep(found["crashes"], KEPT / f"seed-{summary['seed']}-{name}")
            replay = [f"{sys.executable} fuzz/{name}_fuzz.py {kept / Path(c).name}" for c in found["crashes"]]
            pytest.fail(f"the {name} fuzzer crashed (seed {summary['seed']}); the inputs are kept in {kept}; "
                        f"replay: {replay}; inputs: {found['inputs']}; "
                        f"log:\n" + "\n".join(found["log_tail"]))  # fmt: skip
    # the fuzzer ran and grew its corpus beyond the seeds: it explored, not only replayed
    assert len(list((tmp_path / "seeds-scenario").iterdir())) > 2


def _keep(crashes: list[str], folder: Path) -> Path:
    """Copy the crash files out of the test's temporary folder, so that the next run does not lose them."""
    folder.mkdir(parents=True, exist_ok=True)
    for crash in crashes:
        shutil.copy(crash, folder / Path(crash).name)
    return folder


# Inputs the feed fuzzer crashed on (written again by hand): links urllib refuses to split raised its ValueError
# out of parse_feed; links with an upper-case scheme or no host passed as fetchable http(s) links.
UNFETCHABLE_LINKS = {
    "unclosed-ipv6-bracket": b"<link>https://[news.example/geneva</link>",
    "ipv6-bracket-in-path-host": b"<guid>7</guid><link>http://[::1/talks</link>",
    "host-changed-by-nfkc": "<link>https://news\uff0fexample/geneva</link>".encode(),
    "port-out-of-range": b"<link>https://news.example:123456/geneva</link>",
    "no-host": b"<link>http:geneva</link>",
}


@pytest.mark.parametrize("inner", UNFETCHABLE_LINKS.values(), ids=UNFETCHABLE_LINKS.keys())
def test_items_with_unfetchable_links_are_skipped_not_raised(inner: bytes) -> None:
    feed = _rss_item(inner).replace(b"</channel>", b"<item><link>https://news.example/ok</link></item></channel>")
    assert [i.link for i in parse_feed(feed, "https://feeds.example/feed")] == ["https://news.example/ok"]


def test_a_feed_of_unfetchable_links_gives_no_items() -> None:
    assert parse_feed(_rss_item(UNFETCHABLE_LINKS["unclosed-ipv6-bracket"]), "https://feeds.example/feed") == []


def test_an_upper_case_scheme_is_read_as_http() -> None:
    items = parse_feed(_rss_item(b"<link>HTTPS://News.example/geneva</link>"), "http://feeds.example/feed")
    assert [(i.key, i.link) for i in items] == [("https://News.example/geneva", "https://News.example/geneva")]


def test_a_blank_guid_falls_back_to_the_link() -> None:
    items = parse_feed(_rss_item(b"<guid> </guid><link>https://news.example/geneva</link>"), "https://f.example/")
    assert [i.key for i in items] == ["https://news.example/geneva"]


# Found by the feed fuzzer (written again by hand): a numeric character reference past Unicode made feedparser's
# loose parser (the one it falls back on when the XML is not well-formed) raise chr()'s ValueError.
@pytest.mark.parametrize(
    "ref",
    [b"&#99999999;", b"&#x110000;", b"&#X7FFFFFFF;", b"&#" + b"9" * 5000 + b";"],
    ids=["decimal", "hex", "upper-x", "5000-digits"],
)
def test_a_character_reference_past_unicode_is_replaced_not_raised(ref: bytes) -> None:
    feed = _rss_item(b"<link>https://news.example/geneva</link><title>Talks " + ref + b" &#38; &#x41;ok</title>")
    items = parse_feed(feed, "https://feeds.example/feed")
    assert [i.title for i in items] == ["Talks \ufffd & Aok"]


# Found by the feed fuzzer (written again by hand): a link closed after its item made feedparser's loose parser
# raise a KeyError ('links'); feedparser's own faults are the feed's IngestError, which names the feed.
def test_a_fault_of_feedparser_is_an_ingest_error_naming_the_feed() -> None:
    feed = b'<rss version="2.0"><channel><item><link>https://news.example/geneva</item></link></channel></rss>'
    with pytest.raises(IngestError, match=r"feeds\.example/feed: unreadable feed: its parser failed \(KeyError"):
        parse_feed(feed, "https://feeds.example/feed")
