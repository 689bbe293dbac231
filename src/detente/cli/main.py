"""Entry point of the ``detente`` console script: the app with every command registered.

The command modules import only Typer and the standard library at module level (see ``cli/app.py``), so that
``detente --help`` and the light commands start fast."""

from __future__ import annotations

from detente.cli import (  # noqa: F401
    alerts,
    backtest,
    corrections,
    deals,
    demo,
    docs,
    events,
    extract,
    forecast,
    ingest,
    report,
    scenario,
    serve,
    watch,
)
from detente.cli.app import app

__all__ = ["app"]

if __name__ == "__main__":
    app()
