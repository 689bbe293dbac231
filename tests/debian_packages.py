"""Debian packages the tests need (Chromium, PostgreSQL), installed with apt-get when missing, once per machine.

Several test workers may ask at once, so installing happens under a file lock. Where nothing can be installed (no
apt-get, or neither root nor sudo) the asking test is skipped with the reason."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Callable

import pytest


def _apt(*args: str) -> subprocess.CompletedProcess[str]:
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    return subprocess.run([*prefix, "apt-get", *args], capture_output=True, text=True, env=env, timeout=900)


def ensure_packages(present: Callable[[], bool], *packages: str) -> None:
    """Install ``packages`` unless ``present()`` says they are there already; skip the test if that fails."""
    if present():
        return
    if shutil.which("apt-get") is None or (os.geteuid() != 0 and shutil.which("sudo") is None):
        pytest.skip(f"{' '.join(packages)} not installed and cannot be: no apt-get, or not root and no sudo")
    with open("/tmp/detente-apt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if present():
            return
        command = ("install", "-y", "-q", "--no-install-recommends", *packages)
        result = _apt(*command)
        if result.returncode != 0:
            _apt("update", "-q")
            result = _apt(*command)
        if result.returncode != 0 or not present():
            pytest.skip(f"apt-get could not install {' '.join(packages)}: {result.stderr.strip()[-400:]}")
