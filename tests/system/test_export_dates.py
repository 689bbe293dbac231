"""The JSON export tells the start of a state ("held since 2013") from the date of something that happened."""

from __future__ import annotations

import json
from pathlib import Path

from detente.extract.run import extract_workspace
from detente.model import ConflictSystem
from detente.store import Workspace
from detente.store.articles import ingest_paths
from detente.system import conflict_system, write


def test_a_start_date_is_labelled_since_and_dates_no_event(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Published: 2020-02-12\n\nThe militia, which has held the hostages since 2013, freed two of "
                       "them on Monday. Turkey condemned the group on February 3.\n", encoding="utf-8")  # fmt: skip
    with Workspace.open(tmp_path / "ws") as ws:
        ingest_paths(ws, [article])
        extract_workspace(ws)
        system = conflict_system(ws)
    data = json.loads(write(system, tmp_path / "c.json").read_text(encoding="utf-8"))
    roles = {d["text"]: (d["role"], d["date"]) for d in data["dates"]}
    start = next(role for text, role in roles.items() if "2013" in text)
    assert start == ("since", "2013-01-01")
    assert next(role for text, role in roles.items() if "February 3" in text) == ("date", "2020-02-03")
    assert all(e["date"] != "2013-01-01" for e in data["events"])
    assert ConflictSystem.from_json(data).dates == system.dates  # the label survives the round trip
