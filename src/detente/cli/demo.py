"""``detente demo``: the main job on the bundled example corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.build import ConflictSystem, actors_frame, extract_workspace, places_frame
from detente.cli.app import WorkspaceOption, app, console, fail, library_errors, open_workspace
from detente.cli.docs import documents_table
from detente.cli.extract import frame_table
from detente.cli.ingest import print_report, run_ingest
from detente.ingest import DEFAULT_MAX_BYTES

DEFAULT_CORPUS = Path("examples/syria-2016")


@app.command()
def demo(
    corpus: Annotated[Path, typer.Option(help="Example corpus folder (with articles/ inside).")] = DEFAULT_CORPUS,
    workspace: WorkspaceOption = Path(".demo-workspace"),
) -> None:
    """Run the main job on the example corpus (Syrian war diplomacy, 2015-2017) and print a summary."""
    articles = corpus / "articles"
    if not articles.is_dir():
        fail(f"{articles}: no example corpus here; run the demo from the detente source folder or pass --corpus")
    console.rule("[bold]detente demo: the diplomacy of the Syrian war, 2015-2017")
    with open_workspace(workspace) as ws:
        report = run_ingest(ws, [articles], default_date=None, max_bytes=DEFAULT_MAX_BYTES)
        print_report(report)
        console.print(documents_table(ws.documents()))
        with library_errors(), console.status("extracting actors, places, dates, events and relations"):
            extract_workspace(ws)
            conflict = ConflictSystem.from_workspace(ws)
    system = conflict.data
    actors = actors_frame(system)
    console.print(frame_table("Actors (most mentioned)", actors[actors["resolved"]].head(15)))
    console.print(frame_table("Places (most mentioned)", places_frame(system).head(10)))
    relations = conflict.relations_frame().drop(columns=["event_ids"])
    strongest = relations.reindex(relations["score"].abs().sort_values(ascending=False).index)
    console.print(frame_table(f"Relations ({len(relations)}; strongest by mean PLOVER intensity)", strongest.head(12)))
    timeline = conflict.timeline_frame(include_flagged=False)
    view = timeline[["date", "type", "mode", "source", "target", "place", "reports"]].copy()
    for column in ("source", "target"):
        view[column] = view[column].map(lambda v: ", ".join(v) or "—")
    console.print(frame_table(f"Timeline ({len(timeline)} events reported as fact; first 15)", view.head(15)))
    console.print(f"Workspace: {workspace}  (try `detente actors --workspace {workspace}`)")
