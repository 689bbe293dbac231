"""``detente alerts check`` and ``detente alerts list``: a matching event alerts once, the webhook on a local server
receives the JSON, an unreachable webhook is reported and not fatal, bad rules are one-line errors."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_support import assert_one_line_error, detente


@pytest.fixture
def hook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A webhook on 127.0.0.1 that keeps the JSON bodies posted to it."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def _event(ws: str) -> dict[str, Any]:
    events = json.loads(detente("events", "-w", ws, "--json").out)
    return next(e for e in events if e["source"] and e["target"])  # type: ignore[no-any-return]


def test_a_matching_event_alerts_once_and_reaches_the_webhook(
    small_workspace: Path, tmp_path: Path, hook: tuple[str, list[dict[str, Any]]]
) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    event = _event(ws)
    rules = tmp_path / "rules.yaml"
    rules.write_text(f"rules:\n  - name: watched\n    actors: [{event['target'][0]}, {event['source'][0]}]\n"
                     f"    types: [{event['type']}]\n", encoding="utf-8")  # fmt: skip
    url, received = hook
    first = detente("alerts", "check", "-w", ws, "--rules", str(rules), "--webhook", url)
    assert first.code == 0, first.err
    assert "[watched]" in first.out and event["type"] in first.out
    listed = json.loads(detente("alerts", "list", "-w", ws, "--json").out)
    assert listed and all(a["rule"] == "watched" for a in listed)
    assert f"{len(listed)} new alerts" in first.out
    assert sorted(r["item"] for r in received) == sorted(a["item"] for a in listed)
    assert all(r["sentence"] and r["document"] for r in received)

    again = detente("alerts", "check", "-w", ws, "--rules", str(rules), "--webhook", url)
    assert again.code == 0 and "0 new alerts" in again.out
    assert len(json.loads(detente("alerts", "list", "-w", ws, "--json").out)) == len(listed)
    assert len(received) == len(listed)
    csv = detente("alerts", "list", "-w", ws, "--csv").out
    assert csv.splitlines()[0].startswith("id,rule,what")


def test_an_unreachable_webhook_is_reported_not_fatal(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    (Path(ws) / "alerts.yaml").write_text("rules:\n  - name: actors\n    new_actor_mentions: 0\n", encoding="utf-8")
    run = detente("alerts", "check", "-w", ws, "--webhook", "http://127.0.0.1:9/none")  # the rules in the workspace
    assert run.code == 0 and "[actors]" in run.out
    assert "not delivered" in run.err


def test_bad_rules_are_one_line_errors(small_workspace: Path, tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    shutil.copytree(small_workspace, ws)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: hot\n    score_at_most: high\n", encoding="utf-8")
    assert_one_line_error(detente("alerts", "check", "-w", ws, "--rules", str(rules)), "rule hot", "score_at_most")
    assert_one_line_error(detente("alerts", "check", "-w", ws), "alerts.yaml", "--rules")


def test_watch_checks_the_rules_after_each_poll(tmp_path: Path) -> None:
    from feed_support import HTML, XML, Route, page, rss, serve

    routes = {"/news/0": Route(page("Talks", "Russian and Turkish envoys met in Geneva to discuss a ceasefire."),
                               headers=HTML)}  # fmt: skip
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - name: any\n    score_at_least: -100\n", encoding="utf-8")
    ws = str(tmp_path / "ws")
    with serve(routes) as served:
        routes["/feed"] = Route(rss([("item-0", served.url("/news/0"), "Talks")]), headers=XML)
        run = detente("watch", served.url("/feed"), "-w", ws, "--once", "--delay", "0", "--rules", str(rules))
        assert run.code == 0, run.err
        listed = json.loads(detente("alerts", "list", "-w", ws, "--json").out)
        assert listed and f"alert {listed[0]['id']} [any]" in run.out
        again = detente("watch", served.url("/feed"), "-w", ws, "--once", "--delay", "0", "--rules", str(rules))
        assert again.code == 0 and "[any]" not in again.out
