"""``detente docs``: list and show the documents of a workspace."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, open_workspace
from detente.model import Article

docs_app = typer.Typer(help="List and show the documents in a workspace.", no_args_is_help=True)
app.add_typer(docs_app, name="docs")


def documents_table(articles: list[Article]) -> Table:
    table = Table(title=f"{len(articles)} documents", title_justify="left")
    table.add_column("id")
    table.add_column("published")
    table.add_column("source")
    table.add_column("title", overflow="fold")
    table.add_column("words", justify="right")
    for article in articles:
        published = article.published.isoformat() if article.published else "—"
        if article.published_source == "cli":
            published += " (--date)"
        table.add_row(
            article.short_id, published, article.source or "—", article.title or "(untitled)",
            str(len(article.text.split())),
        )  # fmt: skip
    return table


@docs_app.command("list")
def list_docs(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """List documents by publication date."""
    with open_workspace(workspace, create=False) as ws:
        console.print(documents_table(ws.documents()))


@docs_app.command("show")
def show_doc(
    key: Annotated[str, typer.Argument(help="Document id (a prefix of 6+ characters) or its input path.")],
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
) -> None:
    """Show one document: metadata, where it was read from, and its text."""
    with open_workspace(workspace, create=False) as ws:
        article = ws.document(key)
        sources = ws.document_sources(article.id)
    console.print(f"[bold]{article.title or '(untitled)'}[/]")
    console.print(f"id:        {article.id}")
    published = article.published.isoformat() if article.published else "unknown"
    console.print(f"published: {published} (from {article.published_source})")
    console.print(f"source:    {article.source or '—'}    byline: {article.byline or '—'}")
    for path, line in sources:
        console.print(f"read from: {path}" + (f":{line}" if line else ""))
    console.print()
    console.print(article.text, markup=False)


@docs_app.command("rejections")
def list_rejections(workspace: WorkspaceOption = DEFAULT_WORKSPACE) -> None:
    """List every input rejected by any ingest run, with the reason."""
    with open_workspace(workspace, create=False) as ws:
        rows = ws.rejections()
    table = Table(title=f"{len(rows)} rejected inputs", title_justify="left")
    table.add_column("input", overflow="fold")
    table.add_column("reason", overflow="fold")
    for path, line, reason in rows:
        table.add_row(f"{path}:{line}" if line else path, reason)
    console.print(table)
