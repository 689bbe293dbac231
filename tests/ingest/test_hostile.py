"""A corpus of hostile and broken inputs through the real command line: each input gets a clear reason or is
handled, nothing crashes or hangs, and the good articles in the same batch all arrive and are extracted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from detente.store import Workspace

GOOD = ("Russia and Turkey agreed a ceasefire in Aleppo on 29 December 2016. Iran backed the deal, and the "
        "United Nations welcomed it.")  # fmt: skip


def hostile_corpus(root: Path) -> dict[str, str]:
    """Write the corpus; returns each input's expected fate: ``ok`` or a word its rejection reason must contain."""
    root.mkdir()
    expected = {}

    def put(name: str, data: bytes | str, fate: str) -> None:
        path = root / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        expected[name] = fate

    put("good.txt", f"Ceasefire agreed\n\n{GOOD}\n", "ok")
    put("empty.txt", b"", "empty")
    put("blank.txt", "   \n\n\t\n", "text")
    put("binary.txt", bytes(range(256)) * 64, "binary")
    put("invalid-utf8.txt", b"Talks in Vienna\n\nThe ministers met in Vienna \xff\xfe\xfd and agreed to meet "
        b"again. Russia and the United States \xc3\x28 co-chaired the talks on 14 November 2015.\n", "ok")  # fmt: skip
    put("huge.txt", b"Aleppo talks continue. " * (50 * 1024 * 1024 // 23 + 1), "too large")  # 50 MB in one article
    sentences = " ".join(f"Russia met Turkey in Astana on day {i} of the talks." for i in range(10_000))
    put("long.txt", f"Astana marathon\n\n{sentences}\n", "ok")  # 10,000 sentences
    nested = "<div>" * 20_000 + "deep" + "</div>" * 20_000
    put("scripts.html", f"<html><head><title>Scripted</title><script>alert(1)</script></head><body>{nested}"
        f"<article><h1>Convoy talks</h1><p>{GOOD.replace('Aleppo', 'Homs')}</p><img src=x onerror=alert(2)>"
        "<script>document.write(3)</script></article></body></html>", "ok")  # fmt: skip
    put("unclosed.html", "<html><body><p>Half a page <b>bold <i>and", "text")
    first = {"title": "Feed one", "text": GOOD.replace("Aleppo", "Hama"), "date": "2016-12-29"}
    last = {"title": "Feed two", "text": GOOD.replace("Aleppo", "Idlib"), "date": "2016-12-30"}
    lines = [json.dumps(first), "{not json", "[1, 2, 3]", json.dumps({"title": "no text"}), json.dumps({"text": 42}),
             "", "\x00\x01", json.dumps(last)]  # fmt: skip
    put("feed.jsonl", "\n".join(lines) + "\n", "jsonl")
    put("slides.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "ok-or-rejected")
    return expected


def run(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "detente.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)  # fmt: skip


@pytest.mark.slow
def test_hostile_corpus_loses_nothing_and_hangs_nowhere(tmp_path: Path) -> None:
    expected = hostile_corpus(tmp_path / "in")
    workspace = tmp_path / "ws"
    ingest = run("ingest", str(tmp_path / "in"), "-w", str(workspace))
    assert ingest.returncode == 0, ingest.stderr
    with Workspace.open(workspace, create=False) as ws:
        rejected = ws.rejections()
        documents = ws.documents()
        run_row = ws.connection.execute("SELECT ingested, duplicate, rejected FROM ingest_runs").fetchone()
    by_file: dict[str, list[tuple[int | None, str]]] = {}
    for path, line, reason in rejected:
        by_file.setdefault(Path(path).name, []).append((line, reason))
    read = {Path(d.path).name for d in documents}
    for name, fate in expected.items():
        if fate == "ok":
            assert name in read and name not in by_file, f"{name} should be ingested"
        elif fate == "jsonl":
            lines = sorted(line for line, _ in by_file[name] if line is not None)
            assert lines == [2, 3, 4, 5, 7], by_file[name]  # the good lines 1 and 8 arrive, the blank 6 is skipped
        elif fate != "ok-or-rejected":
            assert name in by_file, f"{name} should be rejected"
            reason = " ".join(r for _, r in by_file[name]).lower()
            assert fate in reason, f"{name}: {reason}"
    assert sum(d.path.endswith("feed.jsonl") for d in documents) == 2
    assert run_row["ingested"] == len(documents) and run_row["rejected"] == len(rejected)
    assert "&lt;" not in "".join(d.text for d in documents if d.path.endswith("scripts.html"))

    extract = run("extract", "-w", str(workspace))
    assert extract.returncode == 0, extract.stderr
    with Workspace.open(workspace, create=False) as ws:
        extracted = ws.connection.execute("SELECT COUNT(*) FROM extractions").fetchone()[0]
        astana = ws.connection.execute(
            "SELECT COUNT(*) FROM events e JOIN documents d ON d.id = e.document_id WHERE d.path LIKE '%long.txt'"
        ).fetchone()[0]
    assert extracted == len(documents)
    assert astana >= 1000, "the 10,000-sentence article is extracted whole, not skipped"


def test_a_reader_fault_rejects_one_input_not_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.ingest.batch as batch
    from detente.store.articles import ingest_paths

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"One\n\n{GOOD}\n", encoding="utf-8")
    (folder / "b.txt").write_text("Two\n\nTurkey and Iran met in Moscow on 20 December 2016 and agreed on terms.\n",
                                  encoding="utf-8")  # fmt: skip
    real = batch.read_input

    def faulty(path: Path, **options: object):  # type: ignore[no-untyped-def]
        if path.name == "a.txt":
            raise RuntimeError("reader bug")
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "read_input", faulty)
    with Workspace.open(tmp_path / "ws") as ws:
        report = ingest_paths(ws, [folder])
    assert report.ingested == 1
    assert [o.reason for o in report.rejected if "reader bug" in (o.reason or "")]
