"""One poll of the sources a watch follows: feeds (RSS, Atom), URL list files (one article URL a line) and folders.

A feed is fetched conditionally; its new items' pages are fetched, written to the workspace's spool folder (one JSONL
record each: the markup with the feed's title, date and the page's URL, so the document keeps where it came from)
and handed to ``add`` (ingest and extract: :func:`detente.pipeline.add_articles`) a batch at a time. Each item's
state is recorded after its batch is added, and a feed's validators only once all its items are done, so a watch
killed at any point and started again fetches again only what was not recorded, and the store's content hashes
keep a page fetched twice from becoming two documents. The state is kept by a :class:`FeedState` (the workspace's
feed tables, :class:`detente.store.feeds.FeedStore`).

:func:`follow` polls again and again, ``every`` seconds, until a number of polls or a stop; :func:`stop_on_signals`
turns Ctrl-C and SIGTERM into that stop, so a watch ends after the poll under way, with everything recorded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from detente.errors import IngestError
from detente.ingest.batch import IngestReport
from detente.ingest.decode import decode_text
from detente.ingest.feeds import FeedItem, parse_feed
from detente.ingest.fetch import FEED_TYPES, PAGE_TYPES, Fetcher

log = logging.getLogger(__name__)
Add = Callable[[list[Path]], IngestReport]
BATCH = 20


class FeedState(Protocol):
    """Where a watch keeps what it has done (see :class:`detente.store.feeds.FeedStore`)."""

    def validators(self, feed: str) -> tuple[str | None, str | None]: ...
    def checked(self, feed: str, *, etag: str | None, last_modified: str | None, error: str | None = None) -> None: ...
    def pending(self, keys: Sequence[str]) -> set[str]: ...
    def record(self, items: Iterable[tuple[str, str, str, str, str | None]]) -> None: ...


@dataclass
class PollReport:
    """What one poll did: feeds fetched (and unchanged), items new, pages ingested or rejected, errors by source."""

    feeds: int = 0
    unchanged: int = 0
    new_items: int = 0
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def is_url(source: str) -> bool:
    """A source with a scheme (``https://...``, ``file:...``) is a URL; anything else a path."""
    scheme = urlsplit(source).scheme
    return (len(scheme) > 1 and "://" in source) or source.lower().startswith(("file:", "data:", "ftp:", "mailto:"))


def poll(sources: Sequence[str], *, state: FeedState, fetcher: Fetcher, add: Add, spool: Path,
         batch: int = BATCH) -> PollReport:  # fmt: skip
    """Poll every source once (see the module docstring); an error in one source is reported, the others go on."""
    report = PollReport()
    for source in sources:
        try:
            if is_url(source):
                _poll_feed(source, state, fetcher, add, spool, batch, report)
            elif Path(source).is_dir():
                _count(add([Path(source)]), report)
            elif Path(source).is_file():
                _poll_list(source, state, fetcher, add, spool, batch, report)
            else:
                raise IngestError("no such file, folder or URL", where=source,
                                  fix="give a feed URL (http or https), a URL list file or a folder")  # fmt: skip
        except IngestError as err:
            report.errors.append(str(err))
            log.warning("%s", err)
    return report


def _poll_feed(url: str, state: FeedState, fetcher: Fetcher, add: Add, spool: Path, batch: int,
               report: PollReport) -> None:  # fmt: skip
    etag, modified = state.validators(url)
    try:
        fetched = fetcher.fetch(url, accept=FEED_TYPES, etag=etag, last_modified=modified)
        report.feeds += 1
        if fetched.not_modified:
            report.unchanged += 1
            state.checked(url, etag=fetched.etag, last_modified=fetched.last_modified)
            return
        items = parse_feed(fetched.content, fetched.url)
    except IngestError as err:
        state.checked(url, etag=None, last_modified=None, error=str(err))
        raise
    _fetch_items(url, items, state, fetcher, add, spool, batch, report)
    # the validators last: a watch killed before this point reads the whole feed again next time
    state.checked(url, etag=fetched.etag, last_modified=fetched.last_modified)


def _poll_list(path: str, state: FeedState, fetcher: Fetcher, add: Add, spool: Path, batch: int,
               report: PollReport) -> None:  # fmt: skip
    lines = Path(path).read_text(encoding="utf-8", errors="replace").splitlines()
    urls = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    _fetch_items(path, [FeedItem(key=u, link=u) for u in dict.fromkeys(urls)], state, fetcher, add, spool, batch,
                 report)  # fmt: skip


def _fetch_items(feed: str, items: list[FeedItem], state: FeedState, fetcher: Fetcher, add: Add, spool: Path,
                 batch: int, report: PollReport) -> None:  # fmt: skip
    todo = state.pending([i.key for i in items])
    fresh = [i for i in items if i.key in todo]
    report.new_items += len(fresh)
    for start in range(0, len(fresh), batch):
        done: list[tuple[str, str, str, str, str | None]] = []
        files: dict[Path, FeedItem] = {}
        for item in fresh[start : start + batch]:
            try:
                files[_spool(item, fetcher, spool)] = item
            except IngestError as err:
                report.failed += 1
                done.append((item.key, feed, item.link, "failed", str(err)))
        if files:
            ingest = add(list(files))
            _count(ingest, report)
            reasons = {o.path: o.reason for o in ingest.rejected}
            for path, item in files.items():
                reason = reasons.get(str(path))
                done.append((item.key, feed, item.link, "rejected" if reason else "ingested", reason))
        state.record(done)


def _spool(item: FeedItem, fetcher: Fetcher, spool: Path) -> Path:
    """Fetch the item's page and write it as one JSONL record; returns the file."""
    page = fetcher.fetch(item.link, accept=PAGE_TYPES)
    html = decode_text(page.content, where=page.url)
    record = {"url": page.url, "title": item.title, "published": item.published,
              "source": urlsplit(page.url).hostname, "html": html}  # fmt: skip
    spool.mkdir(parents=True, exist_ok=True)
    path = spool / f"{hashlib.sha256(item.key.encode()).hexdigest()[:24]}.jsonl"
    partial = path.with_suffix(".part")
    partial.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
    return path


def follow(poll_once: Callable[[], PollReport], *, every: float, polls: int | None = None,
           stop: threading.Event | None = None, wait: Callable[[float], bool] | None = None,
           on_poll: Callable[[PollReport], None] | None = None) -> int:  # fmt: skip
    """Poll, wait ``every`` seconds, poll again ... until ``polls`` polls are made (None: for ever) or ``stop`` is
    set; a poll under way is always finished. ``wait(seconds)`` waits and returns True when told to stop (default:
    ``stop.wait``, which a stop cuts short); ``on_poll`` gets each poll's report. Returns the number of polls."""
    stop = stop or threading.Event()
    wait = wait or stop.wait
    made = 0
    while True:
        report = poll_once()
        made += 1
        if on_poll is not None:
            on_poll(report)
        if stop.is_set() or (polls is not None and made >= polls) or wait(every) or stop.is_set():
            return made


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Within the block, Ctrl-C (SIGINT) and SIGTERM set ``stop`` instead of ending the process at once, so the poll
    under way finishes and is recorded; a second Ctrl-C interrupts at once (a watch resumes where it was). Outside
    the main thread, where handlers cannot be set, nothing changes."""

    def asked(signum: int, _frame: object) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        log.warning("stopping after this poll (signal %s)", signal.Signals(signum).name)
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    before = {s: signal.signal(s, asked) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


def _count(ingest: IngestReport, report: PollReport) -> None:
    report.ingested += ingest.ingested
    report.duplicates += ingest.duplicates
    report.rejected += len(ingest.rejected)
