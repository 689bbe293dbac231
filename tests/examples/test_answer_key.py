"""The example corpus and its answer key agree: every stated mention, place and evidence is in its article."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from detente.model import Article
from detente.store import Workspace
from detente.store.articles import ingest_paths


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, example_dir: Path) -> dict[tuple[str, int | None], Article]:
    with Workspace.open(tmp_path_factory.mktemp("ws")) as ws:
        report = ingest_paths(ws, [example_dir / "articles"])
        assert report.rejected == [] and report.duplicates == 0
        docs = ws.documents()
    return {(str(Path(d.path).relative_to(example_dir)), d.line): d for d in docs}


def test_every_article_has_an_answer(corpus: dict[tuple[str, int | None], Article], answers: dict[str, Any]) -> None:
    keyed = {(a["file"], a["line"]) for a in answers["articles"]}
    assert keyed == set(corpus)
    assert 10 <= len(corpus) <= 20


def test_answers_are_stated_in_their_articles(
    corpus: dict[tuple[str, int | None], Article], answers: dict[str, Any]
) -> None:
    known_actors = set(answers["actors"])
    for answer in answers["articles"]:
        doc = corpus[(answer["file"], answer["line"])]
        assert doc.title == answer["title"]
        assert doc.source == answer["source"]
        assert doc.published == date.fromisoformat(answer["published"])
        for actor in answer["actors"]:
            assert actor["actor"] in known_actors
            for mention in actor["mentions"]:
                assert mention in doc.text, (answer["file"], mention)
        for place in answer["places"]:
            assert place["text"] in doc.text, (answer["file"], place["text"])
        for event in answer["events"]:
            assert event["evidence"] in doc.text, (answer["file"], event["evidence"])
            assert set(event["source"]) | set(event["target"]) <= known_actors
