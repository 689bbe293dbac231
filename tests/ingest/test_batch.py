from __future__ import annotations

import json
from pathlib import Path

from detente.store import Workspace
from detente.store.articles import ingest_paths

BODY = "Turkish-backed rebels entered al-Bab after weeks of fighting against the Islamic State."


def make_corpus(root: Path) -> Path:
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(f"Al-Bab taken\n\n{BODY}", encoding="utf-8")
    (root / "nested" / "b.html").write_text(
        f"<html><body><article><h1>Convoy hit</h1><p>{BODY.replace('al-Bab', 'Aleppo')}</p></article></body></html>",
        encoding="utf-8",
    )
    records = [
        {"title": "Dup of a", "text": BODY},
        {"title": "Other", "text": BODY + " Turkey said so."},
        "oops",
    ]
    (root / "nested" / "deeper" / "c.jsonl").write_text(
        "\n".join(json.dumps(r) if r != "oops" else "{oops" for r in records), encoding="utf-8"
    )
    (root / "nested" / "picture.png").write_bytes(b"\x89PNG\r\n")
    (root / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    return root


def test_every_input_accounted_for(workspace: Workspace, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    report = ingest_paths(workspace, [corpus, tmp_path / "missing.txt"])
    by_location = {o.location: o for o in report.outcomes}
    assert by_location[str(corpus / "a.txt")].status == "ingested"
    assert by_location[str(corpus / "nested" / "b.html")].status == "ingested"
    jsonl = corpus / "nested" / "deeper" / "c.jsonl"
    assert by_location[f"{jsonl}:1"].status == "duplicate"  # same text as a.txt
    assert by_location[f"{jsonl}:2"].status == "ingested"
    assert by_location[f"{jsonl}:3"].status == "rejected"
    assert "unsupported file type .png" in (by_location[str(corpus / "nested" / "picture.png")].reason or "")
    assert by_location[str(corpus / "empty.txt")].reason == "empty file"
    assert by_location[str(tmp_path / "missing.txt")].reason == "no such file or folder"
    assert not any(".hidden" in loc for loc in by_location)
    assert (report.ingested, report.duplicates, len(report.rejected)) == (3, 1, 4)
    assert workspace.count_documents() == 3
    assert len(workspace.rejections(report.run_id)) == 4
    # the duplicate is recorded as a second source of the same document
    [doc] = [d for d in workspace.documents() if d.path == str(corpus / "a.txt")]
    assert (str(jsonl), 1) in workspace.document_sources(doc.id)


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    with Workspace.open(tmp_path / "ws") as ws:
        first = ingest_paths(ws, [corpus])
    with Workspace.open(tmp_path / "ws") as ws:
        second = ingest_paths(ws, [corpus])
        assert ws.count_documents() == first.ingested
        runs = ws.connection.execute("SELECT ingested, duplicate, rejected FROM ingest_runs ORDER BY id").fetchall()
    assert second.ingested == 0
    assert second.duplicates == first.ingested + first.duplicates
    assert len(second.rejected) == len(first.rejected)
    assert [tuple(r) for r in runs] == [(3, 1, 3), (0, 4, 3)]


def test_nothing_usable(workspace: Workspace, tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(b"")
    report = ingest_paths(workspace, [tmp_path / "x.txt"])
    assert not report.usable


def test_progress_callback_counts_files(workspace: Workspace, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    calls: list[tuple[int, int]] = []
    ingest_paths(workspace, [corpus], on_progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 4) for i in range(1, 5)]
