"""Extraction on Dask: same results as in process, Parquet partitions beside the index, and resume after SIGKILL."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.extract.distributed import extract_distributed
from detente.extract.run import extract_workspace
from detente.store import Workspace, load_mentions
from detente.store.articles import ingest_paths
from detente.store.parquet import folder, read_table, referenced
from postgres_support import Backend

ACTORS = ["Russia", "the United States", "Turkey", "Iran", "the Syrian government", "the opposition", "the UN"]
PLACES = ["Aleppo", "Idlib", "Homs", "Hama", "Raqqa", "Palmyra", "Daraa"]
VERBS = ["met", "accused", "struck", "urged", "supported", "rejected", "warned"]


def corpus(root: Path, n: int) -> Path:
    rng = random.Random(5)
    root.mkdir()
    for i in range(n):
        sentences = []
        for j in range(4):
            a, b = rng.sample(ACTORS, 2)
            sentences.append(f"{a.capitalize()} {rng.choice(VERBS)} {b} near {rng.choice(PLACES)} on day {j}.")
        (root / f"{i:04d}.txt").write_text(f"Report {i}\n\n" + " ".join(sentences) + "\n", encoding="utf-8")
    return root


def make_workspace(tmp_path: Path, n: int, database: str | None = None) -> Path:
    with Workspace.open(tmp_path / "ws", database=database) as ws:
        assert ingest_paths(ws, [corpus(tmp_path / "corpus", n)]).ingested == n
    return tmp_path / "ws"


def mention_counts(workspace: Path) -> dict[str, int]:
    with Workspace.open(workspace, create=False) as ws:
        counts: dict[str, int] = {}
        for document, _ in load_mentions(ws):
            counts[document] = counts.get(document, 0) + 1
        return counts


@pytest.mark.slow
def test_dask_matches_in_process_and_writes_parquet(tmp_path: Path, backend: Backend) -> None:
    workspace = make_workspace(tmp_path / "a", 24, backend.url())
    with Workspace.open(workspace, create=False) as ws:
        stats: dict[str, object] = {}
        assert extract_distributed(ws, workers=2, partition_size=5, stats=stats) == 24
        assert extract_distributed(ws, workers=1) == 0  # nothing left: the checkpoint holds
        parts = referenced(ws)
        assert len(parts) == 5
        mentions = read_table(ws, "mentions")
        events = read_table(ws, "events")
        files = {p.name for p in folder(ws, "mentions").iterdir()}
    assert files == {f"part-{p}.parquet" for p in parts}
    assert len(stats["peak_rss_mb"]) == 2 and all(50 < m < 4000 for m in stats["peak_rss_mb"])  # type: ignore[union-attr, arg-type]
    other = make_workspace(tmp_path / "b", 24)
    with Workspace.open(other, create=False) as ws:
        extract_workspace(ws)
    expected = mention_counts(other)
    assert mention_counts(workspace) == expected  # the same results whichever path ran
    assert mentions.groupby("document").size().to_dict() == expected  # and the Parquet holds the same rows
    assert not events.empty and set(events["document"]) <= set(expected)


@pytest.mark.slow
def test_resume_after_sigkill_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    total = 160
    workspace = make_workspace(tmp_path, total)
    command = [sys.executable, "-m", "detente.cli.main", "extract", "-w", str(workspace), "--workers", "2",
               "--partition-size", "4"]  # fmt: skip
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    database = workspace / "detente.sqlite"
    done_at_kill = 0
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and process.poll() is None:
        with sqlite3.connect(database, timeout=30) as conn:
            done_at_kill = conn.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
        if done_at_kill >= 8:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the driver and its Dask workers, mid-run
    process.wait()
    assert 0 < done_at_kill < total, "the run was killed part-way through"

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    with Workspace.open(workspace, create=False) as ws:
        rows = ws.connection.execute("SELECT COUNT(*), COUNT(DISTINCT document_id) FROM extractions").fetchone()
        assert tuple(rows) == (total, total)
        assert ws.connection.execute("SELECT COUNT(*) FROM extractions WHERE part IS NULL").fetchone()[0] == 0
        mentions = read_table(ws, "mentions")
        files = {p.name for p in folder(ws, "mentions").iterdir()}
        parts = referenced(ws)
    assert files == {f"part-{p}.parquet" for p in parts}, "no partition left over from the killed run"
    assert mentions["document"].nunique() == total
    assert not mentions.duplicated(["document", "kind", "start", "end"]).any()
    assert mentions.groupby("document").size().to_dict() == mention_counts(workspace)
