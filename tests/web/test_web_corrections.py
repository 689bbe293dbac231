"""The dashboard's corrections and alerts API through FastAPI's TestClient: each kind of correction made, listed
and undone, the view built again with it; bad input refused with what, where and how to fix; writes guarded."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from detente import pipeline
from detente.store import Workspace, load_corrections
from detente.web import Settings, create_app

WRITE = {"X-Detente": "1"}
NEWCOMER = (
    "Brigade clashes near Hama\n\nHAMA, 3 October 2016. The Northern Storm Brigade attacked Syrian army "
    "positions near Hama on Monday. The Northern Storm Brigade accused Russia of bombing civilians.\n"
)


@pytest.fixture
def ws(small_workspace: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(small_workspace, target)
    return target


def client(workspace: Path) -> TestClient:
    return TestClient(create_app(Settings(workspace=workspace)), base_url="http://127.0.0.1:8000")


def post(c: TestClient, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
    response = c.post(path, json=body, headers=WRITE)
    assert response.status_code == status, response.text
    return response.json()  # type: ignore[no-any-return]


def refused(c: TestClient, path: str, body: dict[str, Any], *words: str) -> dict[str, Any]:
    """A 422 whose answer says what, where and how to fix, naming ``words``."""
    answer = post(c, path, body, 422)
    assert answer["what"] and answer["fix"] and answer["where"], answer
    text = " ".join(str(answer[k]) for k in ("detail", "what", "where", "fix"))
    for word in words:
        assert word in text, (word, answer)
    return answer


def events(c: TestClient) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in c.get("/api/view").json()["events"]}


def test_event_corrections_change_the_view_and_undo_restores_it(ws: Path) -> None:
    c = client(ws)
    before = events(c)
    rejected, retyped, resourced = [e for e in before.values() if e["source"] and e["type"] != "ACCUSE"][:3]
    made = post(c, "/api/corrections/event", {"event": rejected["id"], "kind": "reject", "author": "ana",
                                               "reason": "a background sentence"})["correction"]  # fmt: skip
    assert (made["kind"], made["by"], made["why"], made["value"]) == ("reject", "ana", "a background sentence", None)
    post(c, "/api/corrections/event", {"event": retyped["id"], "kind": "type", "value": "accuse", "author": "ana"})
    post(c, "/api/corrections/event", {"event": resourced["id"], "kind": "source", "value": "NUSRA, ISIS",
                                       "author": "bo", "reason": "  "})  # fmt: skip
    after = events(c)
    assert rejected["id"] not in after and len(after) == len(before) - 1
    assert after[retyped["id"]]["type"] == "ACCUSE" and after[resourced["id"]]["source"] == ["NUSRA", "ISIS"]
    listed = c.get("/api/corrections").json()
    assert [r["kind"] for r in listed["corrections"]] == ["reject", "type", "source"]
    assert (
        listed["corrections"][0]["sentence"].strip() == rejected["sentence"] and listed["corrections"][2]["why"] is None
    )
    assert "ASSAULT" in listed["event_types"] and "USA" in listed["actors"]
    for record in listed["corrections"]:
        undone = post(c, f"/api/corrections/{record['id']}/undo", {"author": "cy"})["correction"]
        assert undone["undone_at"]
    assert events(c) == before
    assert c.get("/api/corrections").json()["corrections"] == []
    assert len(c.get("/api/corrections?all=1").json()["corrections"]) == 3
    refused(c, f"/api/corrections/{made['id']}/undo", {"author": "cy"}, "undone already")
    refused(c, "/api/corrections/999/undo", {"author": "cy"}, "no correction 999")


def test_merge_alias_and_date(ws: Path) -> None:
    c = client(ws)
    (ws.parent / "hama.txt").write_text(NEWCOMER, encoding="utf-8")
    with Workspace.open(ws, create=False) as workspace:
        pipeline.add_articles(workspace, [ws.parent / "hama.txt"])
    view = c.get("/api/view").json()
    newcomer = view["provisional"][0]
    assert newcomer["name"] == "The Northern Storm Brigade" and newcomer["mentions"] == 2
    assert any(newcomer["id"] in e["source"] for e in view["events"])
    post(c, "/api/corrections/merge", {"actor": newcomer["id"], "into": "NUSRA", "author": "ana"})
    view = c.get("/api/view").json()
    assert not view["provisional"] and not any(newcomer["id"] in e["source"] for e in view["events"])
    answer = post(c, "/api/corrections/alias", {"text": "Northern Storm Brigade", "actor": "HNC", "author": "ana"})
    assert "extract again" in answer["note"]
    assert c.get("/api/corrections").json()["to_extract"] == 5  # told again after a reload, until extracted
    assert post(c, "/api/extract", {})["extracted"] == 5  # the alias changed the pipeline version
    assert c.get("/api/corrections").json()["to_extract"] == 0
    document = next(d for d in view["documents"] if d["title"] == "Brigade clashes near Hama")
    post(c, "/api/corrections/date", {"document": document["id"], "date": "2016-10-04", "author": "ana"})
    view = c.get("/api/view").json()
    assert next(d for d in view["documents"] if d["id"] == document["id"])["published"] == "2016-10-04"
    with Workspace.open(ws, create=False) as workspace:
        assert [(x.kind, x.author) for x in load_corrections(workspace)] == [("merge", "ana"), ("alias", "ana"),
                                                                             ("date", "ana")]  # fmt: skip


def test_bad_corrections_are_clear_errors(ws: Path) -> None:
    c = client(ws)
    event = next(iter(events(c)))
    refused(c, "/api/corrections/event", {"event": "nope-1", "kind": "reject", "author": "ana"}, "no event 'nope-1'",
            "detente events")  # fmt: skip
    refused(c, "/api/corrections/event", {"event": event, "kind": "type", "value": "BOMB", "author": "ana"},
            "unknown event type 'BOMB'", "ASSAULT")  # fmt: skip
    refused(c, "/api/corrections/event", {"event": event, "kind": "type", "author": "ana"}, "no new type", "value")
    refused(c, "/api/corrections/event", {"event": event, "kind": "target", "value": ["ATLANTIS"], "author": "ana"},
            "unknown actor 'ATLANTIS'")  # fmt: skip
    refused(c, "/api/corrections/merge", {"actor": "ATLANTIS", "into": "USA", "author": "ana"}, "ATLANTIS")
    refused(c, "/api/corrections/merge", {"actor": "USA", "into": "USA", "author": "ana"}, "into itself")
    refused(c, "/api/corrections/alias", {"text": " ", "actor": "USA", "author": "ana"}, "cannot be empty")
    document = c.get("/api/view").json()["documents"][0]["id"]
    refused(c, "/api/corrections/date", {"document": document, "date": "21/09/2016", "author": "ana"},
            "not a date", "YYYY-MM-DD")  # fmt: skip
    refused(c, "/api/corrections/date", {"document": "ffffffffff", "date": "2016-09-21", "author": "ana"},
            "no document matches")  # fmt: skip
    for author in ("", "   "):
        missing = refused(c, "/api/corrections/event", {"event": event, "kind": "reject", "author": author},
                          "needs its author", "Your name")  # fmt: skip
        assert missing["where"] == "author"
    refused(c, "/api/corrections/1/undo", {}, "author")
    unreadable = refused(c, "/api/corrections/event", {"event": event, "kind": "explode", "author": "ana"}, "kind")
    assert isinstance(unreadable["detail"], list)
    with Workspace.open(ws, create=False) as workspace:
        assert load_corrections(workspace, include_undone=True) == []


def test_split_applies_at_once_and_undoes(ws: Path) -> None:
    c = client(ws)
    listed = c.get("/api/corrections").json()
    written = listed["texts"]["USA"]
    assert "Pentagon" in written and "United States" in written and len(written) == len(set(written))
    before = c.get("/api/view").json()
    usa = next(a for a in before["actors"] if a["id"] == "USA")
    made = post(c, "/api/corrections/split", {"actor": "USA", "text": "pentagon ", "into": " ", "author": "ana",
                                               "reason": "the ministry speaks for itself"})["correction"]  # fmt: skip
    assert (made["kind"], made["subject"], made["by"], made["why"]) == ("split", "USA", "ana",
                                                                        "the ministry speaks for itself")  # fmt: skip
    new = made["value"]["into"]
    assert new.startswith("?organisation:") and made["value"]["text"] == "pentagon"
    after = c.get("/api/view").json()  # no extraction needed: the view has the split
    moved = next(a for a in after["provisional"] if a["id"] == new)
    assert moved["mentions"] >= 1
    assert next(a for a in after["actors"] if a["id"] == "USA")["mentions"] == usa["mentions"] - moved["mentions"]
    listed = c.get("/api/corrections").json()
    assert "Pentagon" not in listed["texts"]["USA"] and listed["texts"][new] == ["Pentagon"] and new in listed["actors"]
    record = listed["corrections"][0]
    assert len(record["mentions"]) == moved["mentions"] and all("Pentagon" in m["sentence"] for m in record["mentions"])
    # into a known actor
    into = post(c, "/api/corrections/split", {"actor": "USA", "text": "State Department", "into": "KERRY",
                                              "author": "ana"})["correction"]  # fmt: skip
    assert into["value"] == {"text": "State Department", "into": "KERRY"}
    assert "State Department" in c.get("/api/corrections").json()["texts"]["KERRY"]
    for correction in (into, made):
        post(c, f"/api/corrections/{correction['id']}/undo", {"author": "bo"})
    assert c.get("/api/view").json()["actors"] == before["actors"]


TAMARISK = "Published 2016-09-10.\n\nRussian and American envoys met at Camp Tamarisk on Friday to agree a ceasefire.\n"


def test_a_place_applies_from_the_next_extraction(ws: Path) -> None:
    c = client(ws)
    (ws.parent / "camp.txt").write_text(TAMARISK, encoding="utf-8")
    with Workspace.open(ws, create=False) as workspace:
        pipeline.add_articles(workspace, [ws.parent / "camp.txt"])
    body = {"name": " Camp Tamarisk ", "lat": "35.1", "lon": -36.7, "country": "syr", "author": "ana",
            "reason": "the talks' venue"}  # fmt: skip
    answer = post(c, "/api/corrections/place", body)
    made = answer["correction"]
    assert "extract again" in answer["note"] and (made["kind"], made["subject"], made["why"]) == (
        "place", "Camp Tamarisk", "the talks' venue")  # fmt: skip
    assert made["value"] == {"id": "user:camp-tamarisk", "lat": 35.1, "lon": -36.7, "country": "SYR"}
    assert "user:camp-tamarisk" not in {p["id"] for p in c.get("/api/view").json()["places"]}
    assert post(c, "/api/extract", {})["extracted"] == 5
    places = {p["id"]: p for p in c.get("/api/view").json()["places"]}
    camp = places["user:camp-tamarisk"]
    assert (camp["name"], camp["country"], camp["lat"], camp["lon"]) == ("Camp Tamarisk", "SYR", 35.1, -36.7)
    assert camp["mentions"] == 1 and camp["events"] >= 1


def test_bad_splits_and_places_are_clear_errors(ws: Path) -> None:
    c = client(ws)
    split, place = "/api/corrections/split", "/api/corrections/place"
    refused(c, split, {"actor": "ATLANTIS", "text": "Atlantis", "author": "ana"}, "unknown actor 'ATLANTIS'",
            "split of 'Atlantis' off ATLANTIS")  # fmt: skip
    refused(c, split, {"actor": "USA", "text": "Kremlin", "author": "ana"}, "no mention of 'USA' is written 'Kremlin'",
            "'Pentagon'")  # fmt: skip
    refused(c, split, {"actor": "USA", "text": "Pentagon", "into": "ATLANTIS", "author": "ana"}, "ATLANTIS")
    refused(c, split, {"actor": "USA", "text": "Pentagon", "into": "USA", "author": "ana"}, "into itself")
    refused(c, split, {"actor": "USA", "text": "  ", "author": "ana"}, "cannot be empty")
    refused(c, place, {"name": "Camp", "lat": 91, "lon": 36.7, "author": "ana"}, "not coordinates", "-90 to 90",
            "place 'Camp'")  # fmt: skip
    refused(c, place, {"name": "Camp", "lat": 35, "lon": -180.5, "author": "ana"}, "not coordinates")
    refused(c, place, {"name": "Camp", "lat": "north", "lon": 36.7, "author": "ana"}, "'north' is not a latitude",
            "degrees")  # fmt: skip
    assert refused(c, place, {"name": "Camp", "lat": 35, "lon": "", "author": "ana"}, "no longitude")["where"] == \
        "longitude"  # fmt: skip
    refused(c, place, {"name": "Camp", "lat": 35, "lon": 36, "country": "Syria", "author": "ana"},
            "not a country code", "alpha-3")  # fmt: skip
    refused(c, place, {"name": " ", "lat": 35, "lon": 36, "author": "ana"}, "needs a name")
    for path, body in [(split, {"actor": "USA", "text": "Pentagon"}), (place, {"name": "Camp", "lat": 1, "lon": 2})]:
        assert refused(c, path, {**body, "author": " "}, "needs its author", "Your name")["where"] == "author"
    with Workspace.open(ws, create=False) as workspace:
        assert load_corrections(workspace, include_undone=True) == []


def test_every_write_needs_the_header(ws: Path) -> None:
    c = client(ws)
    event = next(iter(events(c)))
    for path, body in [("/api/corrections/event", {"event": event, "kind": "reject", "author": "a"}),
                       ("/api/corrections/merge", {"actor": "SYR", "into": "RUS", "author": "a"}),
                       ("/api/corrections/alias", {"text": "x", "actor": "USA", "author": "a"}),
                       ("/api/corrections/split", {"actor": "USA", "text": "Pentagon", "author": "a"}),
                       ("/api/corrections/place", {"name": "x", "lat": 1, "lon": 2, "author": "a"}),
                       ("/api/corrections/date", {"document": "x", "date": "2016-01-01", "author": "a"}),
                       ("/api/corrections/1/undo", {"author": "a"}), ("/api/extract", {}),
                       ("/api/alerts/check", {})]:  # fmt: skip
        response = c.post(path, json=body)
        assert response.status_code == 403 and "X-Detente" in response.json()["detail"], path
        assert c.post(path, json=body, headers=WRITE | {"Host": "attacker.example"}).status_code == 421
    with Workspace.open(ws, create=False) as workspace:
        assert load_corrections(workspace, include_undone=True) == []


def test_alerts_check_now_and_the_log(ws: Path) -> None:
    c = client(ws)
    assert c.get("/api/alerts").json()["alerts"] == []
    missing = refused(c, "/api/alerts/check", {}, "no rules file", "alerts.yaml")
    assert missing["error"] == "AlertRuleError"
    (ws / "alerts.yaml").write_text("rules:\n  - name: hot\n    score_at_most: high\n", encoding="utf-8")
    refused(c, "/api/alerts/check", {}, "rule hot", "score_at_most")
    (ws / "alerts.yaml").write_text("rules:\n  - name: attacks\n    types: [ASSAULT]\n  - name: actors\n"
                                    "    new_actor_mentions: 3\n", encoding="utf-8")  # fmt: skip
    first = post(c, "/api/alerts/check", {})
    assert first["new"] and {a["rule"] for a in first["new"]} == {"attacks", "actors"}
    assert all(a["what"].startswith("ASSAULT") for a in first["new"] if a["rule"] == "attacks")
    ids = [a["id"] for a in first["alerts"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(first["new"])  # newest first
    again = post(c, "/api/alerts/check", {})
    assert again["new"] == [] and again["alerts"] == first["alerts"]
    listed = c.get("/api/alerts").json()
    assert listed["alerts"] == first["alerts"] and listed["rules_found"] and listed["rules"].endswith("alerts.yaml")


def test_alerts_check_drafts_the_cell_evidence_scenarios_as_the_cli_does(ws: Path) -> None:
    """The dashboard checks the rules through the same call as `detente alerts check`: a ``cell_evidence`` rule is
    checked (its missing scenario is an error), not skipped with a warning."""
    c = client(ws)
    (ws / "alerts.yaml").write_text("rules:\n  - {name: cells, cell_evidence: gone.yaml}\n", encoding="utf-8")
    answer = refused(c, "/api/alerts/check", {}, "rule cells", "cannot read its scenario", "gone.yaml")
    assert answer["error"] == "AlertRuleError"
