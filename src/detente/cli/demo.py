"""``detente demo``: the main job on the bundled example corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.build import actors_frame, conflict_system, extract_workspace, places_frame
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
        with library_errors(), console.status("extracting actors, places and dates"):
            extract_workspace(ws)
            system = conflict_system(ws)
    actors = actors_frame(system)
    console.print(frame_table("Actors (most mentioned)", actors[actors["resolved"]].head(15)))
    console.print(frame_table("Places (most mentioned)", places_frame(system).head(10)))
    console.print(f"Workspace: {workspace}  (try `detente actors --workspace {workspace}`)")
