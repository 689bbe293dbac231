"""A throwaway PostgreSQL server for the storage tests, from Debian's packages (installed when missing).

One server per test process, on a free loopback port, with its data in a new temporary folder and trust
authentication for one user; each test asks for a new empty database. As root, the server runs as the ``postgres``
user that the Debian package makes (PostgreSQL refuses to run as root). The ``backend`` fixture runs a test once
with each workspace backend: ``Workspace.open(root, database=backend.url())``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from debian_packages import ensure_packages

USER = "detente"


def _bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    folder: Path
    port: int = 0
    as_user: list[str] = field(default_factory=list)

    def run(self, *command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *command], capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.folder / "data"
        result = self.run(str(self.bin_dir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8",
                          "--no-locale", "--no-sync")  # fmt: skip
        if result.returncode != 0:
            pytest.skip(f"initdb failed: {result.stderr.strip()[-400:]}")
        for _attempt in range(3):  # another process may take the free port first
            self.port = _free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off"
            result = self.run(str(self.bin_dir / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "server.log"),
                              "-o", options, "-w", "-t", "60", "start")  # fmt: skip
            if result.returncode == 0:
                return
        log = (self.folder / "server.log").read_text(errors="replace")[-600:]
        pytest.skip(f"PostgreSQL did not start: {result.stderr.strip()[-300:]} {log}")

    def stop(self) -> None:
        self.run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database on the server; returns its URL."""
        import psycopg

        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'detente[postgresql]')")
    ensure_packages(lambda: _bin_dir() is not None, "postgresql")
    bin_dir = _bin_dir()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="detente-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server as")
        os.chown(folder, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    server = PostgresServer(bin_dir, folder, as_user=as_user)
    server.start()
    yield server
    server.stop()


@dataclass
class Backend:
    """One of the two workspace backends, for tests that run on both."""

    name: str
    server: PostgresServer | None = None

    def url(self) -> str | None:
        """A database for a new workspace: a new PostgreSQL database, or None for the embedded SQLite file."""
        return self.server.new_database() if self.server is not None else None


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "sqlite":
        return Backend("sqlite")
    return Backend("postgresql", request.getfixturevalue("postgres_server"))
