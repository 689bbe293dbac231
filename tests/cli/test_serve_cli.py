"""``detente serve`` refuses what it cannot serve before it starts, in one line."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, detente


def test_without_the_web_extra_serve_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a))
    assert_one_line_error(detente("serve", "-w", str(tmp_path)), "uvicorn", "pip install 'detente[web]'")


def test_serve_checks_the_scenario_and_the_workspace(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn", reason="the web extra is not installed")
    assert_one_line_error(detente("serve", "-w", str(tmp_path), "-s", str(tmp_path / "none.yaml")), "none.yaml")
    run = detente("serve", "-w", str(tmp_path / "nowhere"))
    assert run.code == 2 and "no workspace here" in run.err
