"""The spaCy model is a workspace setting: kept once chosen, part of the extraction's version, checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import ExtractionError
from detente.extract.pipeline import DEFAULT_MODEL
from detente.extract.run import extract_workspace, pipeline_version, workspace_model
from detente.store import Workspace, get_setting
from detente.store.articles import ingest_paths


def test_the_model_is_kept_with_the_workspace(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        assert workspace_model(ws) == DEFAULT_MODEL and get_setting(ws, "spacy_model") is None
        assert workspace_model(ws, "en_core_web_md") == "en_core_web_md"
        assert workspace_model(ws) == "en_core_web_md"  # kept for later runs
    with Workspace.open(tmp_path / "ws") as ws:
        assert get_setting(ws, "spacy_model") == "en_core_web_md"


def test_another_model_is_another_extraction() -> None:
    assert pipeline_version(()) != pipeline_version((), "en_core_web_md")
    assert "en_core_web_md" in pipeline_version((), "en_core_web_md")
    assert pipeline_version((), DEFAULT_MODEL) == pipeline_version(())


def test_a_model_that_is_not_installed_is_a_clear_error(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russia and Turkey agreed on a truce in Idlib on Friday.\n", encoding="utf-8")
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [article])
        with pytest.raises(ExtractionError, match="not installed"):
            extract_workspace(ws, model="xx_no_such_model")
