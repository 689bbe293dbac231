"""Two more corrections: splitting the mentions written one way off an actor (events and relations follow where the
sentence leaves no doubt), and a place added to the workspace's knowledge base, found from the next extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from detente.errors import CorrectionError
from detente.extract.run import extract_workspace
from detente.model import Event, Mention, StatedRelation
from detente.model.correction import Correction
from detente.store import Workspace, load_mentions
from detente.store.corrections import undo_correction
from detente.system import conflict_system
from detente.system.corrections import (
    Corrections,
    add_place,
    correction_records,
    known_actors,
    merge_actors,
    split_actor,
)


def _mention(entity: str, text: str, sentence: int) -> Mention:
    return Mention(kind="actor", entity=entity, start=sentence, end=sentence + len(text), text=text,
                   sentence_start=sentence, sentence_end=sentence + 90)  # fmt: skip


def _event(source: str, sentence: int) -> Event:
    return Event(type="REJECT", source=(source,), target=("RUS",), trigger="rejected", start=sentence + 20,
                 end=sentence + 28, sentence_start=sentence, sentence_end=sentence + 90, confidence=0.9)  # fmt: skip


def test_a_split_moves_the_mentions_and_the_sides_only_where_the_sentence_is_clear() -> None:
    split = Correction(id=1, kind="split", subject="USA", value={"text": "the  pentagon", "into": "?organisation:x"},
                       author="a", made_at="2026-01-01")  # fmt: skip
    mentions = [("d", _mention("USA", "The Pentagon", 0)),  # alone: the sentence's side moves
                ("d", _mention("USA", "Washington", 100)), ("d", _mention("USA", "the Pentagon", 100)),  # mixed
                ("d", _mention("KERRY", "Kerry", 200)), ("d", _mention("USA", "the Pentagon", 200))]  # fmt: skip
    fixes = Corrections([split], mentions=mentions, speaker=lambda e: "USA" if e == "KERRY" else e)
    assert [m.entity for _, m in fixes.mentions(mentions)] == ["?organisation:x", "USA", "?organisation:x", "KERRY",
                                                                "?organisation:x"]  # fmt: skip
    sides = [fixed.source if (fixed := fixes.event("d", _event("USA", s))) else None for s in (0, 100, 200)]
    assert sides == [("?organisation:x",), ("USA",), ("USA",)]  # Kerry speaks for the USA in the third
    relation = StatedRelation(kind="enemy", source="USA", target="RUS", cue="rivals", start=5, end=11,
                              sentence_start=0, sentence_end=90)  # fmt: skip
    assert [(r.source, r.target) for _, r in fixes.stated([("d", relation)])] == [("?organisation:x", "RUS")]
    merged = Corrections([Correction(id=0, kind="merge", subject="USA", value="NATO", author="a",
                                     made_at="2026-01-01"), split], mentions=mentions)  # fmt: skip
    assert merged.entity(mentions[0][1]) == "?organisation:x"  # a split reaches mentions merged away too


def test_split_reaches_the_system_holds_through_extraction_exports_and_undoes(ws: Workspace) -> None:
    before = conflict_system(ws)
    usa = next(a for a in before.actors if a.id == "USA")
    written = {m.text for m in usa.mentions}
    assert "Pentagon" in written and len(written) > 1
    made = split_actor(ws, "USA", "pentagon", author="ana", known_actors=known_actors(ws))
    assert made.value == {"text": "pentagon", "into": "?organisation:pentagon"}
    for _ in range(2):  # as made, then after extracting everything again
        system = conflict_system(ws)
        actors = {a.id: a for a in system.actors}
        new = actors["?organisation:pentagon"]
        assert {m.text for m in new.mentions} == {"Pentagon"} and new.name == "Pentagon"
        assert "Pentagon" not in {m.text for m in actors["USA"].mentions}
        moved = [e for e in system.events if "?organisation:pentagon" in e.source + e.target]
        assert moved and all("Pentagon" in e.evidence.sentence for e in moved)
        extract_workspace(ws, force=True)
    (record,) = correction_records(ws)
    assert {m["text"] for m in record["mentions"]} == {"Pentagon"} and all(m["sentence"] for m in record["mentions"])
    assert "?organisation:pentagon" in known_actors(ws)  # a later correction may name the new actor
    undo_correction(ws, made.id, author="ana")
    assert [a.id for a in conflict_system(ws).actors] == [a.id for a in before.actors]


def test_split_into_another_actor_and_bad_splits(ws: Workspace) -> None:
    known = known_actors(ws)
    split_actor(ws, "USA", "Pentagon", into="RUS", author="ana", known_actors=known)
    rus = next(a for a in conflict_system(ws).actors if a.id == "RUS")
    assert "Pentagon" in {m.text for m in rus.mentions}
    with pytest.raises(CorrectionError, match=r"no mention of 'USA' is written 'Kremlin'.*'Washington'"):
        split_actor(ws, "USA", "Kremlin", author="ana", known_actors=known)
    with pytest.raises(CorrectionError, match="into itself"):
        split_actor(ws, "USA", "Washington", into="USA", author="ana", known_actors=known)
    with pytest.raises(CorrectionError, match="unknown actor 'ATLANTIS'"):
        split_actor(ws, "USA", "Washington", into="ATLANTIS", author="ana", known_actors=known)
    merge_actors(ws, "SYR", "USA", author="ana", known_actors=known)
    assert split_actor(ws, "USA", "Syrian", author="ana", known_actors=known).value["into"] == "?organisation:syrian"


TAMARISK = ("Published 2016-09-10.\n\nRussian and American envoys met at Camp Tamarisk on Friday to agree a "
            "ceasefire.\n")  # fmt: skip


def test_a_place_is_found_from_the_next_extraction_exported_and_undone(workspace: Workspace, tmp_path: Path) -> None:
    from detente import pipeline

    (tmp_path / "a.txt").write_text(TAMARISK, encoding="utf-8")
    pipeline.add_articles(workspace, [tmp_path / "a.txt"])
    assert "Camp Tamarisk" not in {p.name for p in conflict_system(workspace).places}
    made = add_place(workspace, "Camp Tamarisk", 35.1, 36.7, country="syr", author="ana", reason="talks venue")
    assert made.value == {"id": "user:camp-tamarisk", "lat": 35.1, "lon": 36.7, "country": "SYR"}
    assert pipeline.extract(workspace) == 1  # the knowledge base changed: extracted again
    places = {p.id: p for p in conflict_system(workspace).places}
    camp = places["user:camp-tamarisk"]
    assert (camp.name, camp.country, camp.lat, camp.lon, len(camp.mentions)) == ("Camp Tamarisk", "SYR", 35.1, 36.7, 1)
    assert {e.place for e in conflict_system(workspace).events} == {"user:camp-tamarisk"}
    assert json.loads(json.dumps(correction_records(workspace)))[0]["value"]["id"] == "user:camp-tamarisk"
    undo_correction(workspace, made.id, author="ana")
    pipeline.extract(workspace)
    assert "user:camp-tamarisk" not in {m.entity for _, m in load_mentions(workspace, "place")}


@pytest.mark.parametrize(("args", "words"), [(("", 1.0, 2.0), "needs a name"), (("X", 95.0, 2.0), "coordinates"),
                                             (("X", 1.0, 200.0), "coordinates")])  # fmt: skip
def test_bad_places_are_refused(workspace: Workspace, args: tuple[str, float, float], words: str) -> None:
    with pytest.raises(CorrectionError, match=words):
        add_place(workspace, *args, author="ana")
    with pytest.raises(CorrectionError, match="country code"):
        add_place(workspace, "X", 1.0, 2.0, country="Syria", author="ana")
