"""A local HTTP server on 127.0.0.1 (a thread with http.server) serving feeds and pages for the watch tests.

Each route is a :class:`Route`: a status, headers and a body, or a callable that writes the response itself (for
endless, slow or conditional responses). Every request is logged (path and headers), so tests can check the user
agent, the conditional headers and how often a page was fetched. Nothing reaches the internet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Writer = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    writer: Writer | None = None


@dataclass
class Served:
    base: str
    routes: dict[str, Route]
    log: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> int:
        return sum(p == path for p, _ in self.log)


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Served]:
    served = Served("", routes)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            served.log.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = served.routes.get(self.path)
            if route is None:
                route = Route(b"not found", 404, {"Content-Type": "text/plain"})
            if route.writer is not None:
                route.writer(self)
                return
            self.send_response(route.status)
            headers = {"Content-Length": str(len(route.body))} | route.headers
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


def rss(items: list[tuple[str, str, str]], *, title: str = "Wire") -> bytes:
    """An RSS 2.0 feed of ``(guid, link, title)`` items."""
    entries = "".join(
        f"<item><guid>{g}</guid><link>{link}</link><title>{t}</title>"
        f"<pubDate>Fri, 09 Sep 2016 10:00:00 GMT</pubDate></item>"
        for g, link, t in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.org/</link>{entries}</channel></rss>").encode()  # fmt: skip


def page(title: str, sentence: str) -> bytes:
    """An article page with enough text for trafilatura to keep."""
    body = " ".join([sentence] * 4)
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body}</p></article></body></html>").encode()  # fmt: skip


HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/rss+xml"}
