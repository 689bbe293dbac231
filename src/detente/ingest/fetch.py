"""Fetch feeds and pages over HTTP(S), politely and defensively.

One :class:`Fetcher` per watch: a user agent that names detente, robots.txt read once per host and obeyed, a delay
between two requests to one host (the larger of ``host_delay`` and the host's robots.txt ``Crawl-delay``, the latter
capped at ``max_crawl_delay``, :data:`MAX_CRAWL_DELAY` seconds by default), conditional requests (``ETag``,
``Last-Modified``), redirects followed by hand (at most ``max_redirects``, each hop's scheme and robots.txt
checked), bodies streamed and cut at ``max_bytes`` or ``max_seconds`` (a huge or endless response costs a bounded
read), and content types checked against what the caller expects. Only ``http`` and ``https`` are fetched:
``file:``, ``ftp:`` and the rest are refused. Errors are :class:`~detente.errors.FetchError` with the URL as
``where``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from detente.errors import FetchError

if TYPE_CHECKING:
    import httpx

USER_AGENT = "detente-watch/1 (conflict-news research tool; obeys robots.txt)"
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml")  # fmt: skip
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 60.0  # seconds: a robots.txt asking for more is obeyed up to this (a watch polls every 15 min)


@dataclass(frozen=True)
class Fetched:
    """A response: ``not_modified`` when a conditional request found nothing new (``content`` is then empty)."""

    url: str  # after redirects
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass
class Fetcher:
    """Fetches URLs under the limits it holds; reuse one for a whole watch (it keeps robots.txt and host timings)."""

    user_agent: str = USER_AGENT
    max_bytes: int = 5 * 1024 * 1024
    max_seconds: float = 30.0
    max_redirects: int = 5
    host_delay: float = 1.0
    obey_robots: bool = True
    max_crawl_delay: float = MAX_CRAWL_DELAY
    sleep: Callable[[float], None] = time.sleep
    _client: httpx.Client | None = field(default=None, repr=False)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx  # imported here: `detente --help` never needs it

            timeout = httpx.Timeout(self.max_seconds, connect=min(10.0, self.max_seconds))
            headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}  # what _decoded reads
            self._client = httpx.Client(headers=headers, timeout=timeout,
                                        follow_redirects=False, trust_env=False)  # fmt: skip
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str, *, accept: Collection[str] = (), etag: str | None = None,
              last_modified: str | None = None) -> Fetched:  # fmt: skip
        """GET ``url`` (conditionally when a validator is given), following redirects within the limits; the
        content type must start with one of ``accept`` (any when empty)."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(self.max_redirects + 1):
            check_scheme(current)
            if not self.allowed(current):
                raise FetchError("robots.txt disallows this URL", where=current,
                                 fix="leave the source out, or ask the site's owner")  # fmt: skip
            location, fetched = self._get(current, headers, accept)
            if location is None:
                return fetched
            current = urljoin(current, location)
        raise FetchError(f"more than {self.max_redirects} redirects", where=url, fix="use the final URL")

    def _get(self, url: str, headers: dict[str, str], accept: Collection[str]) -> tuple[str | None, Fetched]:
        import httpx

        self._wait(url)
        started = time.monotonic()
        try:
            with self.client().stream("GET", url, headers=headers) as response:
                status = response.status_code
                if status in (301, 302, 303, 307, 308) and response.headers.get("location"):
                    return response.headers["location"], Fetched(url, status)
                validators = {"etag": response.headers.get("etag"),
                              "last_modified": response.headers.get("last-modified")}  # fmt: skip
                if status == 304:
                    return None, Fetched(url, status, not_modified=True, **validators)
                if status >= 400:
                    raise FetchError(f"HTTP {status}", where=url, fix="check the URL; the server refused it")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if accept and not kind.startswith(tuple(accept)):
                    raise FetchError(f"unexpected content type {kind or 'none'!r} (expected {', '.join(accept)})",
                                     where=url, fix="check that the URL is a feed or an article page")  # fmt: skip
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(too_large(int(declared), self.max_bytes), where=url, fix=FIX_LIMIT)
                body = self._read(response, url, started)
                return None, Fetched(str(response.url), status, body, kind, **validators)
        except httpx.HTTPError as err:
            raise FetchError(
                f"request failed ({type(err).__name__}: {err})",
                where=url,
                fix="check the URL and the network; the watch tries again next poll",
            ) from err

    def _read(self, response: httpx.Response, url: str, started: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_raw():  # raw: a compressed bomb is cut at its compressed size, then checked
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(too_large(size, self.max_bytes), where=url, fix=FIX_LIMIT)
            if time.monotonic() - started > self.max_seconds:
                raise FetchError(f"the response took longer than {self.max_seconds:g} s", where=url, fix=FIX_LIMIT)
            chunks.append(chunk)
        return _decoded(b"".join(chunks), response.headers.get("content-encoding", ""), self.max_bytes, url)

    def delay(self, url: str) -> float:
        """Seconds between two requests to ``url``'s host: ``host_delay``, or the host's robots.txt ``Crawl-delay``
        for this user agent when larger (at most ``max_crawl_delay``); robots.txt is known once it has been read."""
        robots = self._robots.get(_origin(url)) if self.obey_robots else None
        asked = robots.crawl_delay(self.user_agent) if robots is not None else None
        if asked is None:
            return self.host_delay
        return max(self.host_delay, min(float(asked), self.max_crawl_delay))

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last.get(host)
        if last is not None:
            pause = self.delay(url) - (time.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        self._last[host] = time.monotonic()

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this user agent fetch ``url`` (read once per host; none: allowed)."""
        if not self.obey_robots:
            return True
        base = _origin(url)
        if base not in self._robots:
            self._robots[base] = self._read_robots(base)
        robots = self._robots[base]
        return robots is None or robots.can_fetch(self.user_agent, url)

    def _read_robots(self, base: str) -> RobotFileParser | None:
        import httpx

        robots = RobotFileParser()
        self._wait(base + "/")
        try:
            with self.client().stream("GET", base + "/robots.txt") as response:
                if response.status_code in (401, 403):  # as urllib's robotparser: the whole site is off limits
                    robots.parse(["User-agent: *", "Disallow: /"])
                    return robots
                if response.status_code >= 300:
                    return None  # none published (or moved): everything allowed, as crawlers do
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > ROBOTS_MAX_BYTES:
                        break
        except httpx.HTTPError:
            return None
        robots.parse(bytes(body[:ROBOTS_MAX_BYTES]).decode("utf-8", errors="replace").splitlines())
        return robots


FIX_LIMIT = "raise the watch's limit (--max-bytes) if the source is trusted, or leave it out"


def too_large(size: int, limit: int) -> str:
    return f"the response is larger than the limit ({size:,} bytes read, limit {limit:,})"


def check_scheme(url: str) -> None:
    """Refuse any URL that is not ``http`` or ``https`` (``file:``, ``ftp:``, ``data:`` ...)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(f"refused scheme {scheme or 'none'!r}: only http and https are fetched", where=url,
                         fix="give an http(s) URL; for local files, give the folder as a source")  # fmt: skip


def _decoded(body: bytes, encoding: str, limit: int, url: str) -> bytes:
    """The body decompressed (gzip, deflate), at most ``limit`` bytes of it: a decompression bomb is refused."""
    import zlib

    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"unsupported content encoding {encoding!r}", where=url, fix="serve gzip or nothing")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as err:
        raise FetchError(f"corrupt {encoding} body ({err})", where=url, fix="check the server") from err
    if len(out) > limit:
        raise FetchError(too_large(len(out), limit) + " once decompressed", where=url, fix=FIX_LIMIT)
    return out


def _origin(url: str) -> str:
    """Scheme and host of a URL, the key of its host's robots.txt: ``https://news.example:8443``."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
