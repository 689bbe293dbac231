from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from spacy.tokens import Doc

from detente.extract.pipeline import load_pipeline
from detente.model.mention import Mention


@pytest.fixture(scope="session")
def analyse() -> Callable[..., list[Mention]]:
    nlp = load_pipeline()

    def run(text: str, published: date | None = date(2016, 9, 23)) -> list[Mention]:
        doc = nlp.make_doc(text)
        doc._.published = published
        doc = nlp(doc)
        return [*doc._.actor_mentions, *doc._.place_mentions, *doc._.date_mentions]

    return run


@pytest.fixture(scope="session")
def code() -> Callable[..., Doc]:
    """The whole pipeline over one text published on 2016-09-23: events in ``doc._.events``."""
    nlp = load_pipeline()

    def run(text: str, published: date | None = date(2016, 9, 23)) -> Doc:
        doc = nlp.make_doc(text)
        doc._.published = published
        return nlp(doc)

    return run
