"""The Typer application and what every command shares: the common options, consoles, error handling.

Start-up time is part of the interface: this module and every command module import only Typer and light parts
of the standard library at module level; the stages (spaCy, pandas, numpy, Rich's renderers) are imported inside
the command that needs them. ``tests/cli/test_startup.py`` holds this line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from detente import __version__
from detente.defaults import DEFAULT_RUNS as DEFAULT_RUNS  # the commands take the defaults from here
from detente.defaults import DEFAULT_SEED as DEFAULT_SEED

if TYPE_CHECKING:
    from rich.console import Console

    from detente.store import Workspace

app = typer.Typer(
    name="detente",
    help="Reconstruct a multi-party conflict from news, and forecast the negotiations around it.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

# -- the options every command spells the same way (docs/cli.md, "Conventions") ---------------------------------
DEFAULT_WORKSPACE = Path("detente-workspace")

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
ScenarioOption = Annotated[
    Path | None,
    typer.Option("--scenario", "-s", help="Scenario file: .yaml, or .csv (common or KTAB).", show_default=False),
]
RunsOption = Annotated[
    int,
    typer.Option("--runs", help="Monte Carlo runs over the scenario's stated uncertainties (1: solve once).", min=1),
]
SeedOption = Annotated[int, typer.Option("--seed", help="Seed of the Monte Carlo draws.")]


_DATABASE: dict[str, str | None] = {"url": None}  # the --db given before the command, for every command


# -- consoles, made when first used (Rich costs start-up time) --------------------------------------------------
_CONSOLES: dict[bool, Console] = {}


PIPED_WIDTH = 240  # Rich's layout width when the output is not a terminal and COLUMNS is not set


def get_console(*, stderr: bool = False) -> Console:
    """The Rich console on stdout (or stderr), made on first use. Into a pipe or a file, text is not wrapped and
    tables are laid out wide (Rich would otherwise cut them at 80 columns)."""
    if stderr not in _CONSOLES:
        import os

        from rich.console import Console

        stream = sys.stderr if stderr else sys.stdout
        piped = not stream.isatty() and "COLUMNS" not in os.environ
        _CONSOLES[stderr] = Console(stderr=stderr, highlight=False, soft_wrap=piped,
                                    width=PIPED_WIDTH if piped else None)  # fmt: skip
    return _CONSOLES[stderr]


def note(message: str) -> None:
    """A remark on stderr that does not stop the command."""
    typer.echo(f"note: {message}", err=True)


# -- errors: one line on stderr, exit 2 ----------------------------------------------------------------------------
def fail(message: str, fix: str | None = None, *, code: int = 2) -> NoReturn:
    """Print ``error: WHAT. Fix: HOW.`` as one line on stderr and leave with ``code``."""
    text = " ".join(message.split())
    if fix:
        text = f"{text.rstrip('.')}. Fix: {' '.join(fix.split()).rstrip('.')}."
    typer.echo(f"error: {text}", err=True)
    raise typer.Exit(code)


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library exceptions, and file-system errors on the way, into one-line messages at the edge."""
    from detente.errors import DetenteError

    try:
        yield
    except DetenteError as err:
        fail(str(err))
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        fail(f"{where}{err.strerror or err}", "check the path and its permissions")


def check_input(path: Path, what: str = "input") -> Path:
    """Refuse a missing input file or folder before any work is done."""
    if not path.exists():
        fail(f"{path}: no such {what}", "check the path (relative paths start in the current folder)")
    return path


def check_output(path: Path) -> Path:
    """Refuse an output whose folder is missing, or which is a folder, before any work is done."""
    if path.is_dir():
        fail(f"{path}: is a folder, not a file", f"give a file name, e.g. -o {path / 'out'}")
    folder = path.parent
    if not folder.is_dir():
        fail(f"{path}: no folder {folder}", f"create it (mkdir -p {folder}) or write elsewhere with -o")
    return path


def parse_day(value: str | None, option: str) -> str | None:
    """Check a YYYY-MM-DD option and return it unchanged (ISO dates compare as text)."""
    if value is None:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat() if len(value) == 10 else _bad_day(value, option)
    except ValueError:
        _bad_day(value, option)


def _bad_day(value: str, option: str) -> NoReturn:
    fail(f"{option} {value!r} is not a date", f"write it as YYYY-MM-DD, e.g. {option} 2016-09-23")


def check_choice(value: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """Refuse a filter value outside ``choices`` (compared in capitals), listing the valid ones."""
    if value is None:
        return None
    if value.upper() not in choices:
        fail(f"{option} {value!r} is not known", f"give one of {', '.join(choices)}")
    return value.upper()


# -- the workspace -------------------------------------------------------------------------------------------------
@contextmanager
def open_workspace(path: Path, *, create: bool = True, database: str | None = None) -> Iterator[Workspace]:
    from detente.store import Workspace

    with library_errors(), Workspace.open(path, create=create, database=database or _DATABASE["url"]) as workspace:
        yield workspace


def require_extraction(workspace: Workspace) -> None:
    """Stop with the cause when the workspace holds no documents or none is extracted yet."""
    from detente.store import extracted_documents

    where = f"-w {workspace.root}"
    total = workspace.count_documents()
    if total == 0:
        fail(f"{workspace.root}: no documents yet", f"run `detente ingest PATH {where}` first")
    done = len(extracted_documents(workspace))
    if done == 0:
        fail(f"{workspace.root}: no extraction yet: run `detente extract`", f"run `detente extract {where}` first")
    if done < total:
        note(f"{total - done} of {total} documents are not extracted yet; run `detente extract {where}`")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"detente {__version__}")
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
