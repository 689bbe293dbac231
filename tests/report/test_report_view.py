"""The report's view model: evidence located in the documents, the network layout, the basemap and forecasts."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.bargain import forecast
from detente.model import ConflictSystem
from detente.report.basemap import countries, country_at, outlines
from detente.report.view import locate, view_model
from detente.scenario import load
from detente.store import Workspace
from detente.system import conflict_system

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"


def test_basemap_decodes_natural_earth_outlines() -> None:
    names = {c.name for c in countries()}
    assert {"Syria", "Turkey", "Lebanon", "Jordan", "Iraq", "Israel"} <= names
    assert country_at(37.13, 36.20) == "Syria"  # Aleppo
    assert country_at(35.8, 33.9) == "Lebanon"
    assert country_at(32.9, 39.9) == "Turkey"  # Ankara
    assert country_at(20.0, 34.0) is None  # the Mediterranean
    near = {c.name for c in outlines((35.0, 32.0, 43.0, 38.0))}
    assert "Syria" in near and "Brazil" not in near


def test_locate_prefers_the_occurrence_at_the_offset() -> None:
    text = "Talks failed. Russia agreed. Talks failed. Done."
    assert locate(text, "Talks failed.") == (0, 13)
    assert locate(text, "Talks failed.", near=30) == (29, 42)
    assert locate(text, "Not there.") is None


def test_view_links_every_event_to_its_sentence(example_system: ConflictSystem, small_workspace: Path) -> None:
    with Workspace.open(small_workspace, create=False) as ws:
        system = conflict_system(ws)
        documents = ws.documents()
    view = view_model(system, documents)
    texts = {d["id"]: d["text"] for d in view["documents"]}
    assert view["events"], "the small workspace has events"
    for event in view["events"]:
        assert texts[event["doc"]][event["s0"] : event["s1"]] == event["sentence"]
    for relation in view["stated"]:
        assert texts[relation["doc"]][relation["s0"] : relation["s1"]] == relation["sentence"]
    ids = {a["id"] for a in view["actors"]}
    paired = {a for e in view["events"] for s in e["source"] for t in e["target"] if s != t for a in (s, t)}
    assert paired and paired <= ids  # every actor with a counterpart is on the network
    points = {(a["x"], a["y"]) for a in view["actors"]}
    assert len(points) == len(view["actors"]), "no two actors drawn on the same spot"
    assert view["period"][0] <= view["period"][1]
    assert view["forecasts"] == [] and view["scenario"] is None


def test_view_focuses_the_map_on_the_theatre(example_system: ConflictSystem) -> None:
    view = view_model(example_system, [])
    west, south, east, north = view["basemap"]["focus"]
    assert west < 37.13 < east and south < 36.2 < north  # Aleppo is on the first view
    assert east - west < view["basemap"]["bbox"][2] - view["basemap"]["bbox"][0] + 1e-9
    assert any(c["name"] == "Syria" for c in view["basemap"]["countries"])


def test_view_carries_the_scenario_cells_and_forecasts(example_system: ConflictSystem) -> None:
    scenario = load(EXAMPLE / "scenario.yaml")
    result = forecast(scenario, "mean", runs=20, seed=1)
    view = view_model(example_system, [], scenario=scenario, forecasts=[result.to_json()])
    cells = view["scenario"]["cells"]
    assert len(cells) == len(scenario.actors) * (1 + 2 * len(scenario.issues))
    usa = next(c for c in cells if c["actor"] == "USA" and c["field"] == "position" and c["issue"] == "leader_future")
    assert usa["value"] == scenario.actor("USA").positions["leader_future"].value
    assert usa["evidence"] and all(e["doc"] is None for e in usa["evidence"])  # no documents given: nothing to open
    assert view["forecasts"][0]["issues"][0]["distribution"]["runs"] == 20


def test_scenario_evidence_opens_its_document(example_system: ConflictSystem, tmp_path: Path) -> None:
    from detente.store.articles import ingest_paths

    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [EXAMPLE / "articles" / "14-where-the-powers-stand.txt"])
        documents = ws.documents()
    scenario = load(EXAMPLE / "scenario.yaml")
    view = view_model(example_system, documents, scenario=scenario)
    opened = [e for c in view["scenario"]["cells"] for e in c["evidence"] if e["doc"]]
    assert opened, "the scenario's evidence from article 14 links to it"
    text = documents[0].text
    for evidence in opened:
        assert text[evidence["s0"] : evidence["s1"]] == evidence["sentence"]


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_embedded_json_has_no_nan(bad: float) -> None:
    import json

    from detente.report.html import embed_json

    assert json.loads(str(embed_json({"x": bad, "y": [1.0, bad]}))) == {"x": None, "y": [1.0, None]}


def test_timeline_opens_on_the_main_period() -> None:
    from detente.report.view import timeline_window

    dates = ["2016-09-17", "2016-09-20", "2016-10-03", "2016-10", "2011-03-15", "2016-09-25", "2024", "2016-02-20"]
    window = timeline_window(dates)
    assert window is not None
    low, high = window["range"]
    assert "2016-02-01" < low <= "2016-02-20" and "2016-10-03" <= high < "2016-11-15"
    assert window["outliers"] == [{"date": "2011-03-15", "events": 1}, {"date": "2024-01-01", "events": 1}]
    assert timeline_window(["2016-09-17"]) == {"range": ["2016-09-16", "2016-09-18"], "outliers": []}
    assert timeline_window([]) is None and timeline_window(["undated"]) is None


def test_view_carries_the_timeline_window(example_system: ConflictSystem) -> None:
    view = view_model(example_system, [])
    dates = sorted(e["date"] for e in view["events"] if e["date"])
    outside = {o["date"] for o in view["timeline"]["outliers"]}
    inside = [d for d in dates if d not in outside]
    assert inside and view["timeline"]["range"][0] <= inside[0] and inside[-1] <= view["timeline"]["range"][1]


@pytest.mark.parametrize("n", [3, 12, 24, 40])
def test_trajectory_colours_are_distinct(n: int) -> None:
    from detente.report.png import palette

    colours = palette(n)
    assert len(colours) == n and len(set(colours)) == n
