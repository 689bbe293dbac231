"""Capability chosen, not imposed: each measure named in the draft, a warning where one actor dominates."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.draft import draft
from detente.errors import ScenarioError
from detente.model import ConflictSystem

ISSUES = ["leader_future", "military_coordination"]


def test_military_spending_lets_the_us_dominate_and_the_draft_says_so(example_system: ConflictSystem) -> None:
    drafted = draft(example_system, issues=ISSUES)
    assert drafted.capability_measure is not None and drafted.capability_measure.startswith("military")
    assert drafted.actor("USA").capability.value > 10 * drafted.actor("IRN").capability.value
    assert any("USA holds" in w for w in drafted.warnings)


def test_equal_capability_gives_no_dominance(example_system: ConflictSystem) -> None:
    drafted = draft(example_system, issues=ISSUES, capability="equal")
    assert {a.capability.value for a in drafted.actors} == {1.0}
    assert drafted.capability_measure is not None and drafted.capability_measure.startswith("equal")
    assert not any("USA holds" in w for w in drafted.warnings)


def test_presence_in_the_theatre_counts_what_actors_do_there(example_system: ConflictSystem) -> None:
    drafted = draft(example_system, issues=ISSUES, capability="presence")
    values = {a.id: a.capability.value for a in drafted.actors}
    assert max(values.values()) == 100.0 and min(values.values()) > 0
    assert values["RUS"] > values.get("JOR", 0)  # Russia acts in Syria far more often than Jordan does
    assert "SYR" in (drafted.actor("RUS").capability.note or "")  # the theatre is named


def test_an_analysts_table(example_system: ConflictSystem, tmp_path: Path) -> None:
    drafted = draft(example_system, issues=ISSUES, capability="equal")
    table = tmp_path / "cap.csv"
    table.write_text("actor,capability\n" + "".join(f"{a.id},{n + 1}\n" for n, a in enumerate(drafted.actors)),
                     encoding="utf-8")  # fmt: skip
    mine = draft(example_system, issues=ISSUES, capability=table)
    assert [a.capability.value for a in mine.actors] == [float(n + 1) for n in range(len(mine.actors))]
    assert all(a.capability.basis == "analyst" for a in mine.actors)
    short = tmp_path / "short.csv"
    short.write_text("actor,capability\nUSA,1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="no capability for actor"):
        draft(example_system, issues=ISSUES, capability=short)
    with pytest.raises(ScenarioError, match="unknown capability measure"):
        draft(example_system, issues=ISSUES, capability="gdp")
