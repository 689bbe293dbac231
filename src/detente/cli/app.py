"""The Typer application and what every command shares: the workspace option, consoles, error handling."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from detente import __version__
from detente.errors import DetenteError
from detente.store import Workspace

app = typer.Typer(
    name="detente",
    help="Reconstruct a multi-party conflict from news, and forecast the negotiations around it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        envvar="DETENTE_WORKSPACE",
        help="Workspace directory (created when missing).",
        file_okay=False,
    ),
]
DEFAULT_WORKSPACE = Path("detente-workspace")
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="DETENTE_DB",
        help="The workspace's database on a PostgreSQL server (postgresql://USER@HOST:PORT/DATABASE) instead of "
        "the embedded SQLite file; the workspace directory remembers it. Passwords: PGPASSWORD or ~/.pgpass.",
        show_default=False,
    ),
]
_DATABASE: dict[str, str | None] = {"url": None}  # the --db given before the command, for every command


def fail(message: str, code: int = 2) -> NoReturn:
    """Print a one-line error and leave with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library exceptions into one-line messages at the edge."""
    try:
        yield
    except DetenteError as err:
        fail(str(err))


@contextmanager
def open_workspace(path: Path, *, create: bool = True, database: str | None = None) -> Iterator[Workspace]:
    with library_errors(), Workspace.open(path, create=create, database=database or _DATABASE["url"]) as workspace:
        yield workspace


def _version(value: bool) -> None:
    if value:
        console.print(f"detente {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Reconstruct a multi-party conflict from news, and forecast the negotiations around it."""
    _DATABASE["url"] = database
