from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detente.errors import ScenarioError
from detente.scenario import (
    ActorEntry,
    Estimate,
    Evidence,
    Issue,
    Scale,
    Scenario,
    ScenarioValidationError,
    load,
    make_actor,
    parse_csv,
    parse_ktab_csv,
    parse_yaml,
    to_ktab_csv,
    to_yaml,
)

YAML = """\
name: test
issues:
  - id: leader
    name: Future of the incumbent
    scale: {low: 0, high: 100, low_label: leaves now, high_label: stays}
actors:
  - id: USA
    capability: {value: 100, sd: 10}
    positions:
      leader:
        value: 10
        low: 0
        high: 25
        confidence: 0.8
        evidence:
          - {document: a.txt, sentence: Washington insists that he must leave power.}
    salience: {leader: 0.8}
  - id: RUS
    capability: 80
    positions: {leader: 95}
    salience: {leader: 0.9}
"""


def test_yaml_reads_estimates_and_evidence() -> None:
    scenario = parse_yaml(YAML)
    usa = scenario.actor("USA")
    assert usa.capability == Estimate(value=100, sd=10)
    assert usa.positions["leader"].evidence[0].document == "a.txt"
    assert usa.positions["leader"].low == 0 and usa.positions["leader"].confidence == 0.8
    assert scenario.issue("leader").scale.high_label == "stays"
    assert parse_yaml(to_yaml(scenario)) == scenario


def bad(text: str, match: str) -> ScenarioError:
    with pytest.raises(ScenarioError, match=match) as caught:
        parse_yaml(text, source="s.yaml")
    return caught.value


def test_validation_errors_name_file_line_actor_and_field() -> None:
    err = bad(YAML.replace("capability: 80", "capability: 0"), "capability must be above 0")
    assert "s.yaml:18 actor 'RUS' field 'capability'" in str(err)
    bad(YAML.replace("capability: 80", "capability: -3"), "capability must be above 0")
    err = bad(YAML.replace("{leader: 0.9}", "{leader: 1.5}"), "salience must lie in")
    assert "field 'salience.leader'" in str(err)
    bad(YAML.replace("positions: {leader: 95}", "positions: {leader: 140}"), "outside the scale")
    bad(YAML.replace("  - id: RUS", "  - id: USA"), "appears 2 times")
    bad(YAML.replace("{leader: 0.9}", "{leader: 0}").replace("{leader: 0.8}", "{leader: 0}"), "salience on issue")
    bad(YAML.replace("positions: {leader: 95}", "positions: {}"), "no position on this issue")
    bad(YAML.replace("sd: 10", "sd: -1"), "greater than or equal to 0")
    bad(YAML.replace("high: 25", "high: 5"), "outside its range")
    bad("name: x\nissues: [{id: a}]\nactors: [{id: A, capability: 1, positions: {a: 1}, salience: {a: 1}}]\n",
        "at least 2")  # fmt: skip
    bad("name: x\nissues: []\nactors: []\n", "no issues")
    bad("issues: [\n", "invalid YAML")


def test_all_actors_at_one_position_is_valid() -> None:
    scenario = parse_yaml(YAML.replace("value: 10", "value: 20").replace("{leader: 95}", "{leader: 20}"))
    assert {a.positions["leader"].value for a in scenario.actors} == {20}


def test_validation_collects_every_problem() -> None:
    with pytest.raises(ScenarioValidationError) as caught:
        parse_yaml(YAML.replace("capability: 80", "capability: 0").replace("{leader: 0.9}", "{leader: 3}"))
    assert len(caught.value.problems) == 2 and "and 1 more" in str(caught.value)


def test_common_csv(tmp_path: Path) -> None:
    path = tmp_path / "ec.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,0.5,4,80\nB,0.5,10,40\n\n", encoding="utf-8")
    scenario = load(path)
    assert scenario.issues[0].scale == Scale(low=4, high=10)
    assert scenario.actor("A").salience["issue"].value == 0.8  # percentages are divided by 100
    assert load(path, scale=(0, 20)).issues[0].scale.high == 20
    with pytest.raises(ScenarioError, match=r"ec\.csv:3 actor 'B'.*not a number"):
        parse_csv("Actor,Capability,Position,Salience\nA,1,4,0.5\nB,x,10,0.5\n", source=str(path))
    with pytest.raises(ScenarioError, match="header lacks salience"):
        parse_csv("Actor,Capability,Position\nA,1,4\n")


KTAB = """Demo,"a test",3,2,
Actor,Description,Power,Pos A,Sal A,Pos B,Sal B,
X, first, 100, 10, 50, 90, 20,
Y, second, 50.5, 60, 30, 40, 40,
Z, third, 20, 80, 90, 0, 10,
"""


def test_ktab_csv_round_trip(tmp_path: Path) -> None:
    scenario = parse_ktab_csv(KTAB)
    assert [a.id for a in scenario.actors] == ["X", "Y", "Z"]
    assert [i.name for i in scenario.issues] == ["Pos A", "Pos B"]
    assert scenario.actor("Y").salience["d2"].value == 0.4
    again = parse_ktab_csv(to_ktab_csv(scenario))
    assert [(a.capability.value, a.positions, a.salience) for a in again.actors] == [
        (a.capability.value, a.positions, a.salience) for a in scenario.actors
    ]
    path = tmp_path / "k.csv"
    path.write_text(KTAB.replace(",3,2,", ",4,2,"), encoding="utf-8")
    with pytest.raises(ScenarioError, match="announces 4 actors but 3 rows"):
        load(path)


def test_ktab_csv_refuses_an_actor_without_a_part() -> None:
    scenario = parse_ktab_csv(KTAB)
    y = scenario.actor("Y")
    apart = y.model_copy(update={"positions": {"d1": y.positions["d1"]}, "salience": {"d1": y.salience["d1"]}})
    partial = scenario.model_copy(update={"actors": (scenario.actors[0], apart, scenario.actors[2])})
    with pytest.raises(ScenarioError, match=r"actor 'Y' takes no part in issue 'd2'.*KTAB's CSV cannot express") as err:
        to_ktab_csv(partial)
    assert err.value.fix is not None and "YAML" in err.value.fix


def test_shared_ktab_files_load(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "benchmarks" / "ktab").glob("*.csv")):
        scenario = load(path)
        assert len(scenario.actors) >= 7 and scenario.issues


def test_unknown_format(tmp_path: Path) -> None:
    (tmp_path / "s.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ScenarioError, match="unknown scenario format"):
        load(tmp_path / "s.txt")


names = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=8)
unit = st.floats(0, 1, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=2, max_size=6, unique=True), st.data())
def test_yaml_round_trip(ids: list[str], data: st.DataObject) -> None:
    issues = (Issue(id="i1", scale=Scale(low=-5, high=5, low_label="no")), Issue(id="i2", name="Second"))
    actors = []
    for actor_id in ids:
        sd = data.draw(st.one_of(st.none(), st.floats(0.1, 3)))
        actors.append(
            ActorEntry(
                id=actor_id,
                capability=Estimate(value=data.draw(st.floats(0.01, 1e6)), sd=sd),
                positions={
                    "i1": Estimate(
                        value=data.draw(st.floats(-5, 5)),
                        evidence=(Evidence(document="d.txt", sentence="It said so."),),
                    ),
                    "i2": Estimate(value=data.draw(st.floats(0, 100))),
                },
                salience={"i1": Estimate(value=data.draw(unit)), "i2": Estimate(value=data.draw(unit), confidence=0.5)},
            )
        )
    scenario = Scenario(name="rt", issues=issues, actors=tuple(actors))
    if all(a.salience[i].value == 0 for i in ("i1", "i2") for a in actors):
        return
    try:
        assert parse_yaml(to_yaml(scenario)) == scenario
    except ScenarioValidationError as err:  # only the all-zero salience rule may refuse a generated scenario
        assert all("salience on issue" in p.what for p in err.problems)


def test_make_actor_helper() -> None:
    actor = make_actor("A", 2.0, {"x": 10.0}, {"x": 0.5}, name="Alpha")
    assert actor.label == "Alpha" and actor.positions["x"].value == 10.0
