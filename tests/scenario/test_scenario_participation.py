"""Actors that take no part in an issue: the model's rule (both position and salience absent, or neither), the
validation of participation, and the YAML reader's empty cells ("takes no part" by default, refused by strict)."""

from __future__ import annotations

import pytest

from detente.errors import ScenarioError
from detente.scenario import Scenario, ScenarioValidationError, make_actor, make_issue, parse_yaml, validate

DRAFT = """\
name: drafted
issues:
  - {id: a}
  - {id: b}
  - {id: c}
actors:
  - id: USA
    capability: 100
    positions: {a: 10, b: 80, c: {value: null, note: no evidence}}
    salience: {a: 0.8, b: 0.6, c: {value: null, note: no evidence}}
  - id: RUS
    capability: 80
    positions: {a: 90, b: {value: null}, c: 40}
    salience: {a: 0.9, b: {value: null}, c: 0.5}
  - id: TUR
    capability: 40
    positions: {a: 30, b: 50}
    salience: {a: 0.5, b: 0.7}
"""


def scenario(**sit_out: set[str]) -> Scenario:
    actors = []
    for name, cap in (("A", 10.0), ("B", 20.0), ("C", 30.0)):
        on = [k for k in ("a", "b") if k not in sit_out.get(name, set())]
        actors.append(make_actor(name, cap, dict.fromkeys(on, 50.0), dict.fromkeys(on, 0.5)))
    return Scenario(name="s", issues=(make_issue("a"), make_issue("b")), actors=tuple(actors))


def problems(s: Scenario, **options: bool) -> list[str]:
    with pytest.raises(ScenarioValidationError) as caught:
        validate(s, **options)
    return [f"{p.where}: {p.what}" for p in caught.value.problems]


def test_an_actor_may_sit_an_issue_out() -> None:
    s = validate(scenario(C={"b"}))
    assert [a.id for a in s.participants("b")] == ["A", "B"]
    assert [a.id for a in s.participants("a")] == ["A", "B", "C"]
    assert problems(scenario(C={"b"}), complete=True) == ["scenario 's' actor 'C' field 'positions.b': no position on "
                                                         "this issue", "scenario 's' actor 'C' field 'salience.b': no "
                                                         "salience on this issue"]  # fmt: skip


def test_position_and_salience_go_together() -> None:
    s = scenario()
    c = s.actor("C")
    half = c.model_copy(update={"salience": {"a": c.salience["a"]}})  # a position on b, no salience
    found = problems(s.model_copy(update={"actors": (*s.actors[:2], half)}))
    assert found == ["scenario 's' actor 'C' field 'salience.b': no salience on this issue"]
    other = c.model_copy(update={"positions": {"a": c.positions["a"]}})  # a salience on b, no position
    assert problems(s.model_copy(update={"actors": (*s.actors[:2], other)})) == [
        "scenario 's' actor 'C' field 'positions.b': no position on this issue"]  # fmt: skip


def test_every_actor_takes_part_somewhere_and_every_issue_has_two() -> None:
    assert problems(scenario(C={"a", "b"})) == ["scenario 's' actor 'C': actor 'C' takes part in no issue (no "
                                                "position on any)"]  # fmt: skip
    assert problems(scenario(B={"b"}, C={"b"})) == ["scenario 's' field 'issues.b': only 'A' takes part in issue "
                                                    "'b'; bargaining needs at least 2"]  # fmt: skip
    assert "no actor takes part in issue 'b'" in problems(scenario(A={"b"}, B={"b"}, C={"b"}))[0]


def test_yaml_empty_cells_mean_takes_no_part() -> None:
    s = parse_yaml(DRAFT, source="d.yaml")
    assert [a.id for a in s.participants("b")] == ["USA", "TUR"]  # RUS: value null
    assert [a.id for a in s.participants("c")] == []  # c has one participant left (RUS): the issue is left out
    assert [i.id for i in s.issues] == ["a", "b"]
    assert "c" not in s.actor("RUS").positions and "c" not in s.actor("RUS").salience
    assert s.notes[0].startswith("3 empty cells read as 'takes no part in that issue' (RUS/b, USA/c, TUR/c)")
    assert s.notes[1] == "issue 'c' left out: only 'RUS' takes part in it (its other cells are empty)"


def test_yaml_an_actor_with_only_empty_cells_is_left_out() -> None:
    text = DRAFT + "  - {id: JOR, capability: 5, positions: {a: null, b: null}, salience: {a: null, b: null}}\n"
    s = parse_yaml(text)
    assert [a.id for a in s.actors] == ["USA", "RUS", "TUR"]
    assert "actor 'JOR' left out: it takes part in no issue (its cells are empty)" in s.notes


def test_yaml_one_empty_half_of_a_cell_is_an_error() -> None:
    text = DRAFT.replace("salience: {a: 0.5, b: 0.7}", "salience: {a: 0.5, b: null}")
    with pytest.raises(ScenarioError, match="no salience on this issue") as caught:
        parse_yaml(text, source="d.yaml")
    assert "d.yaml:15 actor 'TUR' field 'salience.b'" in str(caught.value)


def test_strict_refuses_empty_cells_with_the_old_message() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_yaml(DRAFT, source="d.yaml", strict=True)
    assert str(caught.value).startswith("d.yaml:7: actor 'USA' has no value for positions.c (and 3 more empty "
                                        "cells): the draft found no evidence for it")  # fmt: skip
    with pytest.raises(ScenarioError, match="no position on this issue"):  # a missing cell too, with strict
        parse_yaml(DRAFT.replace("c: {value: null, note: no evidence}}", "}").replace(", b: {value: null}", "")
                   .replace(", b: {value: null}", "").replace("{a: 30, b: 50}", "{a: 30, b: 50, c: 1}")
                   .replace("{a: 0.5, b: 0.7}", "{a: 0.5, b: 0.7, c: 0.1}"), strict=True)  # fmt: skip


def test_who_takes_part_survives_a_round_trip_through_yaml() -> None:
    from detente.scenario import to_yaml

    s = validate(scenario(C={"b"}))
    again = parse_yaml(to_yaml(s))
    assert again.actors == s.actors and again.issues == s.issues
    assert again.notes == ("1 empty cell read as 'takes no part in that issue' (C/b); --strict refuses empty cells",)
