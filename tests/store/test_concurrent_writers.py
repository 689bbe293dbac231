"""Two processes writing one workspace at once lose nothing and duplicate nothing, on both backends; and the
conflict system built on PostgreSQL is the one built on SQLite."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from detente.extract.run import extract_workspace
from detente.model import ConflictSystem
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system
from postgres_support import Backend, PostgresServer

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"
CLI = [sys.executable, "-m", "detente.cli.main"]

pytestmark = pytest.mark.slow


def _corpus(folder: Path, prefix: str, numbers: range) -> Path:
    folder.mkdir(parents=True)
    for i in numbers:
        (folder / f"{prefix}-{i:05d}.txt").write_text(
            f"Report {i}\n\nOn 12 September 2016 monitors in Aleppo counted {i} trucks waiting at the Castello road "
            f"checkpoint, observer team {i % 7} said.\n",
            encoding="utf-8",
        )
    return folder


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


# The CLI, with one pause added: once its ingest run is recorded (open), it waits for the gate file to appear. The
# test opens the gate only when it sees both runs open, so the runs overlap by construction, however loaded the
# machine (one process could otherwise start only after the other had finished), and then both write at once.
GATED_CLI = """
import sys, time
from pathlib import Path
from detente.store.workspace import Workspace
gate = Path(sys.argv.pop(1))
start_run = Workspace.start_run
def gated_start_run(self):
    run_id = start_run(self)
    deadline = time.monotonic() + 600
    while not gate.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return run_id
Workspace.start_run = gated_start_run
from detente.cli.main import app
sys.argv[0] = "detente"
app()
"""


def _start_gated(gate: Path, *args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", GATED_CLI, str(gate), *args]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _count(workspace: Workspace, sql: str) -> int:
    return int(workspace.connection.execute(sql).fetchone()[0])


def test_two_ingests_at_once(tmp_path: Path, backend: Backend) -> None:
    first = _corpus(tmp_path / "first", "a", range(0, 1500))
    second = _corpus(tmp_path / "second", "b", range(750, 2250))  # 750 articles in both
    root = tmp_path / "ws"
    url = backend.url()
    Workspace.open(root, database=url).close()  # made (and migrated) before the race
    database = ["--db", url] if url else []
    gate = tmp_path / "gate"
    processes = [
        _start_gated(gate, "ingest", str(first), "-w", str(root), *database),  # --db again: the same database is ok
        _start_gated(gate, "ingest", str(second), "-w", str(root)),  # the directory says where the database is
    ]
    with Workspace.open(root) as watcher:
        open_runs, deadline = 0, time.monotonic() + 600
        try:
            while open_runs < 2 and all(p.poll() is None for p in processes) and time.monotonic() < deadline:
                open_runs = _count(watcher, "SELECT COUNT(*) FROM ingest_runs WHERE finished_at IS NULL")
                time.sleep(0.02)
        finally:
            gate.touch()  # both runs are open and waiting (or the test failed): let them write at once
        outputs = [p.communicate(timeout=600)[0] for p in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
        assert open_runs == 2, "the two ingest runs never overlapped: the test proved nothing"
        spans = watcher.connection.execute("SELECT started_at, finished_at FROM ingest_runs").fetchall()
        assert max(start for start, _ in spans) <= min(end for _, end in spans), f"the runs did not overlap: {spans}"
        assert watcher.count_documents() == 2250
        assert _count(watcher, "SELECT COUNT(*) FROM document_sources") == 3000  # every input accounted for
        runs = watcher.connection.execute("SELECT ingested, duplicate, rejected FROM ingest_runs").fetchall()
        assert sorted(r[0] + r[1] for r in runs) == [1500, 1500]
        assert sum(r[0] for r in runs) == 2250  # each article ingested once, whichever run came first
        assert sum(r[1] for r in runs) == 750
        assert all(r[2] == 0 for r in runs)


def test_two_extractions_at_once(tmp_path: Path, backend: Backend) -> None:
    root = tmp_path / "ws"
    with Workspace.open(root, database=backend.url()) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
    processes = [_start("extract", "-w", str(root)) for _ in range(2)]
    outputs = [p.communicate(timeout=600)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    counts = [int(out.rsplit("extracted ", 1)[1].split()[0]) for out in outputs]
    tables = ("mentions", "events", "stated_relations", "extractions")
    with Workspace.open(root) as ws:
        assert _count(ws, "SELECT COUNT(*) FROM extractions") == 16
        raced = {table: _count(ws, f"SELECT COUNT(*) FROM {table}") for table in tables}
        extract_workspace(ws, force=True)  # the same documents again, by one writer alone
        alone = {table: _count(ws, f"SELECT COUNT(*) FROM {table}") for table in tables}
    assert raced == alone, f"the concurrent runs left different rows (extracted {counts})"
    assert min(counts) > 0, f"one run found nothing to do, so the runs did not overlap ({counts})"


def _comparable(system: ConflictSystem) -> dict[str, object]:
    return {key: value for key, value in system.to_json().items() if key not in {"generated", "workspace"}}


def test_postgresql_builds_the_same_system(
    tmp_path: Path, postgres_server: PostgresServer, example_system: ConflictSystem
) -> None:
    with Workspace.open(tmp_path / "ws", database=postgres_server.new_database()) as ws:
        ingest_paths(ws, [EXAMPLE / "articles"])
        assert extract_workspace(ws) == 16
        system = conflict_system(ws)
    assert _comparable(system) == _comparable(example_system)
