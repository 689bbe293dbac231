"""Analysts' corrections in the store, on both backends: added, listed, undone, and aliases as a KB extension."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.kb import load_kb
from detente.store import Workspace, add_correction, kb_extensions, load_corrections, undo_correction
from postgres_support import Backend


@pytest.fixture
def ws(tmp_path: Path, backend: Backend) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws", database=backend.url()) as workspace:
        yield workspace


def test_corrections_are_stored_with_who_when_why(ws: Workspace) -> None:
    first = add_correction(ws, "reject", "d:1:5:ASSAULT", None, author="ana", reason="a film review")
    second = add_correction(ws, "source", "d:9:14:AGREE", ["USA", "RUS"], author="bo")
    assert second.id > first.id
    loaded = load_corrections(ws)
    assert [(c.id, c.kind, c.subject, c.value, c.author, c.reason) for c in loaded] == [
        (first.id, "reject", "d:1:5:ASSAULT", None, "ana", "a film review"),
        (second.id, "source", "d:9:14:AGREE", ["USA", "RUS"], "bo", None),
    ]
    assert all(c.made_at.startswith("20") and c.active for c in loaded)


def test_undo_keeps_the_history(ws: Workspace) -> None:
    kept = add_correction(ws, "merge", "KIRBY", "USA", author="ana")
    undone = add_correction(ws, "type", "d:1:5:ASSAULT", "ACCUSE", author="ana")
    after = undo_correction(ws, undone.id, author="bo")
    assert not after.active and after.undone_by == "bo"
    assert [c.id for c in load_corrections(ws)] == [kept.id]
    assert [(c.id, c.active) for c in load_corrections(ws, include_undone=True)] == [
        (kept.id, True),
        (undone.id, False),
    ]
    with pytest.raises(StoreError, match="undone already"):
        undo_correction(ws, undone.id, author="bo")
    with pytest.raises(StoreError, match="no correction 999"):
        undo_correction(ws, 999, author="bo")


def test_aliases_extend_the_workspace_knowledge_base(ws: Workspace) -> None:
    assert kb_extensions(ws) == ()
    alias = add_correction(ws, "alias", "the Kremlin's envoy", "RUS", author="ana")
    add_correction(ws, "alias", "Uncle Sam", "USA", author="ana")
    (name, text), *rest = kb_extensions(ws)
    assert name == "corrections" and not rest
    assert json.loads(text) == {"aliases": {"the Kremlin's envoy": "RUS", "Uncle Sam": "USA"}}
    kb = load_kb(texts=kb_extensions(ws))
    assert kb.actor_for("Uncle Sam") == ("USA", None)
    undo_correction(ws, alias.id, author="ana")
    assert json.loads(kb_extensions(ws)[0][1]) == {"aliases": {"Uncle Sam": "USA"}}
