"""The conflict system: stored extractions + knowledge base -> resolved actors, relations (relations.py), the merged
timeline (timeline.py), and ``ConflictSystem`` with its views and exports (system.py)."""

from detente.system.assemble import SCHEMA, actors_frame, conflict_system, places_frame
from detente.system.relations import relation_graph, relations_frame
from detente.system.system import ConflictSystem
from detente.system.timeline import timeline_frame

__all__ = [
    "SCHEMA",
    "ConflictSystem",
    "actors_frame",
    "conflict_system",
    "places_frame",
    "relation_graph",
    "relations_frame",
    "timeline_frame",
]
