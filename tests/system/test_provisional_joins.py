"""Unknown people joined across a workspace: spellings of one name, and a surname alone where one person has it."""

from __future__ import annotations

from pathlib import Path

from detente.extract.run import extract_workspace
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system
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
