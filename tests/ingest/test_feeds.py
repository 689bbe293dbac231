"""The feed parser: RSS and Atom items, and hostile feeds refused (entity bombs, external entities, not a feed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import IngestError
from detente.ingest.feeds import looks_like_feed, parse_feed
from feed_support import rss

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Talks</title><id>urn:talks</id>
<entry><id>urn:talks:1</id><title>Geneva talks resume</title><link href="https://news.example/geneva"/>
<updated>2016-09-10T08:00:00Z</updated><summary>Delegations met.</summary></entry>
<entry><id>urn:talks:2</id><title>Relative link</title><link href="/lausanne"/>
<published>2016-10-15T08:00:00Z</published></entry>
</feed>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><link>http://a.example/1</link></item></channel></rss>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&secret;</title><link>http://a.example/1</link></item></channel></rss>"""


def test_rss_items_in_order_each_key_once() -> None:
    feed = rss([("g1", "http://a.example/1", "One"), ("g2", "http://a.example/2", "Two"),
                ("g1", "http://a.example/1", "One again")])  # fmt: skip
    items = parse_feed(feed, "http://a.example/feed")
    assert [(i.key, i.link, i.title) for i in items] == [("g1", "http://a.example/1", "One"),
                                                          ("g2", "http://a.example/2", "Two")]  # fmt: skip
    assert items[0].published == "2016-09-09"


def test_atom_items_with_relative_links_resolved() -> None:
    items = parse_feed(ATOM, "https://news.example/atom.xml")
    assert [i.key for i in items] == ["urn:talks:1", "urn:talks:2"]
    assert [i.link for i in items] == ["https://news.example/geneva", "https://news.example/lausanne"]
    assert [i.published for i in items] == ["2016-09-10", "2016-10-15"]
    assert items[0].summary == "Delegations met."


@pytest.mark.parametrize("feed", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(feed: bytes) -> None:
    with pytest.raises(IngestError, match="declares XML entities"):
        parse_feed(feed, "http://a.example/feed")


@pytest.mark.parametrize("content", [b"<html><body>a page</body></html>", b"", b"\x89PNG\r\n\x1a\n", b"{}"])
def test_not_a_feed_is_refused(content: bytes) -> None:
    assert not looks_like_feed(content)
    with pytest.raises(IngestError, match="not an RSS or Atom feed"):
        parse_feed(content, "http://a.example/feed")


def test_items_with_refused_schemes_or_no_link_are_skipped() -> None:
    feed = rss([("1", "file:///etc/passwd", "f"), ("2", "javascript:alert(1)", "j"), ("3", "ftp://a.example/x", "x"),
                ("4", "", "none"), ("5", "https://a.example/ok", "ok")])  # fmt: skip
    assert [i.key for i in parse_feed(feed, "https://a.example/feed")] == ["5"]


def test_broken_xml_with_items_still_reads_them() -> None:
    feed = rss([("1", "http://a.example/1", "One & two")])  # an unescaped ampersand: not well-formed
    assert [i.key for i in parse_feed(feed, "http://a.example/feed")] == ["1"]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.builds(lambda b: b"<rss><channel><item>" + b, st.binary(max_size=300)))
def test_any_bytes_give_items_or_an_ingest_error(content: bytes) -> None:
    try:
        items = parse_feed(content, "http://a.example/feed")
    except IngestError:
        return
    assert all(i.link.startswith(("http://", "https://")) for i in items)
