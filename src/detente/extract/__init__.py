"""Extraction: articles through a spaCy pipeline with detente's components to resolved mentions.

Components, one a file, registered as spaCy factories: ``detente_actors`` (actors.py), ``detente_places``
(places.py), ``detente_dates`` (dates.py). :func:`load_pipeline` builds the pipeline; :func:`extract_articles`
runs it over articles with ``nlp.pipe``.
"""

from detente.extract.pipeline import extract_articles, load_pipeline

__all__ = ["extract_articles", "load_pipeline"]
