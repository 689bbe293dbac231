"""Kill an ingest mid-batch with SIGKILL, run it again, and check nothing is lost or duplicated."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N_FILES = 1200


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_and_rerun(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(N_FILES):
        (corpus / f"{i:05d}.html").write_text(
            f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
            f"<p>Report number {i}: talks between the delegations went on in Geneva for a day {i}.</p>"
            f"<p>Officials said the convoy {i} reached the besieged district.</p></article></body></html>",
            encoding="utf-8",
        )
    ws = tmp_path / "ws"
    command = [sys.executable, "-m", "detente.cli.main", "ingest", str(corpus), "--workspace", str(ws)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(ws / "detente.sqlite") < 100 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = _count(ws / "detente.sqlite")
    assert 0 < partial < N_FILES, "the kill must land mid-batch for this test to mean anything"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    with sqlite3.connect(ws / "detente.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == N_FILES
        assert conn.execute("SELECT COUNT(DISTINCT path) FROM documents").fetchone()[0] == N_FILES
        assert conn.execute("SELECT COUNT(*) FROM document_sources").fetchone()[0] == N_FILES
        ingested, duplicate = conn.execute(
            "SELECT ingested, duplicate FROM ingest_runs WHERE finished_at IS NOT NULL"
        ).fetchone()
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (ingested, duplicate) == (N_FILES - partial, partial)
