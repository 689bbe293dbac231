"""Watch rules: validated with one-line errors, and evaluated purely over a conflict system and stored forecasts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from detente.errors import AlertRuleError
from detente.model import ConflictSystem
from detente.store.alerts import StoredForecast
from detente.system.alerts import evaluate, load_rules, parse_rules


def test_event_rules_match_a_pair_either_way_types_and_intensity(example_system: ConflictSystem) -> None:
    event = next(e for e in example_system.events if e.source and e.target)
    pair = [event.target[0], event.source[0]]  # the other way round
    rules = parse_rules({"rules": [{"name": "pair", "actors": pair, "types": [event.type],
                                    "score_at_most": event.score, "score_at_least": event.score}]}, "test")  # fmt: skip
    found = evaluate(rules, example_system, [])
    item = f"{event.evidence.document}:{event.evidence.start}:{event.evidence.end}:{event.type}"
    assert item in {a.item for a in found}
    hit = next(a for a in found if a.item == item)
    assert hit.document == event.evidence.document and hit.sentence == event.evidence.sentence
    for a in found:  # nothing matched that breaks a condition
        matched = next(e for e in example_system.events if f"{e.evidence.document}:{e.evidence.start}" in a.item)
        assert matched.type == event.type and matched.score == event.score
    assert evaluate(rules, example_system, [], {(a.rule, a.item) for a in found}) == []
    above = parse_rules({"rules": [{"name": "hot", "score_at_least": event.score + 0.01, "types": [event.type],
                                    "actors": pair}]}, "test")  # fmt: skip
    assert item not in {a.item for a in evaluate(above, example_system, [])}


def test_new_actors_above_n_mentions(example_system: ConflictSystem) -> None:
    most = max(len(a.mentions) for a in example_system.actors)
    rules = parse_rules({"rules": [{"name": "new", "new_actor_mentions": most - 1}]}, "test")
    found = evaluate(rules, example_system, [])
    assert found and {a.item for a in found} == {
        f"actor:{a.id}" for a in example_system.actors if len(a.mentions) == most
    }
    assert all(a.sentence for a in found)


def _forecast(when: str, value: float, model: str = "eum") -> StoredForecast:
    return StoredForecast("talks", model, when, {"issues": [{"id": "ceasefire", "forecast": value}]})


def test_a_forecast_move_over_the_threshold_alerts() -> None:
    rules = parse_rules({"rules": [{"name": "move", "forecast_move": 10, "model": "eum"}]}, "test")
    stored = [_forecast("2026-01-01", 40), _forecast("2026-01-02", 45), _forecast("2026-01-03", 60),
              _forecast("2026-01-01", 0, "nash"), _forecast("2026-01-02", 90, "nash")]  # fmt: skip
    found = evaluate(rules, ConflictSystem(), stored)
    assert [(a.item, a.what) for a in found] == [
        ("forecast:talks:eum:ceasefire:2026-01-03", "talks eum ceasefire: 45 -> 60")
    ]


@pytest.mark.parametrize(
    ("rules", "words"),
    [
        ({"rules": [{"name": "x", "score_at_most": "high"}]}, ["rule x", "field score_at_most"]),
        ({"rules": [{"name": "y", "actors": ["A"]}]}, ["rule y", "field actors"]),
        ({"rules": [{"name": "z", "colour": "red", "types": ["ASSAULT"]}]}, ["rule z", "field colour"]),
        ({"rules": [{"name": "both", "types": ["ASSAULT"], "forecast_move": 5}]}, ["rule both", "exactly one test"]),
        ({"rules": [{"types": ["ASSAULT"]}]}, ["rule #1", "field name"]),
        ({"rules": [{"name": "c", "cell_evidence": "d.yaml", "forecast_move": 3}]}, ["rule c", "cell_evidence"]),
    ],
)
def test_bad_rules_are_one_line_errors(rules: object, words: list[str]) -> None:
    with pytest.raises(AlertRuleError) as err:
        parse_rules(rules, "rules.yaml")
    message = str(err.value)
    assert "\n" not in message and message.startswith("rules.yaml: ")
    assert all(w in message for w in words), message


def test_an_unreadable_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(AlertRuleError, match="cannot read the rules"):
        load_rules(path)


@dataclass(frozen=True)
class _Move:
    actor: str
    issue: str | None
    field: str
    after: float | None
    evidence: tuple[str, ...]
    new_evidence: tuple[str, ...] = ()
    new_documents: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"{self.actor} {self.field} on {self.issue}: -> {self.after}"


def test_cell_evidence_alerts_once_per_change_and_once_per_cell(tmp_path: Path) -> None:
    rules_file = tmp_path / "alerts.yaml"
    rules_file.write_text("rules:\n  - {name: cells, cell_evidence: draft.yaml}\n", encoding="utf-8")
    (rule,) = load_rules(rules_file)
    path = str(tmp_path / "draft.yaml")
    assert rule.cell_evidence == path  # read from the rules file's folder
    moves = [_Move("IRN", "ceasefire", "position", 90.0, ("d1:0:40",), ("Iran wants a truce.",), ("d1",)),
             _Move("IRN", "ceasefire", "salience", 0.9, ("d1:0:40",), ("Iran wants a truce.",), ("d1",)),
             _Move("TUR", "ceasefire", "salience", 0.5, ("d2:5:60",))]  # fmt: skip
    found = evaluate([rule], ConflictSystem(), [], cells={path: moves})
    assert [(a.what.split(":")[1].strip(), a.document, a.sentence) for a in found] == [
        ("IRN position on ceasefire", "d1", "Iran wants a truce."),  # its salience moved with it: one alert
        ("TUR salience on ceasefire", None, None),
    ]
    assert "(1 new sentence)" in found[0].what and "(evidence changed)" in found[1].what
    seen = {(a.rule, a.item) for a in found}
    assert evaluate([rule], ConflictSystem(), [], seen, cells={path: moves}) == []
    other = [_Move("IRN", "ceasefire", "position", 90.0, ("d1:0:40", "d3:0:20"), ("Iran again.",), ("d3",))]
    again = evaluate([rule], ConflictSystem(), [], seen, cells={path: other})  # same value, new evidence: new alert
    assert [a.document for a in again] == ["d3"]
    assert evaluate([rule], ConflictSystem(), []) == []  # nothing drafted again for it: nothing to say
