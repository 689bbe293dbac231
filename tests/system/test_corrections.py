"""Analysts' corrections applied on top of the extractions: they hold after re-extraction and a new pipeline
version (events are named by a stable key, not their place), reach the export and the drafted scenario, and undo
restores what extraction found."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from detente import pipeline
from detente.errors import CorrectionError
from detente.extract.run import extract_workspace
from detente.kb import load_kb
from detente.model import Event, EventRecord, StatedRelation
from detente.model.correction import Correction, event_key
from detente.store import Workspace, load_events, load_mentions, load_stated_relations, save_extractions
from detente.store.corrections import undo_correction
from detente.system import conflict_system, plover_records
from detente.system.corrections import (
    Corrections,
    actor_ids,
    add_alias,
    correct_event,
    correction_records,
    known_actors,
    merge_actors,
    set_document_date,
)


def by_key(workspace: Workspace) -> dict[str, EventRecord]:
    return {event_key(e.evidence.document, e.evidence.start, e.evidence.end, e.type): e
            for e in conflict_system(workspace).events}  # fmt: skip


def as_new_pipeline(workspace: Workspace) -> None:
    """Store the same results as a new pipeline version would: another version name, each document's events in
    reverse order (so every event's sequence number changes)."""
    events: dict[str, list[Event]] = {d: [] for d in workspace.document_ids()}
    for document, e in load_events(workspace):
        events[document].append(e)
    mentions = load_mentions(workspace)
    stated = load_stated_relations(workspace)
    with workspace.transaction() as conn:
        save_extractions(conn, [(d, [m for i, m in mentions if i == d], list(reversed(items)),
                                 [r for i, r in stated if i == d]) for d, items in events.items()],
                         "detente-test-v2")  # fmt: skip


def test_event_corrections_hold_after_reextraction_and_a_new_pipeline(ws: Workspace) -> None:
    system = conflict_system(ws)
    rejected, retyped, retargeted = [e for e in system.events if e.source and e.type != "ACCUSE"][:3]
    correct_event(ws, rejected.id, "reject", None, author="ana", reason="not an attack")
    correct_event(ws, retyped.id, "type", "accuse", author="ana")
    correct_event(ws, retargeted.id, "target", ["NUSRA"], author="bo", known_actors=known_actors(ws))
    keys = [event_key(e.evidence.document, e.evidence.start, e.evidence.end, e.type)
            for e in (rejected, retyped, retargeted)]  # fmt: skip

    def check() -> None:
        events = by_key(ws)
        assert keys[0] not in events
        accuse = events[keys[1].replace(retyped.type, "ACCUSE")]
        assert accuse.trigger == retyped.trigger and accuse.mode is None
        assert accuse.score == load_kb().lexicon.score("ACCUSE", None)  # the new type's intensity
        assert events[keys[2]].target == ("NUSRA",) and events[keys[2]].source == retargeted.source
        assert len(events) == len(system.events) - 1

    check()
    assert extract_workspace(ws, force=True) == 4
    check()
    exported = {r["id"]: r["event_type"] for r in plover_records(conflict_system(ws))}  # `detente export`
    assert exported[retyped.id] == "ACCUSE" and rejected.id not in exported
    as_new_pipeline(ws)
    assert [e.id for e in conflict_system(ws).events] != [e.id for e in system.events if e.id != rejected.id]
    check()


def test_undo_restores_what_extraction_found(ws: Workspace) -> None:
    before = conflict_system(ws)
    event = before.events[0]
    made = [correct_event(ws, event.id, "reject", None, author="ana"),
            merge_actors(ws, "SYR", "RUS", author="ana", known_actors=known_actors(ws)),
            set_document_date(ws, event.evidence.document, "2015-01-02", author="ana")]  # fmt: skip
    assert conflict_system(ws) != before
    for correction in made:
        undo_correction(ws, correction.id, author="ana")
    assert conflict_system(ws) == before


def test_merge_and_date_reach_the_draft_and_the_export(ws: Workspace, tmp_path: Path) -> None:
    assert "SYR" in {a.id for a in pipeline.draft(ws).actors}
    merge_actors(ws, "SYR", "RUS", author="ana", reason="one side here", known_actors=known_actors(ws))
    document = ws.documents()[0]
    set_document_date(ws, document.id[:8], "2016-09-21", author="ana")
    extract_workspace(ws, force=True)
    system = conflict_system(ws)
    assert "SYR" not in {a.id for a in system.actors}
    assert not [e for e in system.events if "SYR" in e.source + e.target]
    assert "SYR" not in {a.id for a in pipeline.draft(ws).actors}
    assert next(d for d in system.documents if d.id == document.id).published == date(2016, 9, 21)
    by_publication = [e for e in system.events if e.evidence.document == document.id and e.date_from == "published"]
    assert by_publication and {e.date for e in by_publication} == {"2016-09-21"}
    records = correction_records(ws)
    assert [(r["kind"], r["subject"], r["value"], r["by"]) for r in records] == [
        ("merge", "SYR", "RUS", "ana"), ("date", document.id, "2016-09-21", "ana")]  # fmt: skip
    assert records[0]["why"] == "one side here"
    assert records[1]["extracted"] == {"published": document.published.isoformat() if document.published else None}


def test_event_export_is_annotated(ws: Workspace) -> None:
    event = next(e for e in conflict_system(ws).events if e.source)
    correct_event(ws, event.id, "type", "REJECT", author="ana", reason="a refusal, not a threat")
    correct_event(ws, event.id, "reject", None, author="bo")
    retype, reject = correction_records(ws)
    assert retype["sentence"] == event.evidence.sentence and retype["trigger"] == event.trigger
    assert retype["extracted"]["type"] == event.type and retype["corrected"]["type"] == "REJECT"
    assert retype["why"] == "a refusal, not a threat" and retype["found"]
    assert reject["corrected"] is None and reject["by"] == "bo"
    json.dumps([retype, reject])  # plain JSON values only


def test_alias_applies_at_the_next_extraction(ws: Workspace) -> None:
    def pilots() -> set[str]:
        return {m.entity for _, m in load_mentions(ws, "actor") if m.text.lower() == "the pilots"}

    assert pilots() == set()
    add_alias(ws, "the pilots", "USA", author="ana", known_actors=known_actors(ws))
    assert extract_workspace(ws) == 4  # the alias changed the pipeline version: every document is extracted again
    assert pilots() == {"USA"}


def test_actor_ids_are_read_from_a_list_or_one_comma_separated_text(ws: Workspace) -> None:
    assert actor_ids(" USA, ,RUS ") == ["USA", "RUS"] == actor_ids(["USA", " ", " RUS"])
    assert actor_ids("") == [] == actor_ids(None)
    event = conflict_system(ws).events[0]
    made = correct_event(ws, event.id, "source", "NUSRA, ISIS", author="ana", known_actors=known_actors(ws))
    assert made.value == ["NUSRA", "ISIS"]  # a text was once read letter by letter


def test_bad_corrections_are_refused(ws: Workspace) -> None:
    event = conflict_system(ws).events[0]
    known = known_actors(ws)
    with pytest.raises(CorrectionError, match="no event 'nope'"):
        correct_event(ws, "nope", "reject", None, author="ana")
    with pytest.raises(CorrectionError, match="unknown event type 'BOMB'"):
        correct_event(ws, event.id, "type", "BOMB", author="ana")
    with pytest.raises(CorrectionError, match="unknown actor 'ATLANTIS'"):
        correct_event(ws, event.id, "source", ["ATLANTIS"], author="ana", known_actors=known)
    with pytest.raises(CorrectionError, match="into itself"):
        merge_actors(ws, "USA", "USA", author="ana", known_actors=known)
    merge_actors(ws, "SYR", "RUS", author="ana", known_actors=known)
    with pytest.raises(CorrectionError, match="merged into 'RUS' already"):
        merge_actors(ws, "RUS", "SYR", author="ana", known_actors=known)
    with pytest.raises(CorrectionError, match="not a date"):
        set_document_date(ws, event.evidence.document, "21/09/2016", author="ana")


def _correction(i: int, kind: str, subject: str, value: object) -> Correction:
    return Correction(id=i, kind=kind, subject=subject, value=value, author="a", made_at="2026-01-01")  # type: ignore[arg-type]


def test_merges_chain_and_a_relation_with_itself_is_dropped() -> None:
    fixes = Corrections([_correction(1, "merge", "A", "B"), _correction(2, "merge", "B", "C"),
                         _correction(3, "merge", "X", "Y"), _correction(4, "merge", "Y", "X")])  # fmt: skip
    assert fixes.actor("A") == "C" and fixes.actor("C") == "C"
    assert fixes.actor("X") in {"X", "Y"}  # a cycle stops, it does not loop
    rows = [("d", StatedRelation(kind="ally", source="A", target="C", cue="with", start=0, end=1, sentence_start=0,
                                  sentence_end=1)),
            ("d", StatedRelation(kind="backs", source="A", target="Q", cue="backs", start=0, end=1, sentence_start=0,
                                  sentence_end=1))]  # fmt: skip
    assert [(r.source, r.target) for _, r in fixes.stated(rows)] == [("C", "Q")]
    event = Event(type="AGREE", source=("A", "C"), target=("B",), trigger="agreed", start=3, end=9,
                  sentence_start=0, sentence_end=20, confidence=0.9)  # fmt: skip
    fixed = fixes.event("d", event)
    assert fixed is not None and fixed.source == ("C",) and fixed.target == ("C",)


def test_a_person_speaks_for_the_actor_their_side_merged_into(ws: Workspace) -> None:
    from detente.draft.positions import sentence_index

    assert {m.speaks_for for a in conflict_system(ws).actors if a.id == "PUTIN" for m in a.mentions} == {"RUS"}
    merge_actors(ws, "RUS", "USA", author="ana", known_actors=known_actors(ws))
    system = conflict_system(ws)
    assert {m.speaks_for for a in system.actors if a.id == "PUTIN" for m in a.mentions} == {"USA"}
    speakers = {s.actor for _, named in sentence_index(system, load_kb()).values() for s in named}
    assert "USA" in speakers and "RUS" not in speakers  # the draft's stances go to the merged actor
