"""Relations: events and stated relations aggregated into directed, time-sliced actor-to-actor weights.

Each event that happened adds its PLOVER intensity (-10..+10) to every source -> target pair: positive scores to
``cooperation``, the size of negative ones to ``conflict``. An event with several sources and no target (the US
and Russia agreed; the three ministers met) links the sources both ways; joint attackers are not linked. A
stated relation counts as a SUPPORT (+5, "backs" one way, "ally" both ways), for "enemy" as -5 both ways, and for
"mediates" as +3 from the mediator to each party (a mediator is cooperative with both sides).
``score`` is the mean intensity; ``first`` and ``last`` the span of dates of the items behind a relation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx
import pandas as pd

from detente.model import ConflictSystem, EventRecord, Relation, StatedRelationRecord

STATED_SCORE = {"backs": 5.0, "ally": 5.0, "enemy": -5.0, "mediates": 3.0}
DIRECTED = frozenset({"backs", "mediates"})  # from the backer or the mediator only
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE"})  # not ASSAULT: joint attackers are on one side


def _pairs(event: EventRecord) -> Iterator[tuple[str, str]]:
    sources, targets = event.source, event.target
    if targets:
        yield from ((s, t) for s in sources for t in targets if s != t)
    elif len(sources) > 1 and event.type in MUTUAL_TYPES:
        yield from ((s, t) for s in sources for t in sources if s != t)


def links(events: Iterable[EventRecord], stated: Iterable[StatedRelationRecord], *,
          include_flagged: bool = False) -> pd.DataFrame:  # fmt: skip
    """One row per actor pair per item: source, target, date, score, event (id or None), stated (kind or None)."""
    rows = []
    for event in events:
        if include_flagged or event.happened:
            for source, target in _pairs(event):
                rows.append({"source": source, "target": target, "date": event.date, "score": event.score,
                             "event": event.id, "stated": None})  # fmt: skip
    for relation in stated:
        pairs = [(relation.source, relation.target)]
        if relation.kind not in DIRECTED:
            pairs.append((relation.target, relation.source))
        for source, target in pairs:
            rows.append({"source": source, "target": target, "date": relation.date,
                         "score": STATED_SCORE[relation.kind], "event": None, "stated": relation.kind})  # fmt: skip
    frame = pd.DataFrame(rows, columns=["source", "target", "date", "score", "event", "stated"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def relations_frame(
    events: Iterable[EventRecord], stated: Iterable[StatedRelationRecord], *, freq: str | None = None,
    include_flagged: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Directed relations: source, target, [period,] cooperation, conflict, score, events, stated, event_ids.

    ``freq``: a pandas period alias ("M" months, "Q" quarters, "Y" years) to slice by the events' dates.
    """
    frame = links(events, stated, include_flagged=include_flagged)
    keys = ["source", "target"]
    if freq is not None:
        frame["period"] = frame["date"].dt.to_period(freq).astype(str)
        keys = ["period", *keys]
    columns = [*keys, "cooperation", "conflict", "score", "events", "stated", "event_ids"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["cooperation"] = frame["score"].clip(lower=0)
    frame["conflict"] = (-frame["score"]).clip(lower=0)
    grouped = frame.groupby(keys, sort=True)
    out = grouped.agg(cooperation=("cooperation", "sum"), conflict=("conflict", "sum"), score=("score", "mean"),
                      events=("event", "count"), stated=("stated", "count"),
                      event_ids=("event", lambda ids: [i for i in ids if isinstance(i, str)]))  # fmt: skip
    out["score"] = out["score"].round(2)
    return out.reset_index()[columns].sort_values([*keys[:-2], "score", "source", "target"]).reset_index(drop=True)


def relations(events: Iterable[EventRecord], stated: Iterable[StatedRelationRecord]) -> list[Relation]:
    """The relations of the whole period (the ``relations[]`` of detente.conflict/1)."""
    events, stated = list(events), list(stated)
    frame = relations_frame(events, stated)
    spans = _spans(links(events, stated))
    return [Relation(source=r.source, target=r.target, cooperation=float(r.cooperation),
                     conflict=float(r.conflict), score=float(r.score), events=tuple(r.event_ids),
                     stated=int(r.stated), first=spans.get((r.source, r.target), (None, None))[0],
                     last=spans.get((r.source, r.target), (None, None))[1])
            for r in frame.itertuples(index=False)]  # fmt: skip


def _spans(frame: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    """(source, target) -> the first and last ISO dates of its dated items (pairs with none left out)."""
    dated = frame.dropna(subset=["date"])
    if dated.empty:
        return {}
    grouped = dated.groupby(["source", "target"])["date"].agg(["min", "max"])
    return {(str(s), str(t)): (row["min"].date().isoformat(), row["max"].date().isoformat())
            for (s, t), row in grouped.iterrows()}  # fmt: skip


def relation_graph(
    system: ConflictSystem, *, start: str | None = None, end: str | None = None, include_flagged: bool = False
) -> nx.DiGraph:
    """The actor graph (networkx) for events dated within [start, end]: nodes are actors with their name, kind,
    country and mention count; edges carry cooperation, conflict, score, events, stated, first and last dates."""
    events = [e for e in system.events if _within(e.date, start, end)]
    stated = [r for r in system.stated_relations if _within(r.date, start, end)]
    frame = links(events, stated, include_flagged=include_flagged)
    graph = nx.DiGraph(name="detente relations", start=start or "", end=end or "")
    actors = {a.id: a for a in system.actors}
    if frame.empty:
        return graph
    spans = _spans(frame)
    for row in relations_frame(events, stated, include_flagged=include_flagged).itertuples(index=False):
        first, last = spans.get((row.source, row.target), ("", ""))
        for node in (row.source, row.target):
            if node not in graph:
                actor = actors.get(node)
                graph.add_node(node, label=actor.name if actor else node, kind=(actor and actor.kind) or "",
                               country=(actor and actor.country) or "",
                               mentions=len(actor.mentions) if actor else 0)  # fmt: skip
        graph.add_edge(row.source, row.target, cooperation=float(row.cooperation), conflict=float(row.conflict),
                       score=float(row.score), weight=float(row.cooperation + row.conflict), events=int(row.events),
                       stated=int(row.stated), first=first, last=last)  # fmt: skip
    return graph


def _within(day: str | None, start: str | None, end: str | None) -> bool:
    if day is None:
        return start is None and end is None
    return (start is None or day >= start) and (end is None or day <= end)
