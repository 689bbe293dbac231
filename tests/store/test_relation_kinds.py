"""Migration 0010: stated_relations.kind is no longer checked by the schema, on both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.model.event import StatedRelation
from detente.store.articles import ingest_paths
from detente.store.extractions import load_stated_relations, save_extractions
from postgres_support import Backend


def test_a_workspace_made_before_0010_keeps_its_relations_and_takes_a_mediator(
    tmp_path: Path, backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.store.workspace as workspace_module
    from detente.store import Workspace

    every = workspace_module._migrations()
    url = backend.url()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Kenya hosted talks between Sudan and South Sudan.", encoding="utf-8")
    old = StatedRelation(kind="enemy", source="SDN", target="SSD", cue="rival", start=0, end=5, sentence_start=0,
                         sentence_end=48)  # fmt: skip
    new = old.model_copy(update={"kind": "mediates", "source": "KEN", "cue": "hosted"})
    with monkeypatch.context() as patch:
        patch.setattr(workspace_module, "_migrations", lambda: [m for m in every if m[0] < 10])
        with Workspace.open(tmp_path / "ws", database=url) as ws:
            assert ingest_paths(ws, [tmp_path / "in"]).ingested == 1
            (document,) = [row[0] for row in ws.connection.execute("SELECT id FROM documents")]
            with ws.transaction() as conn:
                save_extractions(conn, [(document, [], [], [old])], "p/1")
            assert ws.schema_version == 9
    with Workspace.open(tmp_path / "ws", database=url) as ws:
        assert ws.schema_version >= 10
        assert load_stated_relations(ws) == [(document, old)]
        with ws.transaction() as conn:
            save_extractions(conn, [(document, [], [], [old, new])], "p/1")
        kinds = sorted(r.kind for _, r in load_stated_relations(ws))
    assert kinds == ["enemy", "mediates"]
