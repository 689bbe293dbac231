"""Read an RSS or Atom feed's items with feedparser, after refusing what a hostile feed may carry.

A feed that declares entities (``<!ENTITY``: the billion-laughs and external-entity attacks) is refused before any
XML parser sees it; feedparser is only ever given bytes (given a string that looks like a URL, it would fetch it).
Each item keeps its link (http or https only), a stable key (the entry's id, else its link), title and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from detente.errors import IngestError

_ENTITY = re.compile(rb"<!ENTITY", re.I)
_PROLOG_BYTES = 64 * 1024  # a DOCTYPE sits at the start; entities declared further in are refused all the same
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b",
                         re.I | re.S)  # fmt: skip


_CHARREF = re.compile(rb"&#(?:[xX]0*([0-9a-fA-F]+)|0*([0-9]+));")


def _charref(match: re.Match[bytes]) -> bytes:
    """A numeric character reference past Unicode (``&#99999999;``, on which feedparser's loose parser raises)
    becomes U+FFFD, the replacement character; the others stay as they are."""
    digits = match[1] or match[2]
    if len(digits) <= 8 and (int(digits, 16) if match[1] else int(digits)) < 0x110000:
        return match[0]
    return b"&#xFFFD;"


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: what to fetch, and what the feed says of it."""

    key: str
    link: str
    title: str | None = None
    published: str | None = None  # ISO date, when the feed gives one
    summary: str | None = None


def looks_like_feed(content: bytes) -> bool:
    """Whether ``content`` starts like an RSS, RDF or Atom document."""
    return _FEED_START.match(content[:_PROLOG_BYTES]) is not None


def parse_feed(content: bytes, url: str) -> list[FeedItem]:
    """The items of the feed at ``url`` (``content``: its bytes as fetched), in the feed's order, each key once."""
    if _ENTITY.search(content):
        raise IngestError("the feed declares XML entities (refused: entity expansion attacks)", where=url,
                          fix="entities have no place in a news feed; leave the source out")  # fmt: skip
    if not looks_like_feed(content):
        raise IngestError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)", where=url,
                          fix="give the feed's URL, not the site's page")  # fmt: skip
    import feedparser  # type: ignore[import-untyped]  # imported here: it takes a while to load

    try:
        parsed = feedparser.parse(_CHARREF.sub(_charref, content), sanitize_html=False, resolve_relative_uris=False)
    except Exception as fault:  # feedparser's own faults on broken input (such as chr() of a huge &#...; reference)
        raise IngestError(f"unreadable feed: its parser failed ({type(fault).__name__}: {fault})", where=url,
                          fix="check the feed's XML; if it reads elsewhere, report the feed to the detente "
                              "developers") from fault  # fmt: skip
    if parsed.get("bozo") and not parsed.entries:
        err = parsed.get("bozo_exception")
        raise IngestError(f"unreadable feed ({type(err).__name__}: {err})", where=url, fix="check the feed's XML")
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        item = _item(entry, url)
        if item is not None and item.key not in items:
            items[item.key] = item
    return list(items.values())


def _item(entry: Any, base: str) -> FeedItem | None:
    link = _link(entry.get("link"), base)
    if link is None:
        return None  # no link to fetch, one of a refused scheme, or one no fetcher could follow
    key = str(entry.get("id") or "").strip()[:2000] or link
    published = _day(entry.get("published_parsed") or entry.get("updated_parsed"))
    summary = entry.get("summary")
    return FeedItem(key=key, link=link, title=(entry.get("title") or None), published=published,
                    summary=summary if isinstance(summary, str) else None)  # fmt: skip


def _link(raw: Any, base: str) -> str | None:
    """The absolute http(s) URL of an entry's link (resolved against the feed's URL), None when there is no such URL.

    A link that is not a URL (``http://[broken``: an unclosed IPv6 bracket, a host that changes under NFKC
    normalisation, a port out of range) or has no host (``http:relative``) is no more fetchable than a ``file:`` one;
    the URL comes back re-assembled, so its scheme is lower case (``HTTP://`` gives ``http://``).
    """
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        parts = urlsplit(urljoin(base, raw.strip()))
        port_ok = parts.port is None or parts.port > 0  # reading the port checks its range
    except ValueError:  # urllib's refusals of what is not a URL
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
        return None
    return urlunsplit(parts)


def _day(stamp: Any) -> str | None:
    """The ISO date of feedparser's parsed time (a ``time.struct_time`` in UTC), None when absent or impossible."""
    try:
        return datetime(stamp[0], stamp[1], stamp[2], tzinfo=UTC).date().isoformat() if stamp else None
    except (TypeError, ValueError, IndexError, OverflowError):  # a year past what datetime holds, too
        return None
