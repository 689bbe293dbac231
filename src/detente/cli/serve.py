"""``detente serve``: the local dashboard over a workspace."""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli.app import (
    DEFAULT_RUNS,
    DEFAULT_WORKSPACE,
    RunsOption,
    ScenarioOption,
    WorkspaceOption,
    app,
    check_input,
    fail,
    open_workspace,
)

MIN_TOKEN = 16
UPLOAD_LIMIT_MB = 20.0  # the dashboard's default, shown in --help (detente.report.html.UPLOAD_LIMIT_MB)


def check_binding(host: str, *, allow_remote: bool, token: str | None) -> None:
    """Refuse to listen beyond this machine unless asked to explicitly, and then only behind a token."""
    from detente.web.hosts import is_loopback

    if is_loopback(host):
        return
    if not allow_remote:
        fail(f"--host {host} would expose the workspace to the network", "add --allow-remote and --token to do so")
    if token is None or len(token) < MIN_TOKEN:
        import secrets

        fail(f"--host {host} with --allow-remote needs --token of at least {MIN_TOKEN} characters",
             f"add e.g. --token {secrets.token_urlsafe(24)}")  # fmt: skip


def _web_modules_present() -> None:
    """Stop with the install command when the ``web`` extra (FastAPI, uvicorn) is missing."""
    from importlib.util import find_spec

    missing = [name for name in ("uvicorn", "fastapi", "python_multipart") if find_spec(name) is None]
    if missing:
        fail(f"the dashboard needs {', '.join(missing)}, which is not installed",
             "pip install 'detente[web]' (in a source checkout, `make demo` installs it)")  # fmt: skip


@app.command()
def serve(
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    scenario: ScenarioOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless --allow-remote).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_remote: Annotated[bool, typer.Option(help="Allow a non-loopback --host (needs --token).")] = False,
    token: Annotated[
        str | None, typer.Option(envvar="DETENTE_TOKEN", help="Access token every request must carry.")
    ] = None,
    model: Annotated[list[str] | None, typer.Option(help="Only this model (repeatable); default: every model.")] = None,
    runs: RunsOption = DEFAULT_RUNS,
    upload_limit_mb: Annotated[float, typer.Option(help="Largest uploaded file, in MB.")] = UPLOAD_LIMIT_MB,
) -> None:
    """Open the dashboard: the report's views, what-if edits and article uploads, in the browser."""
    check_binding(host, allow_remote=allow_remote, token=token)
    _web_modules_present()
    if scenario is not None:
        check_input(scenario, "scenario file")
    with open_workspace(workspace, create=False):
        pass  # fail early, with the usual message, when there is no workspace
    import uvicorn

    from detente.web import Settings, create_app

    limit = int(upload_limit_mb * 1_000_000)
    settings = Settings(workspace=workspace, scenario=scenario, token=token, allow_remote=allow_remote,
                        upload_limit=limit, runs=runs, models=tuple(model or ()))  # fmt: skip
    address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    typer.echo(f"detente dashboard on {address}" + (f"?token={token}" if token else "") + "  (Ctrl+C to stop)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
