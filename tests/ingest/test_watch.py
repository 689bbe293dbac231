"""A poll over a local server: new items ingested once, an unchanged feed not read again, a killed poll resumed with
nothing lost and nothing twice, failures retried then given up, hostile sources reported while the others go on."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.ingest.batch import IngestReport
from detente.ingest.fetch import Fetcher
from detente.ingest.watch import PollReport, follow, is_url, poll, stop_on_signals
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.store.feeds import MAX_ATTEMPTS, FeedStore
from feed_support import HTML, XML, Route, Served, page, rss, serve

N = 7


def routes(n: int = N) -> dict[str, Route]:
    found = {f"/news/{i}": Route(page(f"Talks day {i}", f"Envoys met in Geneva on day {i} to discuss a ceasefire."),
                                 headers=HTML) for i in range(n)}  # fmt: skip
    found["/feed"] = Route(rss([(f"item-{i}", f"/news/{i}", f"Talks day {i}") for i in range(n)]),
                           headers=XML | {"ETag": '"v1"'})  # fmt: skip
    return found


@pytest.fixture
def site() -> Iterator[Served]:
    with serve(routes()) as served:
        feed = served.routes["/feed"]
        feed.body = feed.body.replace(b"<link>/", f"<link>{served.base}/".encode())
        feed.headers["Content-Length"] = str(len(feed.body))
        yield served


def run(ws: Workspace, sources: list[str], **options: Any) -> PollReport:
    def add(paths: list[Path]) -> IngestReport:
        return ingest_paths(ws, paths)

    return poll(sources, state=FeedStore(ws), fetcher=Fetcher(host_delay=0.0, max_seconds=5.0), add=add,
                spool=ws.root / "feeds", **options)  # fmt: skip


def test_new_items_are_ingested_once(workspace: Workspace, site: Served) -> None:
    first = run(workspace, [site.url("/feed")])
    assert (first.new_items, first.ingested, first.errors) == (N, N, [])
    docs = workspace.documents()
    assert len(docs) == N
    assert {d.title for d in docs} == {f"Talks day {i}" for i in range(N)}
    assert all(d.url and d.url.startswith(site.base) for d in docs)
    again = run(workspace, [site.url("/feed")])
    assert (again.new_items, again.ingested) == (0, 0)
    assert all(site.hits(f"/news/{i}") == 1 for i in range(N))
    assert FeedStore(workspace).counts() == {"ingested": N}


def test_unchanged_feed_is_answered_not_modified(workspace: Workspace) -> None:
    def conditional(handler: Any) -> None:  # a BaseHTTPRequestHandler
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = rss([])
        handler.send_response(200)
        for name, value in {
            "Content-Type": "application/rss+xml",
            "ETag": '"v1"',
            "Content-Length": str(len(body)),
        }.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    with serve({"/feed": Route(writer=conditional)}) as s:
        run(workspace, [s.url("/feed")])
        again = run(workspace, [s.url("/feed")])
    assert again.unchanged == 1
    assert [h.get("if-none-match") for p, h in s.log if p == "/feed"] == [None, '"v1"']


def test_killed_poll_resumes_with_every_item_once(workspace: Workspace, site: Served) -> None:
    calls = {"n": 0}

    def dying(paths: list[Path]) -> IngestReport:
        calls["n"] += 1
        if calls["n"] == 3:  # killed while adding the third batch
            raise KeyboardInterrupt
        return ingest_paths(workspace, paths)

    with pytest.raises(KeyboardInterrupt):
        poll([site.url("/feed")], state=FeedStore(workspace), fetcher=Fetcher(host_delay=0.0), add=dying,
             spool=workspace.root / "feeds", batch=2)  # fmt: skip
    assert len(workspace.documents()) == 4
    assert FeedStore(workspace).validators(site.url("/feed")) == (None, None)  # the feed is read whole again
    resumed = run(workspace, [site.url("/feed")], batch=2)
    assert resumed.new_items == N - 4
    docs = workspace.documents()
    assert len(docs) == N and len({d.url for d in docs}) == N
    assert FeedStore(workspace).counts() == {"ingested": N}
    assert FeedStore(workspace).validators(site.url("/feed"))[0] == '"v1"'


def test_failed_page_is_retried_then_given_up(workspace: Workspace, site: Served) -> None:
    site.routes["/news/3"] = Route(b"busy", 503)
    first = run(workspace, [site.url("/feed")])
    assert (first.ingested, first.failed) == (N - 1, 1)
    for _ in range(MAX_ATTEMPTS):
        run(workspace, [site.url("/feed")])
    assert site.hits("/news/3") == MAX_ATTEMPTS  # tried at each poll until given up
    site.routes["/news/3"] = routes()["/news/3"]
    run(workspace, [site.url("/feed")])
    assert site.hits("/news/3") == MAX_ATTEMPTS
    assert FeedStore(workspace).counts() == {"ingested": N - 1, "failed": 1}


def test_url_list_and_folder_sources(workspace: Workspace, site: Served, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# today\n{site.url('/news/1')}\n\n{site.url('/news/2')}\n{site.url('/news/1')}\n")
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "note.txt").write_text("Russia and the United States agreed on a ceasefire in Syria on Friday.\n" * 3)
    report = run(workspace, [str(listing), str(folder)])
    assert (report.new_items, report.ingested, report.errors) == (2, 3, [])


def test_hostile_sources_are_reported_and_the_others_go_on(workspace: Workspace, site: Served) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">]>'
        b"<rss><channel><title>&a;</title></channel></rss>"
    )
    site.routes["/bomb"] = Route(bomb, headers=XML)
    site.routes["/png"] = Route(b"\x89PNG", headers={"Content-Type": "image/png"})
    sources = ["file:///etc/passwd", site.url("/bomb"), site.url("/png"), "ftp://127.0.0.1/feed", "/no/such/dir",
               site.url("/feed")]  # fmt: skip
    report = run(workspace, sources)
    errors = "\n".join(report.errors)
    assert len(report.errors) == 5
    for expected in ("refused scheme 'file'", "declares XML entities", "unexpected content type 'image/png'",
                     "refused scheme 'ftp'", "no such file, folder or URL"):  # fmt: skip
        assert expected in errors
    assert report.ingested == N


def test_is_url() -> None:
    assert is_url("https://a.example/feed") and is_url("file:///etc/passwd") and is_url("ftp://x/y")
    assert not is_url("feeds.txt") and not is_url("/tmp/drop") and not is_url("C:\\news")


def _grow(served: Served, n: int) -> None:
    """The feed now lists ``n`` items (pages for all of them are served)."""
    for i in range(n):
        served.routes.setdefault(f"/news/{i}", Route(page(f"Talks day {i}", f"Envoys met on day {i} in Geneva."),
                                                      headers=HTML))  # fmt: skip
    body = rss([(f"item-{i}", served.url(f"/news/{i}"), f"Talks day {i}") for i in range(n)])
    served.routes["/feed"] = Route(body, headers=XML)


def test_follow_polls_again_and_picks_up_a_new_item_once(workspace: Workspace, site: Served) -> None:
    _grow(site, N)
    waited: list[float] = []
    reports: list[PollReport] = []

    def wait(seconds: float) -> bool:  # between the polls: no real sleep, and the feed gains an item
        waited.append(seconds)
        _grow(site, N + 1)
        return False

    made = follow(lambda: run(workspace, [site.url("/feed")]), every=900.0, polls=2, wait=wait,
                  on_poll=reports.append)  # fmt: skip
    assert made == 2 and waited == [900.0]
    assert [(r.new_items, r.ingested) for r in reports] == [(N, N), (1, 1)]
    assert len(workspace.documents()) == N + 1
    assert all(site.hits(f"/news/{i}") == 1 for i in range(N + 1))  # nothing fetched (or ingested) twice


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_watch_after_the_poll_under_way(workspace: Workspace, site: Served, signum: int) -> None:
    before = signal.getsignal(signum)
    sent: list[int] = []

    def add(paths: list[Path]) -> IngestReport:
        if not sent:  # the signal arrives in the middle of the poll
            sent.append(signum)
            os.kill(os.getpid(), signum)
        return ingest_paths(workspace, paths)

    def poll_once() -> PollReport:
        return poll([site.url("/feed")], state=FeedStore(workspace), fetcher=Fetcher(host_delay=0.0), add=add,
                    spool=workspace.root / "feeds", batch=2)  # fmt: skip

    def wait(seconds: float) -> bool:
        raise AssertionError("a stopped watch does not wait for the next poll")

    with stop_on_signals(threading.Event()) as stop:
        made = follow(poll_once, every=60.0, stop=stop, wait=wait)
    assert made == 1 and sent == [signum] and stop.is_set()
    assert len(workspace.documents()) == N  # the poll under way was finished: every batch ingested and recorded
    assert FeedStore(workspace).counts() == {"ingested": N}
    assert signal.getsignal(signum) == before  # the handlers are given back
