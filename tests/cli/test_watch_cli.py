"""`detente watch` on a local server: one poll ingests and extracts the feed's items, a second adds nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import assert_one_line_error, detente

from detente.store import Workspace, extracted_documents
from feed_support import HTML, XML, Route, Served, page, rss, serve

N = 3


@pytest.fixture
def site() -> Iterator[Served]:
    routes = {f"/news/{i}": Route(page(f"Talks day {i}", f"Envoys met in Geneva on day {i} to discuss a ceasefire."),
                                  headers=HTML) for i in range(N)}  # fmt: skip
    with serve(routes) as served:
        routes["/feed"] = Route(rss([(f"item-{i}", served.url(f"/news/{i}"), f"Talks day {i}") for i in range(N)]),
                                headers=XML)  # fmt: skip
        yield served


def test_watch_command_ingests_and_extracts_once(tmp_path: Path, site: Served) -> None:
    ws = tmp_path / "ws"
    run_ = detente("watch", site.url("/feed"), "-w", str(ws), "--once", "--delay", "0")
    assert run_.code == 0, run_.err
    assert f"1 feeds (0 unchanged), {N} new items: {N} ingested" in run_.out
    with Workspace.open(ws) as workspace:
        assert len(workspace.documents()) == N
        assert len(extracted_documents(workspace)) == N
    again = detente("watch", site.url("/feed"), "-w", str(ws), "--once", "--delay", "0")
    assert "1 feeds (0 unchanged), 0 new items: 0 ingested" in again.out


def test_watch_command_refuses_a_bad_interval(tmp_path: Path) -> None:
    assert_one_line_error(detente("watch", "feeds.txt", "-w", str(tmp_path / "ws"), "--every", "soon"), "--every")
    assert_one_line_error(detente("watch", "feeds.txt", "-w", str(tmp_path / "ws"), "--once", "--polls", "3"),
                          "--once", "--polls")  # fmt: skip
    assert not (tmp_path / "ws").exists()


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("2h", 7200), ("1d", 86400), ("45", 45),
                                               ("1.5m", 90)])  # fmt: skip
def test_intervals(text: str, seconds: float) -> None:
    from detente.cli.watch import parse_interval

    assert parse_interval(text) == seconds


def test_refused_scheme_is_named_and_fails_the_poll(tmp_path: Path) -> None:
    run = detente("watch", "file:///etc/passwd", "-w", str(tmp_path / "ws"), "--once")
    assert run.code == 1
    assert "refused scheme 'file'" in run.err


def test_watch_every_polls_again_and_takes_only_the_new_item(tmp_path: Path, site: Served) -> None:
    first = site.routes["/feed"]
    site.routes[f"/news/{N}"] = Route(page("Talks resume", "Envoys met again in Geneva to discuss a ceasefire."),
                                      headers=HTML)  # fmt: skip
    grown = rss([(f"item-{i}", site.url(f"/news/{i}"), f"Talks day {i}") for i in range(N + 1)])

    def feed(handler: Any) -> None:  # the second poll finds one item more
        body = first.body if site.hits("/feed") == 1 else grown
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    site.routes["/feed"] = Route(writer=feed)
    ws = tmp_path / "ws"
    run_ = detente("watch", site.url("/feed"), "-w", str(ws), "--every", "0.05s", "--polls", "2", "--delay", "0")
    assert run_.code == 0, run_.err
    lines = [line for line in run_.out.splitlines() if "feeds (" in line]
    assert len(lines) == 2
    assert f"{N} new items: {N} ingested" in lines[0] and "1 new items: 1 ingested" in lines[1]
    assert all(site.hits(f"/news/{i}") == 1 for i in range(N + 1))
    with Workspace.open(ws) as workspace:
        assert len(workspace.documents()) == N + 1


def test_sigterm_ends_a_waiting_watch_at_once(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    src = str(Path(__file__).resolve().parents[2] / "src")  # this checkout's code, whatever is installed
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p)}
    command = [sys.executable, "-m", "detente", "watch", str(tmp_path / "inbox"), "-w", str(tmp_path / "ws"),
               "--every", "1h"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the first poll is done: the watch now waits an hour
        assert "feeds (" in first, first + (proc.stderr.read() if proc.stderr else "")
        started = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=30)
    assert code == 0 and time.monotonic() - started < 30
