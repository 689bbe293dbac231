"""Fixtures of the system tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.store import Workspace


@pytest.fixture
def ws(small_workspace: Path, tmp_path: Path) -> Iterator[Workspace]:
    """A copy of the small extracted workspace, for a test that corrects it."""
    shutil.copytree(small_workspace, tmp_path / "ws")
    with Workspace.open(tmp_path / "ws", create=False) as workspace:
        yield workspace
