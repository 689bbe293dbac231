from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.model import Article
from detente.store import SCHEMA_VERSION, Workspace


def article(text: str, path: str = "a.txt") -> Article:
    return Article.from_parts(text=text, path=path, format="text", title="T")


def test_new_workspace_is_at_current_schema(tmp_path: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        assert ws.schema_version == SCHEMA_VERSION >= 1
    with Workspace.open(tmp_path / "ws") as ws:  # reopening migrates nothing and keeps the version
        assert ws.schema_version == SCHEMA_VERSION


def test_open_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no workspace here"):
        Workspace.open(tmp_path / "none", create=False)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    Workspace.open(tmp_path / "ws").close()
    with sqlite3.connect(tmp_path / "ws" / "detente.sqlite") as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    with pytest.raises(StoreError, match="newer than this detente"):
        Workspace.open(tmp_path / "ws")


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "detente.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"not a SQLite database|cannot open"):
        Workspace.open(tmp_path / "ws")


def test_failed_transaction_rolls_back(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), workspace.transaction() as conn:
        workspace.add_documents(conn, [article("Kerry met Lavrov in Geneva on Friday.")])
        raise RuntimeError("interrupted")
    assert workspace.count_documents() == 0


def test_documents_keyed_by_content(workspace: Workspace) -> None:
    with workspace.transaction() as conn:
        added = workspace.add_documents(
            conn,
            [
                article("Kerry  met\nLavrov."),
                article("Kerry met Lavrov.", "b.txt"),
                article("Other text.", "c.txt"),
            ],
        )
    assert added == [True, False, True]
    assert workspace.count_documents() == 2
    first = workspace.documents()[0]
    assert workspace.document(first.id[:8]) == first
    assert workspace.document(first.path) == first
    with pytest.raises(StoreError, match="no document matches"):
        workspace.document("ffffffffff")
