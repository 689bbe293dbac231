"""The report's view model: stored results (the conflict system, its documents, a scenario and stored forecasts,
``detente.forecast/1`` JSON) turned
into one JSON-ready dict that the HTML page, the dashboard and the PNG exports all draw from. Nothing here
recomputes a result; it only selects, locates and lays out.

``provisional`` lists the actors the knowledge base does not know, most mentioned first (the dashboard's review
queue). Every evidence row carries ``doc`` (the document id) and ``s0``/``s1`` (the sentence's character offsets in that
document's text), so a click opens the article at its sentence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from detente.model import Article, ConflictSystem, Evidence
from detente.report.basemap import outlines
from detente.report.context import backtest_view, with_context
from detente.scenario.model import DraftScenario, Estimate, Scenario
from detente.scenario.model import Evidence as ScenarioEvidence

SCHEMA = "detente.report/1"
MAP_MARGIN = 2.0  # degrees around the places with events
FOCUS_RADIUS = 12.0  # degrees around the events' centre that the map opens on
GAP_DAYS = 365  # a gap between event dates longer than a year splits the timeline into runs


def locate(text: str, sentence: str, near: int | None = None) -> tuple[int, int] | None:
    """The offsets of ``sentence`` in ``text``: the occurrence that covers ``near`` when given, else the first."""
    if not sentence:
        return None
    start = text.find(sentence, max(0, (near or 0) - len(sentence)) if near is not None else 0)
    if start < 0 or (near is not None and start > near):
        start = text.find(sentence)
    return (start, start + len(sentence)) if start >= 0 else None


class _Sentences:
    """Sentence lookup over the documents, by document id or by the input path a scenario's evidence names."""

    def __init__(self, documents: Sequence[Article]) -> None:
        self.texts = {d.id: d.text for d in documents}
        self.by_path: dict[str, str] = {}
        for d in documents:
            for path in {d.path, _resolved(d.path)}:
                self.by_path.setdefault(path, d.id)
                if d.line is not None:
                    self.by_path.setdefault(f"{path}:{d.line}", d.id)

    def _document(self, document: str, sentence: str) -> str | None:
        if document in self.texts:
            return document
        path, _, line = document.rpartition(":")
        resolved = _resolved(path) + ":" + line if line.isdigit() else _resolved(document)
        found = self.by_path.get(document) or self.by_path.get(resolved)
        if found is None:  # ingested from another folder: the sentence itself identifies the document
            found = next((doc for doc, text in self.texts.items() if sentence and sentence in text), None)
        return found

    def cited(self, evidence: ScenarioEvidence) -> dict[str, Any]:
        """A scenario value's evidence row: opened by its document id and offsets when it carries them (no search),
        else found by its path and sentence; with who said it, the stance's words and the day."""
        row = self._offsets(evidence) or self.evidence(evidence.document, evidence.sentence)
        return {**row, "label": evidence.document, "date": evidence.date.isoformat() if evidence.date else None,
                "speaker": evidence.speaker, "cue": evidence.cue, "kind": evidence.kind,
                "attributed": evidence.attributed}  # fmt: skip

    def _offsets(self, evidence: ScenarioEvidence) -> dict[str, Any] | None:
        text = self.texts.get(evidence.id or "")
        if text is None or evidence.start is None or evidence.end is None or evidence.end > len(text):
            return None
        start, end = evidence.start, evidence.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return {"doc": evidence.id, "s0": start, "s1": end, "sentence": evidence.sentence.strip()}

    def evidence(self, document: str, sentence: str, near: int | None = None) -> dict[str, Any]:
        doc = self._document(document, sentence)
        if doc is None:  # evidence from a document not in this workspace: shown, but with nothing to open
            return {"doc": None, "s0": None, "s1": None, "sentence": sentence, "path": document}
        span = locate(self.texts[doc], sentence, near)
        if span is None:
            return {"doc": doc, "s0": None, "s1": None, "sentence": sentence}
        lead = len(sentence) - len(sentence.lstrip())  # the mark covers the words, not the blank lines around them
        trimmed = sentence.strip()
        return {"doc": doc, "s0": span[0] + lead, "s1": span[0] + lead + len(trimmed), "sentence": trimmed}


def located(evidence: Evidence) -> dict[str, Any]:
    """An evidence row that opens its document at the sentence (the mark covers the words, not blank lines)."""
    sentence = evidence.sentence
    lead = len(sentence) - len(sentence.lstrip())
    trimmed = sentence.strip()
    start = evidence.sentence_start + lead
    return {"doc": evidence.document, "s0": start, "s1": start + len(trimmed), "sentence": trimmed}


def _resolved(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, ValueError):
        return path


def _layout(
    events: Iterable[dict[str, Any]], stated: Iterable[dict[str, Any]], actors: Iterable[str]
) -> dict[str, Any]:
    """Node positions for the actor network: a seeded spring layout over how often two actors meet."""
    graph = nx.Graph()
    graph.add_nodes_from(actors)
    pairs: Counter[tuple[str, str]] = Counter()
    for item in [*events, *stated]:
        sources = item["source"] if isinstance(item["source"], list) else [item["source"]]
        targets = item["target"] if isinstance(item["target"], list) else [item["target"]]
        for s in sources:
            for t in targets:
                if s != t:
                    pairs[(min(s, t), max(s, t))] += 1
    for (a, b), count in pairs.items():
        graph.add_edge(a, b, weight=count)
    graph.remove_nodes_from([node for node, degree in dict(graph.degree()).items() if degree == 0])
    layout: dict[str, tuple[float, float]] = {}
    offset = 0.0
    for component in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
        part = graph.subgraph(component)
        if len(component) <= 2:
            placed = {node: (i * 0.5, 0.0) for i, node in enumerate(sorted(component))}
        else:
            spread = nx.spring_layout(part, seed=2016, k=2.0 / len(component) ** 0.5, iterations=300)
            placed = {n: (float(x), float(y)) for n, (x, y) in spread.items()}
        xs = [x for x, _ in placed.values()]
        shift = offset - min(xs)
        layout.update({n: (round(x + shift, 4), round(y, 4)) for n, (x, y) in placed.items()})
        offset += max(xs) - min(xs) + 0.6  # components side by side, largest first
    return layout


def _bbox(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    lons, lats = [x for x, _ in points], [y for _, y in points]
    return (min(lons) - MAP_MARGIN, min(lats) - MAP_MARGIN, max(lons) + MAP_MARGIN, max(lats) + MAP_MARGIN)


def _basemap(places: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """Outlines for every place with events; the first view focuses on the places within ``FOCUS_RADIUS`` degrees
    of the events' (weighted) median point, so one far-off summit does not shrink the theatre to a dot."""
    located = [p for p in places if p["lat"] is not None and p["lon"] is not None]
    if not located:
        return None
    weights = np.array([p["events"] for p in located], dtype=float)
    lon, lat = (np.array([p[key] for p in located]) for key in ("lon", "lat"))
    centre_lon, centre_lat = _weighted_median(lon, weights), _weighted_median(lat, weights)
    near = np.hypot(lon - centre_lon, lat - centre_lat) <= FOCUS_RADIUS
    bbox = _bbox(list(zip(lon, lat, strict=True)))
    focus = _bbox(list(zip(lon[near], lat[near], strict=True)))
    countries = [{"name": c.name, "lon": [list(x for x, _ in ring) for ring in c.rings],
                  "lat": [list(y for _, y in ring) for ring in c.rings]} for c in outlines(bbox)]  # fmt: skip
    return {"bbox": [float(v) for v in bbox], "focus": [float(v) for v in focus], "countries": countries}


def _day(text: str) -> date | None:
    """The day of an ISO date, a month or a year ("2016-09" is its first day); None when unreadable."""
    parts = [*text[:10].split("-"), "01", "01"][:3]
    try:
        return date(int(parts[0]), int(parts[1] or 1), int(parts[2] or 1))
    except ValueError:
        return None


def timeline_window(dates: Sequence[str], gap_days: int = GAP_DAYS) -> dict[str, Any] | None:
    """Where the timeline's axis opens: the run of event dates (no gap over ``gap_days``) holding the most events,
    padded a little; the events outside it (a stray year, a background date) are listed as outliers, so one event
    of 2011 does not squeeze a 2016 theatre into a line."""
    days = sorted(day for day in map(_day, dates) if day is not None)
    if not days:
        return None
    runs: list[list[date]] = [[days[0]]]
    for day in days[1:]:
        if (day - runs[-1][-1]).days > gap_days:
            runs.append([])
        runs[-1].append(day)
    main = max(runs, key=len)
    pad = timedelta(days=max(1, (main[-1] - main[0]).days // 30))
    outside = Counter(d.isoformat() for d in days if not main[0] <= d <= main[-1])
    return {"range": [(main[0] - pad).isoformat(), (main[-1] + pad).isoformat()],
            "outliers": [{"date": d, "events": n} for d, n in sorted(outside.items())]}  # fmt: skip


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _estimate(
    sentences: _Sentences, actor: str, issue: str | None, field: str, estimate: Estimate | None, absent: bool = False
) -> dict[str, Any]:
    """One cell: its value (None where a draft left it empty), how it was found, and its evidence."""
    if estimate is None:  # a draft's empty cell, or an actor that takes no part in the issue
        return {"actor": actor, "issue": issue, "field": field, "value": None, "sd": None, "low": None, "high": None,
                "confidence": None, "note": None, "basis": None, "evidence": [], "absent": absent}  # fmt: skip
    return {
        "actor": actor,
        "issue": issue,
        "field": field,
        "value": estimate.value,
        "sd": estimate.sd,
        "low": estimate.low,
        "high": estimate.high,
        "confidence": estimate.confidence,
        "note": estimate.note,
        "basis": estimate.basis,
        "evidence": [sentences.cited(e) for e in estimate.evidence],
        "absent": False,
    }


EMPTY_EVIDENCE = ("No value of this scenario cites a sentence: every value was filled in by hand or from a table. "
                  "Draft the scenario from the articles (`detente scenario draft`) to see where its values come "
                  "from.")  # fmt: skip


def scenario_view(
    scenario: Scenario | DraftScenario, sentences: _Sentences | None = None,
    sensitivity: Mapping[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The scenario as the report shows it and the dashboard edits it: issues with their scales, one cell per actor
    and value (with its basis and evidence), an empty-state message when no cell cites a sentence, and the cells
    whose change moves a forecast most (``sensitivity``: ``{"model": name, "cells": [Sensitivity JSON, ...]}``,
    computed by :mod:`detente.bargain.sensitivity` in the pipeline)."""
    sentences = sentences or _Sentences(())
    cells = []
    for actor in scenario.actors:
        cells.append(_estimate(sentences, actor.id, None, "capability", actor.capability))
        for issue in scenario.issues:
            absent = isinstance(scenario, Scenario) and issue.id not in actor.positions  # takes no part in it
            for field, values in (("position", actor.positions), ("salience", actor.salience)):
                cells.append(_estimate(sentences, actor.id, issue.id, field, values.get(issue.id), absent))
    cited = sum(1 for c in cells if c["evidence"])
    return {
        "name": scenario.name,
        "as_of": scenario.as_of.isoformat() if scenario.as_of else None,
        "actors": [{"id": a.id, "name": a.name or a.id} for a in scenario.actors],
        "issues": [{"id": i.id, "name": i.label, **i.scale.model_dump()} for i in scenario.issues],
        "cells": cells,
        "cited": cited,
        "empty": EMPTY_EVIDENCE if cited == 0 else None,
        "sensitivity": dict(sensitivity) if sensitivity else None,
    }


def view_model(
    system: ConflictSystem,
    documents: Sequence[Article],
    *,
    scenario: Scenario | DraftScenario | None = None,
    forecasts: Sequence[Mapping[str, Any]] = (),
    sensitivity: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Everything the report shows, as JSON-ready data (see the module docstring): ``forecasts`` are stored
    forecast JSON, shown with their context; ``sensitivity`` the cells that move a forecast most."""
    sentences = _Sentences(documents)
    events = [{"id": e.id, "date": e.date, "type": e.type, "mode": e.mode, "source": list(e.source),
               "target": list(e.target), "score": e.score, "place": e.place, "place_name": e.place_name,
               "lat": e.lat, "lon": e.lon, "fact": e.happened, "flags": e.flags, "confidence": e.confidence,
               "trigger": e.trigger, **located(e.evidence)} for e in system.events]  # fmt: skip
    stated = [{"kind": r.kind, "source": r.source, "target": r.target, "date": r.date, **located(r.evidence)}
              for r in system.stated_relations]  # fmt: skip
    involved = {a for e in events for a in (*e["source"], *e["target"])} | {
        a for r in stated for a in (r["source"], r["target"])
    }
    layout = _layout(events, stated, sorted(involved))
    actors = [{"id": a.id, "name": a.name, "kind": a.kind, "resolved": a.resolved, "mentions": len(a.mentions),
               "x": layout[a.id][0], "y": layout[a.id][1]} for a in system.actors if a.id in layout]  # fmt: skip
    unknown = sorted((a for a in system.actors if not a.resolved), key=lambda a: (-len(a.mentions), a.id))
    provisional = [{"id": a.id, "name": a.name, "kind": a.kind, "resolved": False, "mentions": len(a.mentions)}
                   for a in unknown]  # fmt: skip
    place_events = Counter(e["place"] for e in events if e["place"])
    places = [{"id": p.id, "name": p.name, "country": p.country, "lat": p.lat, "lon": p.lon,
               "mentions": len(p.mentions), "events": place_events.get(p.id, 0)} for p in system.places]  # fmt: skip
    dates = sorted(e["date"] for e in events if e["date"])
    return {
        "schema": SCHEMA,
        "title": title or (scenario.name if scenario else "detente report"),
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "period": [dates[0], dates[-1]] if dates else None,
        "timeline": timeline_window(dates),
        "documents": [
            {**d.model_dump(mode="json"), "text": sentences.texts[d.id]}
            for d in system.documents
            if d.id in sentences.texts
        ],
        "actors": actors,
        "provisional": provisional,
        "events": events,
        "stated": stated,
        "places": places,
        "basemap": _basemap([p for p in places if p["events"]]),
        "scenario": scenario_view(scenario, sentences, sensitivity) if scenario else None,
        "forecasts": [with_context(f) for f in forecasts],
        "backtest": backtest_view(),
    }
