"""Tidy pandas views of the conflict system: one row per actor, place, event, relation or timeline entry."""

from __future__ import annotations

import pandas as pd

from detente.model import ConflictSystem
from detente.system.relations import relations_frame as _relations_frame
from detente.system.timeline import timeline_frame as _timeline_frame

EVENT_COLUMNS = ["id", "date", "date_precision", "type", "mode", "source", "target", "place", "place_name", "country",
                 "lat", "lon", "score", "confidence", "negated", "hypothetical", "claimed", "reported_by", "trigger",
                 "document", "path", "start", "end", "sentence"]  # fmt: skip


def actors_frame(system: ConflictSystem) -> pd.DataFrame:
    """id, name, kind, country, resolved, mentions, documents."""
    rows = [{"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "resolved": a.resolved,
             "mentions": len(a.mentions), "documents": len(a.documents)} for a in system.actors]  # fmt: skip
    return pd.DataFrame(rows, columns=["id", "name", "kind", "country", "resolved", "mentions", "documents"])


def places_frame(system: ConflictSystem) -> pd.DataFrame:
    """id, name, country, lat, lon, mentions."""
    rows = [{"id": p.id, "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
             "mentions": len(p.mentions)} for p in system.places]  # fmt: skip
    return pd.DataFrame(rows, columns=["id", "name", "country", "lat", "lon", "mentions"])


def events_frame(system: ConflictSystem, *, include_flagged: bool = True) -> pd.DataFrame:
    """One row per coded event (``EVENT_COLUMNS``), with its sentence; ``include_flagged=False`` keeps only the
    events reported as fact."""
    rows = []
    for e in system.events:
        if include_flagged or e.happened:
            record = e.model_dump(exclude={"evidence"}) | e.evidence.flat()
            record["source"], record["target"] = list(e.source), list(e.target)
            record["reported_by"] = list(e.reported_by)
            rows.append(record)
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def relations_frame(system: ConflictSystem, freq: str | None = None, *, include_flagged: bool = False) -> pd.DataFrame:
    """Directed relations (see :func:`detente.system.relations.relations_frame`), sliced by ``freq`` if given."""
    return _relations_frame(system.events, system.stated_relations, freq=freq, include_flagged=include_flagged)


def timeline_frame(system: ConflictSystem, *, include_flagged: bool = True) -> pd.DataFrame:
    """Events merged across articles, in date order."""
    return _timeline_frame(system.events, include_flagged=include_flagged)
