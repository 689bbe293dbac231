"""``detente alerts check`` and ``detente alerts list``: watch rules raised against the workspace, each item once."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import DEFAULT_WORKSPACE, WorkspaceOption, app, library_errors, note, open_workspace
from detente.cli.output import CsvOption, JsonOption, emit

if TYPE_CHECKING:
    from detente.store import Workspace
    from detente.store.alerts import AlertRow

alerts_app = typer.Typer(help="Alerts when the picture moves: check watch rules, list what they raised.",
                         no_args_is_help=True)  # fmt: skip
app.add_typer(alerts_app, name="alerts")

RulesOption = Annotated[
    Path | None, typer.Option("--rules", help="Watch rules (YAML); default: alerts.yaml in the workspace folder.")
]
WebhookOption = Annotated[str | None, typer.Option("--webhook", help="POST each new alert as JSON to this URL.")]
COLUMNS = ("id", "rule", "what", "document", "sentence", "raised_at", "item")


def run_check(ws: Workspace, rules_file: Path | None, webhook: str | None) -> list[AlertRow]:
    """Check the rules, print one line per new alert, post them to the webhook (failures noted, never fatal)."""
    from detente.pipeline import check_alerts
    from detente.system.alerts import load_rules, post_alerts, rules_path

    with library_errors():
        rules = load_rules(rules_path(ws, rules_file))
        new = check_alerts(ws, rules)
    for alert in new:
        typer.echo(f"alert {alert.id} [{alert.rule}] {alert.what}" + (f" ({alert.document})" if alert.document else ""))
    if webhook and new:
        for failure in post_alerts(webhook, new):
            note(failure)
    return new


@alerts_app.command("check")
def alerts_check(workspace: WorkspaceOption = DEFAULT_WORKSPACE, rules: RulesOption = None,
                 webhook: WebhookOption = None) -> None:  # fmt: skip
    """Check the watch rules now; log and print the alerts not raised before."""
    with open_workspace(workspace, create=False) as ws:
        new = run_check(ws, rules, webhook)
    typer.echo(f"{len(new)} new alerts")


@alerts_app.command("list")
def alerts_list(workspace: WorkspaceOption = DEFAULT_WORKSPACE, as_json: JsonOption = False,
                as_csv: CsvOption = False) -> None:  # fmt: skip
    """Every alert raised in the workspace, oldest first."""
    import dataclasses

    from detente.store.alerts import list_alerts

    with open_workspace(workspace, create=False) as ws, library_errors():
        rows = [dataclasses.asdict(a) for a in list_alerts(ws)]
    emit(rows, COLUMNS, title="Alerts", as_json=as_json, as_csv=as_csv)
