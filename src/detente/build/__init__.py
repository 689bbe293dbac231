"""Build the conflict system: extraction over a workspace (assemble.py), relations (relations.py), the merged
timeline (timeline.py), and ``ConflictSystem`` with its pandas views and exports (system.py)."""

from detente.build.assemble import (
    PIPELINE,
    SCHEMA,
    actors_frame,
    conflict_system,
    extract_workspace,
    places_frame,
    set_kb_files,
)
from detente.build.relations import relation_graph, relations_frame
from detente.build.system import ConflictSystem
from detente.build.timeline import timeline_frame

__all__ = [
    "PIPELINE",
    "SCHEMA",
    "ConflictSystem",
    "actors_frame",
    "conflict_system",
    "extract_workspace",
    "places_frame",
    "relation_graph",
    "relations_frame",
    "set_kb_files",
    "timeline_frame",
]
