"""The timeline: events ordered by date, the same event reported by several articles merged into one entry.

Two coded events are the same event when they share type, source set, target set and date (at the coarser of
their two precisions). The merged entry keeps every evidence link, the best confidence, and is flagged only when
every report flags it (one article saying it happened is enough to list it as reported fact).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from detente.model import EventRecord

COLUMNS = ["date", "date_precision", "type", "mode", "source", "target", "place", "reports", "documents",
           "confidence", "happened", "events", "evidence"]  # fmt: skip


def _day_key(date: str | None, precision: str | None) -> str:
    if date is None:
        return ""
    return {"year": date[:4], "month": date[:7]}.get(precision or "day", date)


def timeline_records(events: Iterable[EventRecord], *, include_flagged: bool = True) -> list[dict[str, Any]]:
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for event in sorted(events, key=lambda e: (e.date or "", e.evidence.document, e.evidence.start)):
        if not include_flagged and not event.happened:
            continue
        key = (event.type, frozenset(event.source), frozenset(event.target),
               _day_key(event.date, event.date_precision))  # fmt: skip
        entry = merged.get(key)
        evidence = {"event": event.id, "document": event.evidence.document, "path": event.evidence.path,
                    "sentence": event.evidence.sentence}  # fmt: skip
        if entry is None:
            merged[key] = {"date": event.date, "date_precision": event.date_precision, "type": event.type,
                           "mode": event.mode, "source": list(event.source), "target": list(event.target),
                           "place": event.place_name or event.place, "reports": 1,
                           "documents": [event.evidence.document], "confidence": event.confidence,
                           "happened": event.happened, "events": [event.id], "evidence": [evidence]}  # fmt: skip
            continue
        entry["reports"] += 1
        entry["events"].append(event.id)
        entry["evidence"].append(evidence)
        entry["documents"] = sorted(set(entry["documents"]) | {event.evidence.document})
        entry["confidence"] = max(entry["confidence"], event.confidence)
        entry["happened"] = entry["happened"] or event.happened
        entry["mode"] = entry["mode"] or event.mode
        entry["place"] = entry["place"] or event.place_name or event.place
    return sorted(merged.values(), key=lambda e: (e["date"] or "9999", e["type"]))


def timeline_frame(events: Iterable[EventRecord], *, include_flagged: bool = True) -> pd.DataFrame:
    return pd.DataFrame(timeline_records(events, include_flagged=include_flagged), columns=COLUMNS)
