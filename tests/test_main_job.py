"""The main job's steps: stored forecasts are read, not recomputed; a workspace never extracted says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente import pipeline
from detente.bargain import forecast as bargain_forecast
from detente.bargain import models
from detente.errors import NotExtractedError
from detente.scenario import make_actor, make_issue
from detente.scenario.model import Scenario
from detente.store import Workspace


def _scenario() -> Scenario:
    issue = make_issue("ceasefire")
    actors = (make_actor("A", 50, {"ceasefire": 20}, {"ceasefire": 0.8}),
              make_actor("B", 30, {"ceasefire": 80}, {"ceasefire": 0.5}),
              make_actor("C", 20, {"ceasefire": 60}, {"ceasefire": 0.9}))  # fmt: skip
    return Scenario(name="tiny", issues=(issue,), actors=actors)


def test_forecasts_are_computed_once_then_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def counting(scenario: Scenario, model: str = "eum", **options: object) -> object:
        calls.append(model)
        return bargain_forecast(scenario, model, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "forecast", counting)
    with Workspace.open(tmp_path / "ws") as ws:
        first = pipeline.forecasts(ws, _scenario(), ["mean", "median"], runs=20, seed=3)
        assert calls == ["mean", "median"]
        again = pipeline.forecasts(ws, _scenario(), ["mean", "median"], runs=20, seed=3)
        assert calls == ["mean", "median"] and again == first  # read from the store
        pipeline.forecasts(ws, _scenario(), ["mean"], runs=20, seed=4)  # another seed is another result
        assert calls == ["mean", "median", "mean"]
        pipeline.forecasts(ws, _scenario(), ["mean"], runs=20, seed=None)  # no seed: nothing to store or reuse
        pipeline.forecasts(ws, _scenario(), ["mean"], runs=20, seed=None)
        assert calls[-2:] == ["mean", "mean"]
    assert first[0]["model"] == "detente.mean.v1" and first[0]["runs"] == 20


def test_a_workspace_never_extracted_says_so(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Russia and the United States agreed on a ceasefire in Syria on Friday.\n", encoding="utf-8")
    with Workspace.open(tmp_path / "ws") as ws:
        pipeline.ingest(ws, [article])
        with pytest.raises(NotExtractedError, match="run `detente extract`"):
            pipeline.system(ws)
        pipeline.extract(ws)
        assert {a.id for a in pipeline.system(ws).actors} >= {"RUS", "USA"}


def test_the_whole_job_runs_once(tmp_path: Path, example_dir: Path) -> None:
    with Workspace.open(tmp_path / "ws") as ws:
        job = pipeline.run(ws, [example_dir / "articles"], scenario=example_dir / "scenario.yaml",
                           report_path=tmp_path / "r.html", runs=10)  # fmt: skip
    assert job.ingest.ingested >= 16 and job.extracted == job.ingest.ingested
    assert job.draft is not None and job.scenario is not None and job.draft.actors
    assert len(job.forecasts) == len(models()) and job.report is not None and job.report.stat().st_size > 100_000
