"""Relations, the merged timeline and the exports, on small hand-made systems and on the example corpus."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from detente.errors import DetenteError
from detente.extract.run import extract_workspace, set_kb_files
from detente.model import ConflictSystem, EventRecord, Evidence, StatedRelationRecord
from detente.model.event import RelationKind
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system, relation_graph, relations_frame, write
from detente.system.relations import relations_frame as relations_from
from detente.system.timeline import timeline_records


def _evidence(document: str, sentence: str) -> Evidence:
    return Evidence(document=document, path=f"{document}.txt", start=0, end=8, sentence_start=0,
                    sentence_end=len(sentence), sentence=sentence)  # fmt: skip


def event(id_: str, type_: str, source: list[str], target: list[str], score: float, day: str = "2016-09-19",
          document: str = "d1", **flags: bool) -> EventRecord:  # fmt: skip
    return EventRecord(id=id_, type=type_, source=tuple(source), target=tuple(target), score=score, date=day,
                       date_precision="day", trigger="sentence", confidence=0.9,
                       evidence=_evidence(document, f"sentence of {id_}"), **flags)  # fmt: skip


def stated(kind: RelationKind, source: str, target: str, day: str) -> StatedRelationRecord:
    return StatedRelationRecord(kind=kind, source=source, target=target, cue=kind, date=day,
                                evidence=_evidence("d3", f"{source} {kind} {target}"))  # fmt: skip


EVENTS = [
    event("e1", "ASSAULT", ["USA"], ["SYR"], -9.0),
    event("e2", "ACCUSE", ["RUS"], ["USA"], -3.0),
    event("e3", "AGREE", ["USA", "RUS"], [], 2.5, day="2016-09-09"),
    event("e4", "ASSAULT", ["RUS"], ["USA"], -9.0, hypothetical=True),
    event("e5", "ASSAULT", ["USA"], ["SYR"], -9.0, document="d2"),
]
STATED = [stated("backs", "USA", "SYR_REB", "2016-09-20"), stated("ally", "RUS", "SYR", "2016-10-01")]


def test_cooperation_and_conflict_weights() -> None:
    frame = relations_from(EVENTS, STATED).set_index(["source", "target"])
    assert frame.loc[("USA", "SYR"), "conflict"] == 18.0 and frame.loc[("USA", "SYR"), "events"] == 2
    assert frame.loc[("RUS", "USA"), "cooperation"] == 2.5  # the joint agreement links both ways
    assert frame.loc[("RUS", "USA"), "conflict"] == 3.0  # the hypothetical strike is not counted
    assert frame.loc[("RUS", "USA"), "score"] == pytest.approx(-0.25)
    assert frame.loc[("USA", "SYR_REB"), "stated"] == 1 and ("SYR_REB", "USA") not in frame.index  # backs: directed
    assert ("SYR", "RUS") in frame.index  # ally: mutual
    flagged = relations_from(EVENTS, STATED, include_flagged=True).set_index(["source", "target"])
    assert flagged.loc[("RUS", "USA"), "conflict"] == 12.0


def test_relations_sliced_by_month() -> None:
    frame = relations_from(EVENTS, STATED, freq="M")
    assert set(frame["period"]) == {"2016-09", "2016-10"}
    assert frame[(frame["period"] == "2016-10")][["source", "target"]].values.tolist() == [
        ["RUS", "SYR"],
        ["SYR", "RUS"],
    ]


def test_timeline_merges_reports_of_one_event() -> None:
    entries = timeline_records(EVENTS)
    strike = [e for e in entries if e["type"] == "ASSAULT" and e["source"] == ["USA"]]
    assert len(strike) == 1 and strike[0]["reports"] == 2 and strike[0]["documents"] == ["d1", "d2"]
    assert [e["evidence"][0]["event"] for e in strike] == ["e1"] and len(strike[0]["evidence"]) == 2
    assert entries[0]["date"] == "2016-09-09"  # date order
    assert not any(
        e["type"] == "ASSAULT" and e["source"] == ["RUS"] for e in timeline_records(EVENTS, include_flagged=False)
    )


@pytest.fixture(scope="module")
def system(example_system: ConflictSystem) -> ConflictSystem:
    return example_system


def test_exports_round_trip(system: ConflictSystem, tmp_path: Path) -> None:
    data = json.loads(write(system, tmp_path / "c.json").read_text(encoding="utf-8"))
    assert data["schema"] == "detente.conflict/1" and len(data["events"]) == len(system.to_json()["events"]) > 20
    assert {"id", "type", "mode", "source", "target", "date", "date_precision", "place", "document", "sentence",
            "start", "end", "confidence", "negated", "hypothetical"} <= set(data["events"][0])  # fmt: skip
    assert {"source", "target", "cooperation", "conflict", "score", "events"} <= set(data["relations"][0])
    lines = write(system, tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[0])
    assert len(lines) == len(data["events"]) and {"event_type", "actor", "recipient", "event_scale"} <= set(record)
    table = pd.read_parquet(write(system, tmp_path / "e.parquet"))
    assert len(table) == len(data["events"]) and list(table["source"].iloc[0]) == data["events"][0]["source"]
    csv = pd.read_csv(write(system, tmp_path / "e.csv"))
    assert len(csv) == len(data["events"])
    graph = nx.read_graphml(write(system, tmp_path / "g.graphml"))
    assert graph.number_of_edges() == len(relations_frame(system)) and graph.nodes["RUS"]["label"] == "Russia"
    assert nx.read_gexf(write(system, tmp_path / "g.gexf")).number_of_edges() == graph.number_of_edges()
    with pytest.raises(DetenteError, match="unknown export format"):
        write(system, tmp_path / "e.xlsx")


def test_graph_window_by_date(system: ConflictSystem) -> None:
    whole = relation_graph(system)
    early = relation_graph(system, end="2015-12-31")
    assert 0 < early.number_of_edges() < whole.number_of_edges()


def test_kb_extension_is_kept_with_the_workspace(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    text = ("Published 2016-09-20.\n\nThe Zarqa Brigade attacked government positions near Homs on Monday, and the "
            "Zarqa Brigade later agreed to a truce with Russia.\n")  # fmt: skip
    article.write_text(text, encoding="utf-8")
    extension = tmp_path / "mine.yaml"
    group = "  ZARQA: {name: Zarqa Brigade, country: SYR, sector: REB, aliases: [Zarqa Brigade]}\n"
    extension.write_text("groups:\n" + group, encoding="utf-8")
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [article])
        extract_workspace(ws)
        before = conflict_system(ws).to_json()
        assert "ZARQA" not in {a["id"] for a in before["actors"]}
        set_kb_files(ws, [extension])
        assert extract_workspace(ws) == 1  # a new extension means extracting again
        after = conflict_system(ws).to_json()
        zarqa = next(a for a in after["actors"] if a["id"] == "ZARQA")
        assert zarqa["name"] == "Zarqa Brigade" and len(zarqa["mentions"]) == 2
        assert any("ZARQA" in e["source"] for e in after["events"])
        bad = tmp_path / "bad.yaml"
        bad.write_text("groups: [unclosed\n", encoding="utf-8")
        with pytest.raises(DetenteError, match="invalid knowledge-base YAML"):
            set_kb_files(ws, [bad])
        assert extract_workspace(ws) == 0  # the bad file was not saved


def test_a_mediator_is_cooperative_with_both_parties_and_no_ally() -> None:
    from detente.draft.infer import ally_ties

    mediation = [stated("mediates", "QAT", "ETH", "2016-09-20"), stated("mediates", "QAT", "ERI", "2016-09-20")]
    fighting = [event("e9", "ASSAULT", ["ETH"], ["ERI"], -9.0)]
    frame = relations_from(fighting, mediation).set_index(["source", "target"])
    for party in ("ETH", "ERI"):
        assert frame.loc[("QAT", party), "score"] == 3.0 and frame.loc[("QAT", party), "cooperation"] == 3.0
        assert frame.loc[("QAT", party), "conflict"] == 0.0
        assert (party, "QAT") not in frame.index  # directed: from the mediator only
    assert frame.loc[("ETH", "ERI"), "conflict"] == 9.0
    system = ConflictSystem(stated_relations=tuple(mediation))
    assert ally_ties(system) == {}


def test_each_relation_carries_the_span_of_dates_behind_it() -> None:
    from detente.system.relations import relations

    spans = {(r.source, r.target): (r.first, r.last) for r in relations(EVENTS, STATED)}
    assert spans[("USA", "RUS")] == ("2016-09-09", "2016-09-09")  # the agreement; the hypothetical strike left out
    assert spans[("RUS", "USA")] == ("2016-09-09", "2016-09-19")  # the agreement, then the accusation
    assert spans[("RUS", "SYR")] == spans[("SYR", "RUS")] == ("2016-10-01", "2016-10-01")
    undated = relations([event("u1", "AGREE", ["TUR"], ["IRN"], 2.0, day=None)], [])  # type: ignore[arg-type]
    assert (undated[0].first, undated[0].last) == (None, None)


def test_the_graph_edges_carry_the_same_spans_as_the_relations() -> None:
    from detente.system.relations import relations

    system = ConflictSystem(events=tuple(EVENTS), stated_relations=tuple(STATED))
    graph = relation_graph(system)
    spans = {(r.source, r.target): (r.first or "", r.last or "") for r in relations(EVENTS, STATED)}
    assert {(s, t): (d["first"], d["last"]) for s, t, d in graph.edges(data=True)} == spans
    assert graph.edges["RUS", "USA"]["first"] == "2016-09-09" and graph.edges["RUS", "USA"]["last"] == "2016-09-19"
