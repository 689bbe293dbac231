"""The fetcher against a local server: politeness (user agent, robots.txt, delay per host, conditional requests)
and each hostile case (refused schemes, redirect loops, huge, endless and slow responses, compression bombs,
wrong content types)."""

from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler

import pytest

from detente.errors import FetchError
from detente.ingest.fetch import FEED_TYPES, MAX_CRAWL_DELAY, PAGE_TYPES, USER_AGENT, Fetcher, check_scheme
from feed_support import XML, Route, rss, serve

FEED = rss([("1", "http://example.org/a", "A")])


def fetcher(**options: object) -> Fetcher:
    settings: dict[str, object] = {"host_delay": 0.0, "max_seconds": 5.0} | options
    return Fetcher(**settings)  # type: ignore[arg-type]


def test_fetches_with_its_user_agent_and_reads_robots_once() -> None:
    with serve({"/feed": Route(FEED, headers=XML)}) as s:
        f = fetcher()
        got = f.fetch(s.url("/feed"), accept=FEED_TYPES)
        f.fetch(s.url("/feed"), accept=FEED_TYPES)
    assert got.status == 200 and got.content == FEED and got.content_type == "application/rss+xml"
    assert s.hits("/robots.txt") == 1 and s.hits("/feed") == 2
    assert all(headers["user-agent"] == USER_AGENT for _, headers in s.log)


def test_conditional_request_gets_not_modified() -> None:
    def conditional(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"' and h.headers.get("If-Modified-Since"):
            h.send_response(304)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        for name, value in {"Content-Type": "application/rss+xml", "ETag": '"v1"', "Content-Length": str(len(FEED)),
                            "Last-Modified": "Fri, 09 Sep 2016 10:00:00 GMT"}.items():  # fmt: skip
            h.send_header(name, value)
        h.end_headers()
        h.wfile.write(FEED)

    with serve({"/feed": Route(writer=conditional)}) as s:
        f = fetcher()
        first = f.fetch(s.url("/feed"), accept=FEED_TYPES)
        again = f.fetch(s.url("/feed"), accept=FEED_TYPES, etag=first.etag, last_modified=first.last_modified)
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.content == b""


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "data:text/plain,hi",
                                 "gopher://127.0.0.1/", "/etc/passwd", "javascript:alert(1)"])  # fmt: skip
def test_non_http_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match="refused scheme"):
        fetcher().fetch(url)
    with pytest.raises(FetchError):
        check_scheme(url)


def test_redirects_are_followed_within_bounds() -> None:
    routes = {"/a": Route(status=302, headers={"Location": "/b"}), "/b": Route(status=301, headers={"Location": "/c"}),
              "/c": Route(FEED, headers=XML), "/loop": Route(status=302, headers={"Location": "/loop"})}  # fmt: skip
    with serve(routes) as s:
        got = fetcher().fetch(s.url("/a"), accept=FEED_TYPES)
        assert got.url.endswith("/c") and got.content == FEED
        with pytest.raises(FetchError, match="more than 3 redirects"):
            fetcher(max_redirects=3).fetch(s.url("/loop"))
        assert s.hits("/loop") == 4


def test_redirect_to_a_file_url_is_refused() -> None:
    routes = {"/a": Route(status=302, headers={"Location": "file:///etc/passwd"})}
    with serve(routes) as s, pytest.raises(FetchError, match="refused scheme 'file'"):
        fetcher().fetch(s.url("/a"))


def test_declared_huge_response_is_refused_unread() -> None:
    def huge(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(10**12))
        h.end_headers()
        h.wfile.write(b"<html>" * 10)

    with serve({"/huge": Route(writer=huge)}) as s, pytest.raises(FetchError, match="larger than the limit"):
        fetcher(max_bytes=1000).fetch(s.url("/huge"))


def endless(h: BaseHTTPRequestHandler) -> None:
    """A response with no length that never ends (closed when the client goes)."""
    h.protocol_version = "HTTP/1.0"
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    try:
        while True:
            h.wfile.write(b"<p>more</p>" * 1000)
    except OSError:
        pass


def test_endless_response_is_cut_at_the_size_limit() -> None:
    with serve({"/endless": Route(writer=endless)}) as s:
        started = time.monotonic()
        with pytest.raises(FetchError, match="larger than the limit"):
            fetcher(max_bytes=200_000).fetch(s.url("/endless"), accept=PAGE_TYPES)
    assert time.monotonic() - started < 5


def test_slow_endless_response_is_cut_at_the_time_limit() -> None:
    def dribble(h: BaseHTTPRequestHandler) -> None:
        h.protocol_version = "HTTP/1.0"
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        try:
            for _ in range(100):
                h.wfile.write(b"<p>x</p>")
                h.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    with serve({"/slow": Route(writer=dribble)}) as s:
        started = time.monotonic()
        with pytest.raises(FetchError, match="longer than 1 s"):
            fetcher(max_seconds=1.0).fetch(s.url("/slow"))
    assert time.monotonic() - started < 4


def test_compression_bomb_is_refused() -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 MB of zeros, about 20 KB compressed
    routes = {"/bomb": Route(bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})}
    with serve(routes) as s, pytest.raises(FetchError, match="once decompressed"):
        fetcher(max_bytes=1_000_000).fetch(s.url("/bomb"))


def test_gzip_body_is_decompressed() -> None:
    routes = {"/feed": Route(gzip.compress(FEED), headers=XML | {"Content-Encoding": "gzip"})}
    with serve(routes) as s:
        assert fetcher().fetch(s.url("/feed"), accept=FEED_TYPES).content == FEED


@pytest.mark.parametrize(("kind", "accept"), [("image/png", FEED_TYPES), ("application/octet-stream", PAGE_TYPES),
                                              ("application/rss+xml", PAGE_TYPES), ("", FEED_TYPES)])  # fmt: skip
def test_wrong_content_type_is_refused(kind: str, accept: tuple[str, ...]) -> None:
    routes = {"/x": Route(FEED, headers={"Content-Type": kind} if kind else {})}
    with serve(routes) as s, pytest.raises(FetchError, match="unexpected content type"):
        fetcher().fetch(s.url("/x"), accept=accept)


def test_robots_txt_is_obeyed() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    routes = {"/robots.txt": Route(robots, headers={"Content-Type": "text/plain"}),
              "/private/feed": Route(FEED, headers=XML), "/feed": Route(FEED, headers=XML)}  # fmt: skip
    with serve(routes) as s:
        f = fetcher()
        with pytest.raises(FetchError, match=r"robots\.txt disallows"):
            f.fetch(s.url("/private/feed"))
        assert f.fetch(s.url("/feed")).status == 200
        assert s.hits("/private/feed") == 0


def test_forbidden_robots_txt_disallows_the_site() -> None:
    routes = {"/robots.txt": Route(b"no", 403), "/feed": Route(FEED, headers=XML)}
    with serve(routes) as s, pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher().fetch(s.url("/feed"))


def test_delay_between_requests_to_one_host() -> None:
    pauses: list[float] = []
    with serve({"/feed": Route(FEED, headers=XML)}) as s:
        f = fetcher(host_delay=5.0, sleep=pauses.append)
        f.fetch(s.url("/feed"))
        f.fetch(s.url("/feed"))
    assert len(pauses) >= 2 and all(4.0 < p <= 5.0 for p in pauses)  # before the feed, and before it again


def test_http_error_is_a_fetch_error() -> None:
    with serve({"/gone": Route(b"gone", 410)}) as s, pytest.raises(FetchError, match="HTTP 410"):
        fetcher().fetch(s.url("/gone"))


def test_unreachable_host_is_a_fetch_error() -> None:
    with pytest.raises(FetchError, match="request failed"):
        fetcher(max_seconds=2.0, obey_robots=False).fetch("http://127.0.0.1:9/feed")


@pytest.mark.parametrize(
    ("robots", "host_delay", "expected"),
    [
        (b"User-agent: *\nCrawl-delay: 3\n", 0.5, 3.0),  # the host asks for more: obeyed
        (b"User-agent: *\nCrawl-delay: 1\n", 2.0, 2.0),  # our own delay is larger: ours
        (b"User-agent: *\nCrawl-delay: 1000\n", 0.0, MAX_CRAWL_DELAY),  # capped
        (b"User-agent: other-bot\nCrawl-delay: 9\n\nUser-agent: *\nDisallow: /private/\n", 0.5, 0.5),  # not ours
        (b"User-agent: detente-watch\nCrawl-delay: 7\n", 0.0, 7.0),  # named for our user agent
    ],
)
def test_crawl_delay_is_honoured_per_host(robots: bytes, host_delay: float, expected: float) -> None:
    pauses: list[float] = []
    routes = {"/robots.txt": Route(robots, headers={"Content-Type": "text/plain"}),
              "/a": Route(FEED, headers=XML), "/b": Route(FEED, headers=XML)}  # fmt: skip
    with serve(routes) as s, serve({"/c": Route(FEED, headers=XML)}) as other:
        f = fetcher(host_delay=host_delay, sleep=pauses.append)
        f.fetch(s.url("/a"), accept=FEED_TYPES)
        f.fetch(s.url("/b"), accept=FEED_TYPES)
        f.fetch(other.url("/c"), accept=FEED_TYPES)  # another host: no wait for the first one's delay
    assert f.delay(s.url("/a")) == expected and f.delay(other.url("/c")) == host_delay
    waits = [p for p in pauses if p > 0]
    assert len(waits) >= 2 and all(expected - 0.5 < p <= expected for p in waits[:2])  # after robots.txt, after /a
