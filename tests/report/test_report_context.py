"""What the report shows beside a forecast (baselines, track record, weight shares, warnings), the chart of errors
by model from the stored backtest, and the scenario's values with their basis, evidence and sensitivity."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.bargain import forecast
from detente.bargain.context import stored
from detente.bargain.sensitivity import sensitivities
from detente.model import Article, ConflictSystem
from detente.report import view_model, write_pngs
from detente.report.context import backtest_view, issue_context
from detente.scenario import load
from detente.scenario.model import ActorEntry, Estimate, Evidence, Issue, Scenario

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"
TEXT = "Talks resumed. Russia wants Assad to stay. Later: Russia wants Assad to stay. Done."


def _two_actors(evidence: tuple[Evidence, ...] = (), basis: str | None = None) -> Scenario:
    def actor(name: str, cap: float, pos: float) -> ActorEntry:
        return ActorEntry(id=name, capability=Estimate(value=cap, basis="table"),
                          positions={"x": Estimate(value=pos, evidence=evidence, basis=basis)},  # type: ignore[arg-type]
                          salience={"x": Estimate(value=0.5)})  # fmt: skip

    return Scenario(issues=(Issue(id="x"),), actors=(actor("RUS", 9, 90), actor("USA", 1, 10)))


def test_every_forecast_carries_its_context(example_system: ConflictSystem) -> None:
    scenario = load(EXAMPLE / "scenario.yaml")
    stored_json = forecast(scenario, "nash").to_json()
    view = view_model(example_system, [], scenario=scenario, forecasts=[stored_json])
    for issue, source in zip(view["forecasts"][0]["issues"], stored_json["issues"], strict=True):
        context = issue["context"]
        assert {b["name"]: b["value"] for b in context["baselines"]} == {
            "weighted mean": source["baselines"]["weighted_mean"],
            "midpoint": source["baselines"]["midpoint"],
        }
        assert context["track_record"].startswith(f"on {stored()['issues']} EU decisions this model erred by")
        shares = [s["share"] for s in context["shares"]]
        assert shares == sorted(shares, reverse=True) and sum(shares) == pytest.approx(1.0)
        assert {s["actor"] for s in context["shares"]} == {a.id for a in scenario.actors}
        top = context["shares"][0]
        assert (context["dominant"] == top["actor"]) is (top["share"] > 0.5)
        assert bool(context["warnings"]) is (context["dominant"] is not None)
        assert context["warnings"] == source["warnings"]
    assert "context" not in stored_json["issues"][0], "the stored JSON is left as it was"


def test_dominance_is_flagged_even_in_an_older_stored_forecast() -> None:
    result = forecast(_two_actors(), "mean").to_json()
    assert result["issues"][0]["warnings"], "RUS holds 90% of the weight"
    old = {**result, "track_record": None, "issues": [{k: v for k, v in result["issues"][0].items()
                                                        if k not in ("baselines", "warnings")}]}  # fmt: skip
    context = issue_context(old, old["issues"][0])
    assert context["dominant"] == "RUS" and "RUS holds 90%" in context["warnings"][0]
    assert context["baselines"] == [] and "no backtest figure" in context["track_record"]


def test_track_record_sentence_is_on_the_issue_scale() -> None:
    scenario = _two_actors().model_copy(update={"issues": (Issue(id="x", scale={"low": 0, "high": 10}),)})
    result = forecast(scenario, "mean").to_json()
    sentence = issue_context(result, result["issues"][0])["track_record"]
    mae = stored()["models"]["mean"]["mae"]
    assert f"about {mae / 10:.3g} on a scale 0-10" in sentence


def test_backtest_rows_come_from_the_stored_figures() -> None:
    view = backtest_view()
    assert view is not None
    figures = stored()["models"]
    assert [r["name"] for r in view["models"]] == sorted(figures, key=lambda k: figures[k]["mae"])
    assert view["source"] == stored()["source"] and "DEU" in view["source"]
    for row in view["models"]:
        low, high = figures[row["name"]]["mae_minus_mean_ci"]
        assert row["mae"] == figures[row["name"]]["mae"] and row["ci"] == [low, high]
        assert row["label"].endswith(f"({row['n']} decisions)") is (row["n"] != stored()["issues"])
        if row["name"] != "mean":
            assert row["verdict"].startswith("better") is (high < 0)
            assert row["verdict"].startswith("worse") is (low > 0)


def test_backtest_png(example_system: ConflictSystem, tmp_path: Path) -> None:
    view = view_model(example_system, [])
    written = write_pngs(view, tmp_path)
    chart = tmp_path / "backtest.png"
    assert chart in written and chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 10_000


def test_scenario_evidence_opens_at_its_offsets_without_a_search(example_system: ConflictSystem) -> None:
    article = Article.from_parts(text=TEXT, path="a.txt", format="text")
    second = TEXT.rindex("Russia wants")  # the sentence occurs twice: the offsets say which
    quote = Evidence(document="a.txt", sentence="Russia wants Assad to stay.", id=article.id, start=second,
                     end=second + 27, speaker="Lavrov", cue="wants", date="2016-10-01", kind="statement")  # fmt: skip
    view = view_model(example_system, [article], scenario=_two_actors((quote,), "stated"))
    cell = next(c for c in view["scenario"]["cells"] if c["actor"] == "RUS" and c["field"] == "position")
    assert cell["basis"] == "stated"
    (row,) = cell["evidence"]
    assert (row["doc"], row["s0"], row["s1"]) == (article.id, second, second + 27)
    assert TEXT[row["s0"] : row["s1"]] == row["sentence"]
    assert (row["speaker"], row["cue"], row["date"], row["attributed"]) == ("Lavrov", "wants", "2016-10-01", False)
    capability = next(c for c in view["scenario"]["cells"] if c["field"] == "capability")
    assert capability["basis"] == "table" and capability["evidence"] == []
    assert view["scenario"]["cited"] == 2 and view["scenario"]["empty"] is None


def test_a_scenario_without_evidence_says_so(example_system: ConflictSystem) -> None:
    view = view_model(example_system, [], scenario=_two_actors())
    assert view["scenario"]["cited"] == 0 and "cites a sentence" in view["scenario"]["empty"]
    assert view["scenario"]["sensitivity"] is None


def test_sensitivity_reaches_the_view(example_system: ConflictSystem) -> None:
    scenario = _two_actors()
    cells = [s.to_json() for s in sensitivities(scenario, "mean")]
    view = view_model(example_system, [], scenario=scenario, sensitivity={"model": "detente.mean.v1", "cells": cells})
    shown = view["scenario"]["sensitivity"]
    assert shown["model"] == "detente.mean.v1" and shown["cells"] == cells
    assert (shown["cells"][0]["actor"], shown["cells"][0]["field"]) == ("RUS", "position")


def test_an_actor_without_a_position_takes_no_part(example_system: ConflictSystem) -> None:
    both = [
        a.model_copy(
            update={
                "positions": {**a.positions, "y": Estimate(value=50)},
                "salience": {**a.salience, "y": Estimate(value=0.5)},
            }
        )
        for a in _two_actors().actors
    ]
    outsider = ActorEntry(
        id="UN", capability=Estimate(value=1), positions={"y": Estimate(value=20)}, salience={"y": Estimate(value=0.9)}
    )  # takes part in y only
    scenario = Scenario(issues=(Issue(id="x"), Issue(id="y")), actors=(*both, outsider))
    cells = [s.to_json() for s in sensitivities(scenario, "mean")]
    assert {(c["field"], c["cell_issue"]) for c in cells if c["actor"] == "UN"} == {
        ("capability", None),
        ("position", "y"),
        ("salience", "y"),
    }
    view = view_model(example_system, [], scenario=scenario, sensitivity={"model": "detente.mean.v1", "cells": cells})
    un = [c for c in view["scenario"]["cells"] if c["actor"] == "UN" and c["issue"] == "x"]
    assert len(un) == 2 and all(c["absent"] and c["value"] is None for c in un)
    assert not any(c["absent"] for c in view["scenario"]["cells"] if c["actor"] != "UN")
