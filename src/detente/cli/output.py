"""One output layer for every listing: ``--json``, ``--csv``, tab-separated text when piped, a table on a terminal.

After sqlite-utils' ``@output_options``: machine-readable output goes straight to stdout through the standard
``json`` and ``csv`` modules, never through a terminal renderer; Rich draws tables only for a person at a terminal.

=========================  =================================================================
``--json``                 a JSON array of objects, one per row (lists stay lists, missing is null)
``--csv``                  CSV with a header row (lists joined with ``; ``, objects as ``key=value ...``)
stdout not a terminal      tab-separated text with a header row, nothing truncated
stdout a terminal          a Rich table with a title
=========================  =================================================================
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

JsonOption = Annotated[bool, typer.Option("--json", help="Write the rows to stdout as a JSON array of objects.")]
CsvOption = Annotated[bool, typer.Option("--csv", help="Write the rows to stdout as CSV with a header row.")]

Row = dict[str, Any]


def plain(value: Any) -> Any:
    """A value as JSON can hold it: numpy scalars to Python, NaN and NaT to None, arrays and tuples to lists."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return plain(value.tolist())
    if hasattr(value, "isoformat"):
        try:
            return str(value.isoformat())
        except ValueError:  # pandas' NaT
            return None
    return str(value)


def frame_rows(frame: pd.DataFrame, columns: Sequence[str] | None = None) -> list[Row]:
    """A pandas frame's rows as plain dictionaries (only ``columns``, in that order, when given)."""
    names = list(columns) if columns is not None else [str(c) for c in frame.columns]
    return [{name: plain(value) for name, value in zip(names, row, strict=True)}
            for row in frame[names].itertuples(index=False, name=None)]  # fmt: skip


def text(value: Any, *, joiner: str = ", ") -> str:
    """A cell as one line of text: lists joined, objects as ``key=value`` pairs (missing ones left out), missing
    empty, line breaks and tabs to spaces."""
    if value is None:
        return ""
    if isinstance(value, list):
        return joiner.join(text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(f"{k}={text(v, joiner=joiner)}" for k, v in value.items() if v is not None)
    if isinstance(value, float):
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else repr(value)
    return " ".join(str(value).split())


def emit(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    title: str,
    as_json: bool = False,
    as_csv: bool = False,
    shown: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None,
) -> None:
    """Write ``rows`` (only ``columns``) to stdout in the asked format; ``shown`` reshapes a row for the table."""
    from detente.cli.app import fail

    if as_json and as_csv:
        fail("--json and --csv were both given", "choose one")
    if as_json:
        write_json([{c: plain(row.get(c)) for c in columns} for row in rows])
    elif as_csv:
        _write_delimited(rows, columns, csv.writer(sys.stdout, lineterminator="\n"), joiner="; ")
    elif not sys.stdout.isatty():
        _write_delimited(rows, columns, csv.writer(sys.stdout, dialect="excel-tab", lineterminator="\n",
                                                   quoting=csv.QUOTE_NONE, escapechar="\\"))  # fmt: skip
    else:
        from detente.cli.app import get_console

        get_console().print(table(title, [shown(r) if shown else r for r in rows], columns))


def write_json(data: Any) -> None:
    """JSON straight to stdout, one document and a newline."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
    sys.stdout.write("\n")


def _write_delimited(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], writer: Any, *,
                     joiner: str = ", ") -> None:  # fmt: skip
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text(plain(row.get(c)), joiner=joiner) for c in columns])


def table(title: str, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Table:
    """A Rich table of ``rows``: numbers right-aligned, missing values as a dash."""
    from rich.table import Table

    rows = list(rows)
    grid = Table(title=title, title_justify="left")
    for column in columns:
        numeric = bool(rows) and all(isinstance(plain(r.get(column)), int | float) for r in rows
                                     if r.get(column) is not None) and not _all_bool(rows, column)  # fmt: skip
        grid.add_column(column, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        grid.add_row(*(text(plain(row.get(c))) or "—" for c in columns))
    return grid


def _all_bool(rows: Sequence[Mapping[str, Any]], column: str) -> bool:
    return all(isinstance(plain(r.get(column)), bool) for r in rows if r.get(column) is not None)


def frame_table(title: str, frame: pd.DataFrame) -> Table:
    """A pandas frame as a Rich table (for commands that print a summary rather than a listing)."""
    return table(title, frame_rows(frame), [str(c) for c in frame.columns])
