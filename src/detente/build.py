"""Build the conflict system: run extraction over a workspace, then assemble actors and places with evidence.

``extract_workspace`` extracts the documents not yet extracted (or all, with ``force``), saving each batch in one
transaction, so an interrupted run resumes where it stopped. ``conflict_system`` assembles the
``detente.conflict/1`` JSON (documented in docs/schema.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from detente.extract.pipeline import MODEL, extract_articles
from detente.kb import load_kb
from detente.model.mention import Mention
from detente.store import Workspace, extracted_documents, load_mentions, save_mentions

SCHEMA = "detente.conflict/1"
PIPELINE = f"{MODEL}+detente_actors+detente_places+detente_dates/1"


def extract_workspace(
    workspace: Workspace,
    *,
    force: bool = False,
    batch_size: int = 16,
    on_progress: Callable[[int, int], None] | None = None,
) -> int:
    """Extract mentions for the workspace's documents; returns how many documents were processed."""
    done = set() if force else extracted_documents(workspace)
    todo = [d for d in workspace.documents() if d.id not in done]
    pending: list[tuple[str, tuple[Mention, ...]]] = []
    for count, result in enumerate(extract_articles(todo, batch_size=batch_size), start=1):
        pending.append((result.document, result.mentions))
        if len(pending) >= batch_size or count == len(todo):
            with workspace.transaction() as conn:
                for document, mentions in pending:
                    save_mentions(conn, document, mentions, PIPELINE)
            pending = []
        if on_progress is not None:
            on_progress(count, len(todo))
    return len(todo)


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
    """The conflict system as JSON-ready data: documents, actors and places, every mention with its sentence."""
    kb = load_kb()
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
