"""The listings (``actors``, ``places``, ``events``, ``relations``, ``timeline``), ``export`` and ``extract --kb``:
every format of the output layer parsed back, every bad filter and path a one-line error."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import assert_one_line_error, detente

ROOT = Path(__file__).resolve().parents[2]
LISTINGS = ("actors", "places", "events", "relations", "timeline")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> str:
    ws = str(tmp_path_factory.mktemp("cli") / "ws")
    assert detente("ingest", str(ROOT / "examples" / "syria-2016" / "articles"), "--workspace", ws).code == 0
    run = detente("extract", "--workspace", ws)
    assert run.code == 0, run.err
    return ws


@pytest.fixture
def ingested_only(tmp_path: Path) -> str:
    article = ROOT / "examples" / "syria-2016" / "articles" / "08-us-suspends-talks.txt"
    ws = str(tmp_path / "ws")
    assert detente("ingest", str(article), "-w", ws).code == 0
    return ws


@pytest.mark.parametrize("command", LISTINGS)
def test_listing_json_csv_and_tsv_agree(workspace: str, command: str) -> None:
    rows = json.loads(detente(command, "-w", workspace, "--json").out)
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)
    table = list(csv.DictReader(io.StringIO(detente(command, "-w", workspace, "--csv").out)))
    piped = detente(command, "-w", workspace).out.splitlines()  # stdout is not a terminal: tab-separated
    assert len(table) == len(rows) == len(piped) - 1
    assert piped[0].split("\t") == list(rows[0]) == list(table[0])
    assert "…" not in "".join(piped) and "│" not in "".join(piped)
    key = next(iter(rows[0]))  # the first column (an id, a name or a date) reads the same in all three
    assert [t[key] for t in table] == [line.split("\t")[0] for line in piped[1:]] == [r[key] or "" for r in rows]


def test_actors_json_values(workspace: str) -> None:
    actors = {a["id"]: a for a in json.loads(detente("actors", "-w", workspace, "--json").out)}
    assert {"USA", "RUS", "IRN", "TUR"} <= set(actors)
    assert all(a["resolved"] is True and a["mentions"] >= a["documents"] >= 1 for a in actors.values())
    everyone = json.loads(detente("actors", "-w", workspace, "--json", "--unresolved").out)
    assert len(everyone) >= len(actors)


def test_events_filters(workspace: str) -> None:
    events = json.loads(detente("events", "-w", workspace, "--type", "assault", "--actor", "USA", "--evidence",
                                "--json").out)  # fmt: skip
    assert events and {e["type"] for e in events} == {"ASSAULT"}
    assert all("USA" in e["source"] + e["target"] for e in events)
    assert any("Shayrat" in (e["sentence"] or "") for e in events)
    later = json.loads(detente("events", "-w", workspace, "--since", "2017-01-01", "--no-flagged", "--json").out)
    assert later and all(e["date"] >= "2017-01-01" and e["flags"] == [] for e in later)


def test_relations_and_timeline(workspace: str) -> None:
    relations = json.loads(detente("relations", "-w", workspace, "--by", "y", "--actor", "IRN", "--json").out)
    assert relations and all("IRN" in (r["source"], r["target"]) for r in relations)
    assert {r["period"] for r in relations} >= {"2015"}
    timeline = json.loads(detente("timeline", "-w", workspace, "--since", "2017-04-01", "--json").out)
    assert any(t["date"] == "2017-04-07" for t in timeline) and all(t["date"] >= "2017-04-01" for t in timeline)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("relations", "--by", "Z"), ("--by 'Z'", "M, Q, Y")),
        (("events", "--type", "BOGUS"), ("--type 'BOGUS'", "ASSAULT")),
        (("events", "--since", "2016-99-99"), ("--since '2016-99-99'", "YYYY-MM-DD")),
        (("timeline", "--until", "2016-9-1"), ("--until '2016-9-1'", "YYYY-MM-DD")),
    ],
)
def test_bad_filters_are_one_line_errors(workspace: str, args: tuple[str, ...], words: tuple[str, ...]) -> None:
    assert_one_line_error(detente(*args, "-w", workspace), *words)


@pytest.mark.parametrize(
    "args",
    [
        *((c,) for c in LISTINGS),
        ("export", "-o", "{tmp}/c.json"),
        ("scenario", "draft", "-o", "{tmp}/s.yaml"),
        ("report", "-o", "{tmp}/r.html"),
    ],
)
def test_no_extraction_yet_says_what_to_run(ingested_only: str, tmp_path: Path, args: tuple[str, ...]) -> None:
    run = detente(*(a.format(tmp=tmp_path) for a in args), "-w", ingested_only)
    assert_one_line_error(run, "no extraction yet: run `detente extract`", f"detente extract -w {ingested_only}")
    assert not list(tmp_path.glob("*.*"))  # nothing written


@pytest.mark.parametrize("args", [("export", "-o"), ("scenario", "draft", "-o"), ("report", "-o")])
def test_missing_output_folder_is_a_one_line_error(workspace: str, args: tuple[str, ...], tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.file"
    assert_one_line_error(detente(*args, str(target), "-w", workspace), "missing-dir", "mkdir -p")


def test_export_formats(workspace: str, tmp_path: Path) -> None:
    for name in ("c.json", "e.jsonl", "e.csv", "e.parquet", "g.graphml", "g.gexf"):
        run = detente("export", "--workspace", workspace, "-o", str(tmp_path / name))
        assert run.code == 0 and (tmp_path / name).stat().st_size > 0, run.err
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))["events"]
    run = detente("export", "--workspace", workspace, "--format", "xml", "-o", str(tmp_path / "x"))
    assert run.code == 2 and "unknown export format" in run.err


def test_extract_with_a_broken_kb_file_says_where(tmp_path: Path, workspace: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  types:\n    BOMBARD: {verbs: {pummel: null}}\n", encoding="utf-8")
    run = detente("extract", "--workspace", workspace, "--kb", str(bad))
    assert run.code == 2 and "BOMBARD" in run.err and "bad.yaml" in run.err
    assert_one_line_error(detente("extract", "-w", workspace, "--kb", str(tmp_path / "none.yaml")), "none.yaml")
