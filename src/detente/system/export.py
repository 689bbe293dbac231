"""Write the conflict system: ``json`` (detente.conflict/1), ``plover`` (JSONL), ``csv`` or ``parquet`` (the event
table), ``graphml`` or ``gexf`` (the relation graph)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from detente.errors import ExportError
from detente.model import ConflictSystem
from detente.system.relations import relation_graph
from detente.system.views import events_frame

FORMATS = {".json": "json", ".jsonl": "plover", ".csv": "csv", ".parquet": "parquet", ".graphml": "graphml",
           ".gexf": "gexf"}  # fmt: skip


def plover_records(system: ConflictSystem) -> list[dict[str, Any]]:
    """Events as PLOVER-style records: actor and recipient lists with country and sector, event_scale."""
    actors = {a.id: a for a in system.actors}

    def party(actor_id: str) -> dict[str, Any]:
        actor = actors.get(actor_id)
        return {"id": actor_id, "name": actor.name if actor else actor_id, "country": actor and actor.country,
                "sector": actor and actor.sector}  # fmt: skip

    return [{"id": e.id, "date": e.date, "date_precision": e.date_precision, "event_type": e.type, "mode": e.mode,
             "actor": [party(a) for a in e.source], "recipient": [party(a) for a in e.target],
             "event_text": e.evidence.sentence, "trigger": e.trigger,
             "location": {"id": e.place, "name": e.place_name, "country": e.country, "lat": e.lat, "lon": e.lon}
             if e.place else None,
             "event_scale": e.score, "confidence": e.confidence, "negated": e.negated, "hypothetical": e.hypothetical,
             "claimed": e.claimed, "reported_by": list(e.reported_by), "document": e.evidence.document,
             "path": e.evidence.path, "start": e.evidence.start, "end": e.evidence.end}
            for e in system.events]  # fmt: skip


def export_format(path: Path, format: str | None = None) -> str:
    """The format asked for, or the one the file's suffix names; an ExportError for anything else."""
    chosen = format or FORMATS.get(path.suffix.lower())
    if chosen not in set(FORMATS.values()):
        raise ExportError(f"unknown export format {chosen or path.suffix!r}", where=str(path),
                          fix=f"use one of {', '.join(sorted(set(FORMATS.values())))}")  # fmt: skip
    return chosen


def write(system: ConflictSystem, path: str | Path, *, format: str | None = None) -> Path:
    """Write the system to ``path`` in ``format`` (default: by the file's suffix)."""
    path = Path(path)
    chosen = export_format(path, format)
    if not path.parent.is_dir():
        raise ExportError("the output folder does not exist", where=str(path.parent),
                          fix="create it first or write somewhere else")  # fmt: skip
    try:
        if chosen == "json":
            path.write_text(json.dumps(system.to_json(), indent=1, ensure_ascii=False), encoding="utf-8")
        elif chosen == "plover":
            with path.open("w", encoding="utf-8") as out:
                for record in plover_records(system):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif chosen == "csv":
            frame = events_frame(system)
            for column in ("source", "target", "reported_by"):
                frame[column] = frame[column].map(";".join)
            frame.to_csv(path, index=False)
        elif chosen == "parquet":
            events_frame(system).to_parquet(path, index=False)
        elif chosen == "graphml":
            nx.write_graphml(relation_graph(system), path)
        else:
            nx.write_gexf(relation_graph(system), path)
    except OSError as err:
        raise ExportError(f"cannot write the export ({err.strerror or err})", where=str(path),
                          fix="check the path and that you may write there") from err  # fmt: skip
    return path
