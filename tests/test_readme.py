"""Every command the README shows, run as a user would (so that the quick start can never break again).

The README's ```sh blocks are read line by line. ``.venv/bin/detente`` becomes this interpreter's ``-m detente``;
``my-articles/`` the example corpus; ``ktab-scenario.csv`` a KTAB scenario of the test suite; the workspace and
every output land in a temporary folder (the commands run there). ``serve`` is started on a free port, asked for
its first page once and stopped. ``make`` lines are checked with ``make -n`` (``make test`` would run this suite
again).
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_ARTICLES = ROOT / "examples" / "syria-2016" / "articles"
KTAB_CSV = ROOT / "tests" / "bargain" / "golden" / "smp-8x2.csv"
ASSIGNMENT = re.compile(r"^([A-Z_][A-Z0-9_]*)=(\S+)")


def readme_lines() -> list[str]:
    """The command lines of the README's ```sh blocks, comments dropped, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command and not command.startswith("#"):
                lines.append(command)
    return lines


def localise(line: str) -> str:
    python = shlex.quote(sys.executable)
    line = line.replace(".venv/bin/detente", f"{python} -m detente")
    line = line.replace("my-articles/", shlex.quote(str(EXAMPLE_ARTICLES)) + "/")
    return line.replace("ktab-scenario.csv", shlex.quote(str(KTAB_CSV)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_first_page(server: subprocess.Popen[bytes], port: int, timeout: float = 90.0) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"serve stopped with exit {server.returncode}: {server.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                assert response.status == 200
                return bytes(response.read())
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"serve did not answer on port {port} within {timeout:.0f} s")


def serve_once(line: str, cwd: Path, env: dict[str, str]) -> None:
    port = free_port()
    server = subprocess.Popen(["bash", "-c", f"exec {line} --port {port}"], cwd=cwd, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        page = get_first_page(server, port)
        assert b"<html" in page.lower()
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_readme_shows_the_main_commands() -> None:
    shown = " ".join(readme_lines())
    for command in ("ingest", "extract", "actors", "export", "scenario draft", "forecast", "report", "serve"):
        assert f"detente {command}" in shown


def test_make_demo_installs_the_dashboard() -> None:
    if subprocess.run(["make", "--version"], capture_output=True, check=False).returncode != 0:
        pytest.skip("make is not installed")
    for line in (line for line in readme_lines() if line.startswith("make ")):
        target = line.split()[1]
        # -n: print the recipes without running them; -B: as on a fresh clone, every target out of date
        dry = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, check=False)
        assert dry.returncode == 0, dry.stderr
        if target == "demo":
            assert "-e '.[web]'" in dry.stdout, "make demo must install the web extra that `detente serve` needs"


@pytest.mark.slow
def test_every_readme_command_runs(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    ran = []
    for line in readme_lines():
        if line.startswith("make "):
            continue  # checked by test_make_demo_installs_the_dashboard
        assignment = ASSIGNMENT.match(line)
        if assignment:
            env[assignment.group(1)] = str(ROOT / assignment.group(2))
            continue
        command = localise(line)
        if " serve " in command:
            pytest.importorskip("uvicorn", reason="the web extra is not installed")
            serve_once(command, tmp_path, env)
        else:
            done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                                  check=False, timeout=600)  # fmt: skip
            assert done.returncode == 0, f"{line}\nexit {done.returncode}\n{done.stderr[-2000:]}"
        ran.append(line)
    assert len(ran) >= 10
    assert (tmp_path / "conflict.json").is_file() and (tmp_path / "scenario.yaml").is_file()
    assert (tmp_path / "report.html").stat().st_size > 100_000 and (tmp_path / "report-charts").is_dir()
