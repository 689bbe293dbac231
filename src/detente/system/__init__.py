"""The conflict system stage: stored extractions + knowledge base -> :class:`detente.model.ConflictSystem`
(assemble.py), relations (relations.py), the merged timeline (timeline.py), pandas views (views.py) and exports
(export.py).

    system = conflict_system(workspace)
    events_frame(system)              # one row per coded event, with its sentence
    relations_frame(system, "M")      # actor-to-actor weights by month
    write(system, "events.parquet")   # json, plover.jsonl, csv, parquet, graphml, gexf
"""

from detente.model import SCHEMA, ConflictSystem
from detente.system.assemble import conflict_system
from detente.system.export import FORMATS, export_format, plover_records, write
from detente.system.relations import relation_graph
from detente.system.timeline import timeline_records
from detente.system.views import actors_frame, events_frame, places_frame, relations_frame, timeline_frame

__all__ = [
    "FORMATS",
    "SCHEMA",
    "ConflictSystem",
    "actors_frame",
    "conflict_system",
    "events_frame",
    "export_format",
    "places_frame",
    "plover_records",
    "relation_graph",
    "relations_frame",
    "timeline_frame",
    "timeline_records",
    "write",
]
