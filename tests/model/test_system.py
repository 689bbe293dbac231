"""The typed conflict system: evidence that points at its words, one rule for 'happened', JSON both ways."""

from __future__ import annotations

from pathlib import Path

from detente.model import FLAGS, ConflictSystem, EventRecord, Evidence
from detente.store import Workspace
from detente.store.articles import ingest_paths


def test_evidence_offsets_point_at_the_words_and_the_sentence(example_system: ConflictSystem, example_dir: Path,
                                                              tmp_path: Path) -> None:  # fmt: skip
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [example_dir / "articles"])
        texts = {d.id: d.text for d in ws.documents()}
    checked = 0
    for actor in example_system.actors:
        for mention in actor.mentions:
            where = mention.evidence
            text = texts[where.document]
            assert text[where.sentence_start : where.sentence_end] == where.sentence
            assert text[where.start : where.end] == mention.text
            begin, end = where.span_in_sentence
            assert where.sentence[begin:end] == mention.text
            checked += 1
    for event in example_system.events:
        assert texts[event.evidence.document][event.evidence.start : event.evidence.end] == event.trigger
    assert checked > 100


def test_labels_name_jsonl_lines() -> None:
    where = Evidence(document="d", path="feed.jsonl", line=3, start=0, end=1, sentence_start=0, sentence_end=1,
                     sentence="x")  # fmt: skip
    assert where.label == "feed.jsonl:3"
    assert where.model_copy(update={"line": None}).label == "feed.jsonl"


def test_happened_is_one_rule() -> None:
    where = Evidence(document="d", path="p", start=0, end=1, sentence_start=0, sentence_end=1, sentence="x")
    fact = EventRecord(id="e", type="ASSAULT", trigger="x", confidence=1.0, evidence=where)
    assert fact.happened and fact.flags == []
    for flag in FLAGS:
        flagged = fact.model_copy(update={flag: True})
        assert not flagged.happened and flagged.flags == [flag]


def test_json_round_trip_keeps_the_schema(example_system: ConflictSystem) -> None:
    data = example_system.to_json()
    assert data["schema"] == "detente.conflict/1"
    event = data["events"][0]
    # the fields the schema has always had are still flat on each record
    assert {"id", "type", "source", "target", "document", "path", "sentence", "start", "end", "trigger"} <= set(event)
    mention = data["actors"][0]["mentions"][0]
    assert {"document", "path", "start", "end", "text", "sentence", "how"} <= set(mention)
    assert ConflictSystem.from_json(data) == example_system
