"""``detente serve``: the local dashboard over a workspace."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, console, fail, open_workspace
from detente.report.html import UPLOAD_LIMIT_MB
from detente.web.hosts import is_loopback

MIN_TOKEN = 16


def check_binding(host: str, *, allow_remote: bool, token: str | None) -> None:
    """Refuse to listen beyond this machine unless asked to explicitly, and then only behind a token."""
    if is_loopback(host):
        return
    if not allow_remote:
        fail(f"--host {host} would expose the workspace to the network; add --allow-remote and --token to do so")
    if token is None or len(token) < MIN_TOKEN:
        fail(f"--host {host} with --allow-remote needs --token (at least {MIN_TOKEN} characters; e.g. "
             f"{secrets.token_urlsafe(24)})")  # fmt: skip


@app.command()
def serve(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    scenario: Annotated[Path | None, typer.Option(help="Scenario file for the forecast and what-if views.")] = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_remote: Annotated[bool, typer.Option(help="Allow a non-loopback --host (needs --token).")] = False,
    token: Annotated[
        str | None, typer.Option(envvar="DETENTE_TOKEN", help="Access token every request must carry.")
    ] = None,
    model: Annotated[list[str] | None, typer.Option(help="Only this model (repeatable); default: every model.")] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs per forecast.", min=1)] = 100,
    upload_limit_mb: Annotated[float, typer.Option(help="Largest uploaded file, in MB.")] = UPLOAD_LIMIT_MB,
) -> None:
    """Open the dashboard: the report's views, what-if edits and article uploads, in the browser."""
    import uvicorn

    from detente.web import Settings, create_app

    check_binding(host, allow_remote=allow_remote, token=token)
    with open_workspace(workspace, create=False):
        pass  # fail early, with the usual message, when there is no workspace
    if scenario is not None and not scenario.is_file():
        fail(f"{scenario}: no such scenario file")
    limit = int(upload_limit_mb * 1_000_000)
    settings = Settings(workspace=workspace, scenario=scenario, token=token, allow_remote=allow_remote,
                        upload_limit=limit, runs=runs, models=tuple(model or ()))  # fmt: skip
    address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    console.print(f"detente dashboard on {address}" + (f"?token={token}" if token else "") + "  (Ctrl+C to stop)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
