"""The pipeline: versioned component names written once, the spaCy model an option, typed errors."""

from __future__ import annotations

import pytest

from detente.errors import ExtractionError, UnknownModelError
from detente.extract.pipeline import COMPONENTS, load_pipeline
from detente.extract.registry import spacy_factory


def test_the_pipeline_runs_the_versioned_components_in_order_after_ner() -> None:
    nlp = load_pipeline()
    names = nlp.pipe_names
    assert names[-len(COMPONENTS) :] == list(COMPONENTS)
    assert all(name.startswith("detente.") and name.endswith(".v1") for name in COMPONENTS)
    assert names.index("ner") < names.index(COMPONENTS[0])


def test_an_unknown_component_name_lists_the_known_ones() -> None:
    with pytest.raises(UnknownModelError, match=r"detente\.actors\.v1"):
        spacy_factory("detente.actors.v9")


def test_the_spacy_model_is_an_option_and_a_missing_one_says_how_to_fix() -> None:
    with pytest.raises(ExtractionError, match="not installed"):
        load_pipeline(model="xx_no_such_model")


def test_relations_read_only_the_doc() -> None:
    """The relation finder builds no event coder of its own: it reads the actor mentions on the Doc."""
    import detente.extract.relations as relations

    assert not hasattr(relations, "EventCoder")
