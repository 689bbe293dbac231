"""Extraction: articles through a spaCy pipeline with detente's components to mentions, events and relations.

Components, one a file, registered as spaCy factories under versioned names and listed once, in order, in
``pipeline.COMPONENTS``: ``detente.actors.v1`` (actors.py), ``detente.places.v1`` (places.py),
``detente.dates.v1`` (dates.py), ``detente.events.v1`` (events.py, with triggers.py, roles.py, flags.py,
circumstances.py) and ``detente.relations.v1`` (relations.py); ``detente.events.v2`` (learned.py: the event coder
with a trained veto on dictionary triggers) replaces ``detente.events.v1`` with ``load_pipeline(learned=True)``.
Each writes its results onto the Doc; later ones
read only the Doc. :func:`load_pipeline` builds the pipeline; :func:`extract_articles` runs it over articles.
"""

from detente.extract.pipeline import COMPONENTS, extract_articles, load_pipeline

__all__ = ["COMPONENTS", "extract_articles", "load_pipeline"]
