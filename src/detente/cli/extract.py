"""``detente extract`` and ``detente export``: run the NLP over the workspace, write the conflict system out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import (
    DEFAULT_WORKSPACE,
    WorkspaceOption,
    app,
    check_input,
    check_output,
    library_errors,  # fmt: skip
    open_workspace,
    require_extraction,
)
from detente.cli.progress import progress


@app.command()
def extract(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    force: Annotated[bool, typer.Option(help="Extract every document again, not only new ones.")] = False,
    kb: Annotated[
        list[Path] | None,
        typer.Option(
            "--kb", help="Knowledge-base extension (YAML, repeatable); kept with the workspace for later runs."
        ),
    ] = None,
    no_kb: Annotated[bool, typer.Option("--no-kb", help="Forget the workspace's knowledge-base extensions.")] = False,
    workers: Annotated[
        int | None, typer.Option(help="Extract on a local Dask cluster of N worker processes.", min=1)
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Extract on the Dask cluster of this scheduler (tcp://HOST:8786).")
    ] = None,
    partition_size: Annotated[int, typer.Option(help="Documents per Dask task and Parquet partition.", min=1)] = 64,
    model: Annotated[
        str | None,
        typer.Option(help="The installed spaCy English model to extract with; kept as the workspace's setting."),
    ] = None,
    learned_triggers: Annotated[
        bool | None,
        typer.Option(
            help="Veto event-dictionary hits a trained model judges no event in context (detente.events.v2; "
            "off by default); kept as the workspace's setting."
        ),
    ] = None,
) -> None:
    """Find actors, places, dates, events and stated relations in every document not yet extracted.

    With --workers or --scheduler the work runs on Dask and the results are also written as partitioned Parquet
    (workspace/parquet/); a killed run resumes where it stopped."""
    for path in kb or []:
        check_input(path, "knowledge-base file")
    with (
        open_workspace(workspace, create=False) as ws,
        progress("extracting", "docs") as on_progress,
        library_errors(),
    ):
        from detente.extract.run import extract_workspace, set_kb_files

        if kb or no_kb:
            set_kb_files(ws, kb or [])
        if workers is not None or scheduler is not None:
            from detente.extract.distributed import extract_distributed

            count = extract_distributed(
                ws, workers=workers, scheduler=scheduler, force=force, partition_size=partition_size,
                model=model, learned=learned_triggers, on_progress=on_progress,
            )  # fmt: skip
        else:
            count = extract_workspace(ws, force=force, model=model, learned=learned_triggers, on_progress=on_progress)
    typer.echo(f"extracted {count} documents")


@app.command()
def export(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="json (detente.conflict/1), plover (JSONL), csv, parquet, graphml or gexf; "
            "default: from the file's suffix.",
        ),
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (its folder must exist).")] = Path(
        "conflict.json"
    ),
) -> None:
    """Write the conflict system, its event table or its relation graph (see docs/schema.md)."""
    check_output(output)
    with open_workspace(workspace, create=False) as ws, library_errors():
        require_extraction(ws)
        from detente import pipeline
        from detente.system import write

        system = pipeline.system(ws)
        write(system, output, format=format_)
    counts = f"{len(system.actors)} actors, {len(system.places)} places, {len(system.events)} events"
    typer.echo(f"wrote {output}: {counts}, {len(system.relations)} relations")
