"""Fixtures of the browser tests: Playwright driving Debian's Chromium (installed with apt when missing),
launched headless with the flags that keep it off the network. Screenshots go to ``test-artifacts/browser/``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from debian_packages import ensure_packages

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "browser"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--no-pings"]  # fmt: skip


def ensure_chromium() -> Path:
    """Debian's chromium package (installed once when missing)."""
    ensure_packages(CHROMIUM.exists, "chromium", "fonts-dejavu-core")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    executable = ensure_chromium()
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(executable), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.errors = []  # uncaught script errors and console errors, checked by the tests
    page.on("pageerror", lambda err: page.errors.append(str(err)))
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()


def _screenshot(page: Any, name: str, selector: str | None = None) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    (page.locator(selector) if selector else page).screenshot(path=str(path))
    return path


@pytest.fixture
def screenshot() -> Any:
    """Save a screenshot of the page (or of one element) as a test artifact."""
    return _screenshot


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start a dashboard (uvicorn in a thread) on a free loopback port; returns its address."""
    import uvicorn

    servers: list[Any] = []

    def start(app: Any) -> str:
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the dashboard did not start")
            time.sleep(0.05)
        servers.append((server, thread))
        return f"http://127.0.0.1:{port}/"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
