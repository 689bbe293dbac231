"""Unknown people joined across a workspace: spellings of one name, and a surname alone where one person has it."""

from __future__ import annotations

from pathlib import Path

from detente.extract.run import extract_workspace
from detente.model.correction import Correction
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system
from detente.system.corrections import Corrections, correction_records, known_actors, split_actor
from detente.system.provisional import joins


def test_spellings_of_one_name_join_the_most_written() -> None:
    found = joins({"?person:khalifa haftar": 5, "?person:khalifa hifter": 2, "?person:khalifa belqasim haftar": 1})
    assert found == {"?person:khalifa hifter": "?person:khalifa haftar",
                     "?person:khalifa belqasim haftar": "?person:khalifa haftar"}  # fmt: skip


def test_a_surname_joins_the_one_full_name_that_has_it() -> None:
    found = joins({"?person:abdel fattah burhan": 3, "?person:burhan": 2, "?person:dagalo": 1, "RUS": 9})
    assert found == {"?person:burhan": "?person:abdel fattah burhan"}


def test_a_surname_two_people_share_stays_apart() -> None:
    found = joins({"?person:omar karami": 1, "?person:rashid karami": 1, "?person:karami": 4})
    assert "?person:karami" not in found
    assert joins({"?organisation:haftar": 1, "?person:khalifa haftar": 1}) == {}  # people only


def test_one_id_for_a_general_across_documents(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    # a general the knowledge base does not know (Khalifa Haftar, whom this test once used, it now does)
    (folder / "a.txt").write_text("Published: 2019-04-05\n\nGeneral Osman Dabbashi ordered his forces to advance "
                                  "on Tripoli on Thursday.\n", encoding="utf-8")  # fmt: skip
    (folder / "b.txt").write_text("Published: 2019-04-09\n\nDabbashi rejected calls for a truce on Monday, and the "
                                  "United Nations condemned the offensive.\n", encoding="utf-8")  # fmt: skip
    (folder / "c.txt").write_text("Published: 2019-04-12\n\nField Marshal Osman Dabashi met the Egyptian president "
                                  "in Cairo on Sunday.\n", encoding="utf-8")  # fmt: skip
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [folder])
        extract_workspace(ws)
        system = conflict_system(ws)
    holders = {a.id for a in system.actors for m in a.mentions if m.text.split()[-1] in ("Dabbashi", "Dabashi")}
    assert holders == {"?person:osman dabbashi"}, holders
    assert not any(a.id in ("?person:dabbashi", "?person:osman dabashi") for a in system.actors)
    assert all("?person:dabbashi" not in e.source for e in system.events)


def test_a_joined_spelling_can_be_split_off_and_stays_apart(tmp_path: Path) -> None:
    """The joins are part of the corrections every stage applies (one owner): what the conflict system shows under
    a joined person can be split off it, and the split holds though the joins would merge that spelling back."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Published: 2019-04-05\n\nGeneral Osman Dabbashi ordered his forces to advance "
                                  "on Tripoli on Thursday.\n", encoding="utf-8")  # fmt: skip
    (folder / "c.txt").write_text("Published: 2019-04-12\n\nGeneral Osman Dabbashi met the Egyptian president in "
                                  "Cairo on Sunday. Osman Dabashi said the offensive would go on.\n",
                                  encoding="utf-8")  # fmt: skip
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [folder])
        extract_workspace(ws)
        (haftar,) = [a for a in conflict_system(ws).actors if a.id == "?person:osman dabbashi"]
        assert "Osman Dabashi" in {m.text for m in haftar.mentions}  # joined
        made = split_actor(ws, "?person:osman dabbashi", "Osman Dabashi", author="ana", known_actors=known_actors(ws))
        assert made.value["into"] == "?person:osman dabashi"
        actors = {a.id: {m.text for m in a.mentions} for a in conflict_system(ws).actors}
        (record,) = correction_records(ws)
    assert actors["?person:osman dabashi"] == {"Osman Dabashi"}
    assert "Osman Dabashi" not in actors["?person:osman dabbashi"]
    assert [m["text"] for m in record["mentions"]] == ["Osman Dabashi"]  # the export says what the split took


def test_the_analysts_merges_override_the_joins_without_a_cycle() -> None:
    joined = {"?person:osman dabashi": "?person:osman dabbashi"}

    def merge(subject: str, into: str) -> Correction:
        return Correction(id=1, kind="merge", subject=subject, value=into, author="a", made_at="2026-01-01")

    into_spelling = Corrections([merge("?person:dabbashi", "?person:osman dabashi")], joined=joined)
    assert into_spelling.actor("?person:dabbashi") == "?person:osman dabbashi"  # merged into a spelling: the person
    back = Corrections([merge("?person:osman dabbashi", "?person:osman dabashi")], joined=joined)
    assert back.actor("?person:osman dabbashi") == back.actor("?person:osman dabashi") == "?person:osman dabashi"
