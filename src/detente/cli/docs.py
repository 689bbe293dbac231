"""``detente docs``: list and show the documents of a workspace."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, get_console, open_workspace
from detente.cli.output import CsvOption, JsonOption, Row, emit

if TYPE_CHECKING:
    from detente.model import Article

docs_app = typer.Typer(help="List and show the documents in a workspace.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")

DOC_COLUMNS = ("id", "published", "date_from", "source", "title", "words")


def document_rows(articles: list[Article], corrected: Mapping[str, date] | None = None) -> list[Row]:
    """One row per document: full id, publication date and where it came from (``correction`` when an analyst set
    it: ``corrected``, document id -> date), outlet, title, words; by date, undated last."""
    corrected = corrected or {}
    rows: list[Row] = []
    for a in articles:
        day = corrected.get(a.id, a.published)
        rows.append({"id": a.id, "published": day.isoformat() if day else None,
                     "date_from": "correction" if a.id in corrected else a.published_source, "source": a.source,
                     "title": a.title, "words": len(a.text.split())})  # fmt: skip
    if corrected:
        rows.sort(key=lambda r: (r["published"] is None, r["published"] or ""))
    return rows


def _shown(row: Mapping[str, Any]) -> Mapping[str, Any]:
    published = row["published"] or "—"
    if row["date_from"] == "cli":
        published += " (--date)"
    elif row["date_from"] == "correction":
        published += " (corrected)"
    return {**row, "id": row["id"][:12], "published": published, "title": row["title"] or "(untitled)"}


@docs_app.command("list")
def list_docs(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False,
              as_csv: CsvOption = False) -> None:  # fmt: skip
    """List documents by publication date (as corrected, where an analyst set it)."""
    from detente.system.corrections import corrected_dates

    with open_workspace(workspace, create=False) as ws:
        rows = document_rows(ws.documents(), corrected_dates(ws))
    emit(rows, DOC_COLUMNS, title=f"{len(rows)} documents", as_json=as_json, as_csv=as_csv, shown=_shown)


@docs_app.command("show")
def show_doc(
    key: Annotated[str, typer.Argument(help="Document id (a prefix of 6+ characters) or its input path.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Show one document: metadata (the date as corrected, where an analyst set it), where it was read from, and
    its text."""
    from detente.system.corrections import corrected_dates

    with open_workspace(workspace, create=False) as ws:
        article = ws.document(key)
        sources = ws.document_sources(article.id)
        corrected = corrected_dates(ws).get(article.id)
    console = get_console()
    console.print(f"[bold]{article.title or '(untitled)'}[/]")
    console.print(f"id:        {article.id}")
    published = article.published.isoformat() if article.published else "unknown"
    if corrected is not None:
        console.print(f"published: {corrected.isoformat()} (corrected; extracted {published} from "
                      f"{article.published_source})")  # fmt: skip
    else:
        console.print(f"published: {published} (from {article.published_source})")
    console.print(f"source:    {article.source or '—'}    byline: {article.byline or '—'}")
    for path, line in sources:
        console.print(f"read from: {path}" + (f":{line}" if line else ""))
    console.print()
    console.print(article.text, markup=False)


@docs_app.command("rejections")
def list_rejections(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False,
                    as_csv: CsvOption = False) -> None:  # fmt: skip
    """List every input rejected by any ingest run, with the reason."""
    with open_workspace(workspace, create=False) as ws:
        rows = [{"path": path, "line": line, "reason": reason} for path, line, reason in ws.rejections()]
    emit(rows, ("path", "line", "reason"), title=f"{len(rows)} rejected inputs", as_json=as_json, as_csv=as_csv)
