"""Shared fixtures: temporary workspaces, the example corpus, and ../shared (skipped cleanly when absent)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.extract.run import extract_workspace
from detente.model import ConflictSystem
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system

pytest_plugins = ["browser_support", "postgres_support"]  # Chromium and page fixtures; a throwaway PostgreSQL server

# wide, plain terminal output for the CLI tests, set before any Rich console is made
os.environ["COLUMNS"] = "200"
os.environ["NO_COLOR"] = "1"

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "syria-2016"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws") as ws:
        yield ws


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def answers() -> dict[str, Any]:
    return json.loads((EXAMPLE / "answers.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def example_system(tmp_path_factory: pytest.TempPathFactory) -> ConflictSystem:
    """The example corpus ingested and extracted once per test process (read-only for the tests)."""
    with Workspace.open(tmp_path_factory.mktemp("example-ws")) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        assert extract_workspace(ws) == 16
        assert extract_workspace(ws) == 0  # nothing left to do: re-running is idempotent
        return conflict_system(ws)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present beside the project (only in the developers' checkout)")
    return SHARED


HOSTILE_ARTICLE = """Moscow Condemns Strike <script>window.__pwned = "title"</script>

DAMASCUS, Sept. 19, 2016 - Russia accused the United States of bombing Syrian troops near Deir ez-Zor \
<img src=x onerror="window.__pwned = 'img'"> on Saturday. Turkey and Russia agreed to coordinate aid convoys to \
Aleppo <script>window.__pwned = "body"</script> after talks in Moscow.
"""


@pytest.fixture(scope="session")
def small_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three example articles and one article carrying script and onerror payloads, ingested and extracted."""
    root = tmp_path_factory.mktemp("small-ws")
    hostile = root / "inputs" / "hostile.txt"
    hostile.parent.mkdir()
    hostile.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    articles = EXAMPLE / "articles"
    with Workspace.open(root / "ws") as ws:
        inputs = [articles / "06-deir-ez-zor-and-the-convoy.txt", articles / "08-us-suspends-talks.txt",
                  articles / "14-where-the-powers-stand.txt", hostile]  # fmt: skip
        report = ingest_paths(ws, inputs)
        assert report.ingested == 4, report.rejected
        extract_workspace(ws)
    return root / "ws"
