"""Assemble the conflict system with evidence from a workspace's stored extractions.

``conflict_system`` assembles the ``detente.conflict/1`` JSON (documented in docs/schema.md): documents, actors,
places, dates, events and relations, every item linked to its sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from detente.kb import load_kb
from detente.model.mention import Mention
from detente.store import (
    Workspace,
    kb_extensions,
    load_events,
    load_mentions,
    load_stated_relations,
)
from detente.system.relations import relations_records

SCHEMA = "detente.conflict/1"


def _evidence(texts: dict[str, str], paths: dict[str, str], document: str, m: Mention) -> dict[str, Any]:
    return {
        "document": document,
        "path": paths[document],
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "sentence": texts[document][m.sentence_start : m.sentence_end],
    }


def conflict_system(workspace: Workspace) -> dict[str, Any]:
    """The conflict system as JSON-ready data: documents, actors, places, dates, events and relations, every item
    with its sentence."""
    kb = load_kb(texts=kb_extensions(workspace))
    docs = workspace.documents()
    texts = {d.id: d.text for d in docs}
    paths = {d.id: d.path for d in docs}
    published = {d.id: d.published for d in docs}
    actors: dict[str, dict[str, Any]] = {}
    for document, m in load_mentions(workspace, "actor"):
        if m.entity not in actors:
            entry = kb.actors.get(m.entity)
            if entry is not None:
                actors[m.entity] = {"id": m.entity, "name": entry.name, "kind": entry.kind, "country": entry.country,
                                    "sector": entry.sector, "resolved": True, "mentions": []}  # fmt: skip
            else:
                kind = m.entity[1:].partition(":")[0]
                actors[m.entity] = {"id": m.entity, "name": m.text, "kind": kind, "country": None, "sector": None,
                                    "resolved": False, "mentions": []}  # fmt: skip
        evidence = _evidence(texts, paths, document, m)
        evidence["sector"] = m.sector
        evidence["how"] = m.label
        entry = kb.actors.get(m.entity)
        if entry is not None and entry.kind == "person":
            link = entry.rolls_up_to(published[document])
            evidence["speaks_for"] = link.actor if link else None
        actors[m.entity]["mentions"].append(evidence)
    places: dict[str, dict[str, Any]] = {}
    for document, m in load_mentions(workspace, "place"):
        place = kb.places[m.entity]
        entry_p = places.setdefault(m.entity, {"id": m.entity, "name": place.name, "country": place.country,
                                              "lat": place.lat, "lon": place.lon, "mentions": []})  # fmt: skip
        entry_p["mentions"].append(_evidence(texts, paths, document, m))
    dates = [
        _evidence(texts, paths, document, m) | {"date": m.entity, "precision": m.precision}
        for document, m in load_mentions(workspace, "date")
    ]
    events = [_event(texts, paths, document, seq, e, kb) for seq, (document, e) in _numbered(load_events(workspace))]
    stated = [_evidence_of(texts, paths, document, r.sentence_start, r.sentence_end)
              | {"kind": r.kind, "source": r.source, "target": r.target, "cue": r.cue, "start": r.start, "end": r.end,
                 "date": _iso(published[document])}
              for document, r in load_stated_relations(workspace)]  # fmt: skip
    return {
        "schema": SCHEMA,
        "documents": [
            {
                "id": d.id,
                "path": d.path,
                "line": d.line,
                "title": d.title,
                "published": d.published.isoformat() if d.published else None,
                "source": d.source,
            }
            for d in docs
        ],
        "actors": sorted(actors.values(), key=lambda a: (-len(a["mentions"]), a["id"])),
        "places": sorted(places.values(), key=lambda p: (-len(p["mentions"]), p["id"])),
        "dates": dates,
        "events": events,
        "stated_relations": stated,
        "relations": relations_records(events, stated),
    }


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _numbered(rows: list[tuple[str, Any]]) -> Iterable[tuple[int, tuple[str, Any]]]:
    seq: dict[str, int] = {}
    for document, item in rows:
        seq[document] = seq.get(document, -1) + 1
        yield seq[document], (document, item)


def _evidence_of(texts: dict[str, str], paths: dict[str, str], document: str, start: int, end: int) -> dict[str, Any]:
    return {"document": document, "path": paths[document], "sentence": texts[document][start:end]}


def _event(texts: dict[str, str], paths: dict[str, str], document: str, seq: int, e: Any, kb: Any) -> dict[str, Any]:
    place = kb.places.get(e.place) if e.place else None
    return {
        "id": f"{document[:12]}-{seq}",
        "type": e.type,
        "mode": e.mode,
        "source": list(e.source),
        "target": list(e.target),
        "date": e.date.isoformat() if e.date else None,
        "date_precision": e.date_precision,
        "date_from": e.date_from,
        "place": e.place,
        "place_name": place.name if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "document": document,
        "path": paths[document],
        "sentence": texts[document][e.sentence_start : e.sentence_end],
        "trigger": e.trigger,
        "start": e.start,
        "end": e.end,
        "confidence": e.confidence,
        "negated": e.negated,
        "hypothetical": e.hypothetical,
        "claimed": e.claimed,
        "reported_by": list(e.reported_by),
        "score": e.score,
    }


def actors_frame(system: dict[str, Any]) -> pd.DataFrame:
    rows = [{"id": a["id"], "name": a["name"], "kind": a["kind"], "country": a["country"], "resolved": a["resolved"],
             "mentions": len(a["mentions"]), "documents": len({m["document"] for m in a["mentions"]})}
            for a in system["actors"]]  # fmt: skip
    return pd.DataFrame(rows)


def places_frame(system: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for p in system["places"]:
        rows.append({"id": p["id"], "name": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
                     "mentions": len(p["mentions"])})  # fmt: skip
    return pd.DataFrame(rows)
