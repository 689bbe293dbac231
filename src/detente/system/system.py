"""``ConflictSystem``: the assembled conflict system with pandas views and file exports.

system = ConflictSystem.from_workspace(ws)
system.events_frame()          # one row per coded event, with its sentence
system.relations_frame("M")    # actor-to-actor weights by month
system.timeline_frame()        # events merged across articles, in date order
system.write("events.parquet") # json, plover.jsonl (PLOVER-style), csv, parquet, graphml, gexf
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from detente.errors import DetenteError
from detente.store import Workspace
from detente.system.assemble import actors_frame, conflict_system, places_frame
from detente.system.relations import happened, relation_graph, relations_frame
from detente.system.timeline import timeline_frame

EVENT_COLUMNS = ["id", "date", "date_precision", "type", "mode", "source", "target", "place", "place_name", "country",
                 "lat", "lon", "score", "confidence", "negated", "hypothetical", "claimed", "reported_by", "trigger",
                 "document", "path", "start", "end", "sentence"]  # fmt: skip
FORMATS = {".json": "json", ".jsonl": "plover", ".csv": "csv", ".parquet": "parquet", ".graphml": "graphml",
           ".gexf": "gexf"}  # fmt: skip


class ConflictSystem:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    @classmethod
    def from_workspace(cls, workspace: Workspace) -> ConflictSystem:
        return cls(conflict_system(workspace))

    # -- views --------------------------------------------------------------------------------------------------
    def actors_frame(self) -> pd.DataFrame:
        return actors_frame(self.data)

    def places_frame(self) -> pd.DataFrame:
        return places_frame(self.data)

    def events_frame(self, *, include_flagged: bool = True) -> pd.DataFrame:
        rows = [e for e in self.data["events"] if include_flagged or happened(e)]
        return pd.DataFrame(rows, columns=EVENT_COLUMNS)

    def relations_frame(self, freq: str | None = None, *, include_flagged: bool = False) -> pd.DataFrame:
        return relations_frame(self.data["events"], self.data["stated_relations"], freq=freq,
                               include_flagged=include_flagged)  # fmt: skip

    def timeline_frame(self, *, include_flagged: bool = True) -> pd.DataFrame:
        return timeline_frame(self.data["events"], include_flagged=include_flagged)

    def graph(self, *, start: str | None = None, end: str | None = None) -> nx.DiGraph:
        return relation_graph(self.data, start=start, end=end)

    # -- exports ------------------------------------------------------------------------------------------------
    def plover_records(self) -> list[dict[str, Any]]:
        """Events as PLOVER-style records: actor and recipient lists with country and sector, event_scale."""
        actors = {a["id"]: a for a in self.data["actors"]}

        def party(actor_id: str) -> dict[str, Any]:
            actor = actors.get(actor_id, {})
            return {"id": actor_id, "name": actor.get("name", actor_id), "country": actor.get("country"),
                    "sector": actor.get("sector")}  # fmt: skip

        return [{"id": e["id"], "date": e["date"], "date_precision": e["date_precision"], "event_type": e["type"],
                 "mode": e["mode"], "actor": [party(a) for a in e["source"]],
                 "recipient": [party(a) for a in e["target"]], "event_text": e["sentence"], "trigger": e["trigger"],
                 "location": {"id": e["place"], "name": e["place_name"], "country": e["country"], "lat": e["lat"],
                              "lon": e["lon"]} if e["place"] else None,
                 "event_scale": e["score"], "confidence": e["confidence"], "negated": e["negated"],
                 "hypothetical": e["hypothetical"], "claimed": e["claimed"], "reported_by": e["reported_by"],
                 "document": e["document"], "path": e["path"], "start": e["start"], "end": e["end"]}
                for e in self.data["events"]]  # fmt: skip

    def write(self, path: str | Path, *, format: str | None = None) -> Path:
        """Write the system: ``json`` (detente.conflict/1), ``plover`` (JSONL), ``csv`` or ``parquet`` (the event
        table), ``graphml`` or ``gexf`` (the relation graph). The format defaults to the file's suffix."""
        path = Path(path)
        chosen = format or FORMATS.get(path.suffix.lower())
        if chosen not in set(FORMATS.values()):
            raise DetenteError(f"unknown export format {chosen or path.suffix!r}", where=str(path),
                               fix=f"use one of {', '.join(sorted(set(FORMATS.values())))}")  # fmt: skip
        if chosen == "json":
            path.write_text(json.dumps(self.data, indent=1, ensure_ascii=False), encoding="utf-8")
        elif chosen == "plover":
            with path.open("w", encoding="utf-8") as out:
                for record in self.plover_records():
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif chosen == "csv":
            frame = self.events_frame()
            for column in ("source", "target", "reported_by"):
                frame[column] = frame[column].map(";".join)
            frame.to_csv(path, index=False)
        elif chosen == "parquet":
            self.events_frame().to_parquet(path, index=False)
        elif chosen == "graphml":
            nx.write_graphml(self.graph(), path)
        else:
            nx.write_gexf(self.graph(), path)
        return path
