"""The workspace store, run against both backends: embedded SQLite and a PostgreSQL server."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from detente.errors import StoreError
from detente.model import Article
from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention
from detente.store import (
    SCHEMA_VERSION,
    Workspace,
    extracted_documents,
    load_events,
    load_forecasts,
    load_mentions,
    load_stated_relations,
    save_extractions,
    save_forecasts,
    scenario_key,
)
from detente.store.database import redact
from postgres_support import Backend


def article(text: str, path: str = "a.txt") -> Article:
    return Article.from_parts(text=text, path=path, format="text", title="T")


@pytest.fixture
def ws(tmp_path: Path, backend: Backend) -> Iterator[Workspace]:
    with Workspace.open(tmp_path / "ws", database=backend.url()) as workspace:
        yield workspace


def test_new_workspace_is_at_current_schema(tmp_path: Path, backend: Backend) -> None:
    url = backend.url()
    with Workspace.open(tmp_path / "ws", database=url) as workspace:
        assert workspace.schema_version == SCHEMA_VERSION >= 1
        assert workspace.connection.dialect == backend.name
    with Workspace.open(tmp_path / "ws") as workspace:  # reopening migrates nothing and keeps the version
        assert workspace.schema_version == SCHEMA_VERSION
        assert workspace.connection.dialect == backend.name  # the directory remembers its database


def test_open_without_create(tmp_path: Path, backend: Backend) -> None:
    with pytest.raises(StoreError, match=r"no workspace (here|in this database)"):
        Workspace.open(tmp_path / "none", create=False, database=backend.url())


def test_newer_schema_is_refused(tmp_path: Path, backend: Backend) -> None:
    with Workspace.open(tmp_path / "ws", database=backend.url()) as workspace, workspace.transaction() as conn:
        conn.set_schema_version(SCHEMA_VERSION + 5)
    with pytest.raises(StoreError, match="newer than this detente"):
        Workspace.open(tmp_path / "ws")


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "detente.sqlite").write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"not a SQLite database|cannot open"):
        Workspace.open(tmp_path / "ws")


def test_failed_transaction_rolls_back(ws: Workspace) -> None:
    with pytest.raises(RuntimeError), ws.transaction() as conn:
        ws.add_documents(conn, [article("Kerry met Lavrov in Geneva on Friday.")])
        raise RuntimeError("interrupted")
    assert ws.count_documents() == 0


def test_documents_keyed_by_content(ws: Workspace) -> None:
    with ws.transaction() as conn:
        added = ws.add_documents(
            conn,
            [
                article("Kerry  met\nLavrov."),
                article("Kerry met Lavrov.", "b.txt"),
                article("Other text.", "c.txt"),
            ],
        )
    assert added == [True, False, True]
    assert ws.count_documents() == 2
    first = ws.documents()[0]
    assert ws.document(first.id[:8]) == first
    assert ws.document(first.path) == first
    assert ws.document_sources(first.id) == [("a.txt", None), ("b.txt", None)]
    with pytest.raises(StoreError, match="no document matches"):
        ws.document("ffffffffff")


def test_ingest_runs_and_rejections(ws: Workspace) -> None:
    first, second = ws.start_run(), ws.start_run()
    assert second == first + 1
    with ws.transaction() as conn:
        ws.record_rejections(conn, second, [("bad.bin", None, "binary"), ("feed.jsonl", 7, "no text field")])
    ws.finish_run(second, ingested=0, duplicate=0, rejected=2)
    assert ws.rejections(second) == [("bad.bin", None, "binary"), ("feed.jsonl", 7, "no text field")]
    assert ws.rejections(first) == []


def test_documents_ordered_by_date_then_path(ws: Workspace) -> None:
    docs = [
        Article.from_parts(text="Undated.", path="z.txt", format="text"),
        Article.from_parts(text="Later.", path="b.txt", format="text", published=date(2016, 9, 19)),
        Article.from_parts(text="Upper.", path="B-upper.txt", format="text", published=date(2016, 9, 12)),
        Article.from_parts(text="Lower.", path="a-lower.txt", format="text", published=date(2016, 9, 12)),
    ]
    with ws.transaction() as conn:
        ws.add_documents(conn, docs)
    # code-point order on both backends ('B' before 'a'), undated last
    assert [d.path for d in ws.documents()] == ["B-upper.txt", "a-lower.txt", "b.txt", "z.txt"]


def test_extraction_results_round_trip(ws: Workspace) -> None:
    doc = article("Russia and the United States agreed a ceasefire in Geneva on 9 September 2016.")
    with ws.transaction() as conn:
        ws.add_documents(conn, [doc])
    mentions = [
        Mention(kind="actor", entity="RUS", start=0, end=6, text="Russia", sentence_start=0, sentence_end=79,
                label="kb", sector="GOV"),
        Mention(kind="place", entity="geneva", start=46, end=52, text="Geneva", sentence_start=0, sentence_end=79),
        Mention(kind="date", entity="2016-09-09", start=56, end=78, text="9 September 2016", sentence_start=0,
                sentence_end=79, value=date(2016, 9, 9), precision="day", resolved=False),
    ]  # fmt: skip
    events = [
        Event(type="AGREE", mode="ceasefire", source=("RUS",), target=("USA", "SYR"), trigger="agreed", start=30,
              end=36, sentence_start=0, sentence_end=79, date=date(2016, 9, 9), date_precision="day",
              date_from="text", place="geneva", confidence=0.875, negated=False, hypothetical=True, claimed=False,
              reported_by=(), score=0.123456789012),
    ]  # fmt: skip
    relations = [StatedRelation(kind="ally", source="RUS", target="SYR", cue="backs", start=0, end=6,
                                sentence_start=0, sentence_end=79)]  # fmt: skip
    for _ in range(2):  # saving twice replaces: never duplicates
        with ws.transaction() as conn:
            save_extractions(conn, [(doc.id, mentions, events, relations)], "p/1", part="abc")
    assert [m for _, m in load_mentions(ws)] == sorted(mentions, key=lambda m: (m.start, m.end))
    assert [m for _, m in load_mentions(ws, "date")] == [mentions[2]]
    assert load_events(ws) == [(doc.id, events[0])]  # tuples, dates, booleans and full-precision floats back
    assert load_stated_relations(ws) == [(doc.id, relations[0])]
    assert extracted_documents(ws, pipeline="p/1") == {doc.id}
    assert extracted_documents(ws, pipeline="p/2") == set()
    assert ws.connection.execute("SELECT part FROM extractions").fetchone()["part"] == "abc"


def test_every_extraction_changes_the_change_stamp(ws: Workspace) -> None:
    """Caches of what is built from a workspace (the dashboard's view) key on the change stamp: extracting the same
    documents again, however soon, must change it, or a view built before the re-extraction is served after it."""
    doc = article("Russia and the United States met in Geneva.")
    with ws.transaction() as conn:
        ws.add_documents(conn, [doc])
    stamps = []
    for _ in range(3):  # in well under a second
        with ws.transaction() as conn:
            save_extractions(conn, [(doc.id, [], [], [])], "p/1")
        stamps.append(ws.change_stamp())
    assert len(set(stamps)) == 3, stamps


def test_kb_extensions_replace(ws: Workspace) -> None:
    from detente.store import kb_extensions, save_kb_extensions

    save_kb_extensions(ws, [("a.yaml", "actors: []"), ("b.yaml", "places: []")])
    save_kb_extensions(ws, [("b.yaml", "issues: []")])
    assert kb_extensions(ws) == (("b.yaml", "issues: []"),)


def _open_and_add(root: str, url: str | None, text: str) -> int:
    with Workspace.open(root, database=url) as workspace, workspace.transaction() as conn:
        workspace.add_documents(conn, [article(text, f"{text}.txt")])
        return workspace.schema_version


def test_processes_opening_a_new_workspace_at_once_migrate_it_once(tmp_path: Path, backend: Backend) -> None:
    url = backend.url()
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        versions = pool.starmap(_open_and_add, [(str(tmp_path / "ws"), url, f"text {i}") for i in range(8)])
    assert versions == [SCHEMA_VERSION] * 8
    with Workspace.open(tmp_path / "ws") as workspace:
        assert workspace.count_documents() == 8


# -- the workspace directory and its database ----------------------------------------------------------------------
def test_server_workspace_remembers_its_database_without_password(tmp_path: Path, postgres_server: object) -> None:
    url = postgres_server.new_database()  # type: ignore[attr-defined]
    with_password = url.replace("detente@", "detente:s3cret@")  # trust authentication ignores it
    with Workspace.open(tmp_path / "ws", database=with_password) as workspace:
        assert "s3cret" not in workspace.database
    config = (tmp_path / "ws" / "workspace.json").read_text(encoding="utf-8")
    assert "s3cret" not in config
    assert json.loads(config) == {"database": url}
    assert not (tmp_path / "ws" / "detente.sqlite").exists()
    with pytest.raises(StoreError, match="this workspace's database is"):
        Workspace.open(tmp_path / "ws", database=url.rsplit("/", 1)[0] + "/other")


def test_a_sqlite_directory_is_not_taken_for_a_server_workspace(tmp_path: Path) -> None:
    Workspace.open(tmp_path / "ws").close()
    with pytest.raises(StoreError, match="embedded SQLite workspace"):
        Workspace.open(tmp_path / "ws", database="postgresql://someone@127.0.0.1:1/none")
    with pytest.raises(StoreError, match="unknown database URL"):
        Workspace.open(tmp_path / "other", database="mysql://someone@host/db")


def test_unreachable_server_says_where_and_how(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^postgresql://someone@127\.0\.0\.1:1/none: cannot connect") as caught:
        Workspace.open(tmp_path / "ws", database="postgresql://someone:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(caught.value)
    assert "PGPASSWORD" in str(caught.value)


def test_broken_workspace_settings(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "workspace.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="unreadable workspace settings"):
        Workspace.open(tmp_path / "ws")


def test_redact() -> None:
    assert redact("postgresql://ana:pw@db.example:5433/team?sslmode=require") == (
        "postgresql://ana@db.example:5433/team?sslmode=require"
    )
    assert redact("postgresql://db.example/team") == "postgresql://db.example/team"


def test_sqlite_lock_message(tmp_path: Path) -> None:
    Workspace.open(tmp_path / "ws").close()
    holder = sqlite3.connect(tmp_path / "ws" / "detente.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Workspace.open(tmp_path / "ws") as workspace:
            workspace.connection.connection.execute("PRAGMA busy_timeout = 100")  # type: ignore[attr-defined]
            with pytest.raises(StoreError, match="locked"), workspace.transaction():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_forecasts_are_stored_and_replaced(ws: Workspace) -> None:
    first = {"schema": "detente.forecast/1", "scenario": "s", "model": "detente.mean.v1", "runs": 10, "seed": 1,
             "issues": [{"id": "a", "forecast": 40.0}]}  # fmt: skip
    key = scenario_key({"name": "s", "actors": [1, 2]})
    assert key == scenario_key({"actors": [1, 2], "name": "s"}) != scenario_key({"name": "s", "actors": [2, 1]})
    save_forecasts(ws, key, [first, {**first, "seed": None}])
    assert load_forecasts(ws, key, runs=10, seed=1) == {"detente.mean.v1": first}
    assert load_forecasts(ws, key, runs=10, seed=None)["detente.mean.v1"]["seed"] is None
    assert load_forecasts(ws, key, runs=20, seed=1) == {} and load_forecasts(ws, "other") == {}
    again = {**first, "issues": [{"id": "a", "forecast": 41.0}]}
    save_forecasts(ws, key, [again])  # the same model, runs and seed: replaced, not added
    assert load_forecasts(ws, key, runs=10, seed=1)["detente.mean.v1"]["issues"][0]["forecast"] == 41.0
