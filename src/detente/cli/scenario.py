"""``detente scenario draft|explain``: from the reconstructed conflict to a scenario with evidence, and back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from detente.cli.app import (
    DEFAULT_WORKSPACE,
    WorkspaceOption,
    app,
    check_input,
    check_output,
    fail,
    get_console,
    library_errors,
    open_workspace,
    require_extraction,
)

scenario_app = typer.Typer(help="Draft a bargaining scenario from the workspace, and show the evidence behind it.",
                           no_args_is_help=True)  # fmt: skip
app.add_typer(scenario_app, name="scenario")


@scenario_app.command("draft")
def draft_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the scenario YAML (its folder must exist).")
    ] = Path("scenario.yaml"),
    workspace: WorkspaceOption = DEFAULT_WORKSPACE,
    issue: Annotated[list[str] | None, typer.Option(help="Issue template id (repeatable; default: all).")] = None,
    templates: Annotated[
        list[Path] | None, typer.Option("--templates", help="Your issue templates (YAML, repeatable).")
    ] = None,
    name: Annotated[str, typer.Option(help="Scenario name.")] = "drafted scenario",
    min_evidence: Annotated[int, typer.Option(help="Least stances for an actor to enter.", min=1)] = 1,
) -> None:
    """Draft issues, positions, salience and capability from the extracted articles; every value with evidence."""
    check_output(output)
    for path in templates or []:
        check_input(path, "template file")
    with open_workspace(workspace, create=False) as ws, library_errors():
        require_extraction(ws)
        from detente.draft import draft, gaps, to_yaml
        from detente.system import ConflictSystem

        system = ConflictSystem.from_workspace(ws)
        data = draft(system.data, issues=issue, templates=templates or (), name=name, min_evidence=min_evidence)
        output.write_text(to_yaml(data), encoding="utf-8")
        empty = gaps(data)
    console = get_console()
    console.print(f"wrote {output}: {len(data['actors'])} actors x {len(data['issues'])} issues; {data['description']}")
    if empty:
        console.print(f"[yellow]{len(empty)} cells have no evidence[/] (value: null), e.g. "
                      + ", ".join(f"{a}/{i}" for a, i in empty[:6])
                      + ": fill them in or drop the actor before `detente forecast`")  # fmt: skip


@scenario_app.command("templates")
def templates_command(
    templates: Annotated[list[Path] | None, typer.Option("--templates", help="Your issue templates too.")] = None,
) -> None:
    """List the issue templates: id, scale and the meaning of both ends."""
    from rich.table import Table

    from detente.draft import load_library

    with library_errors():
        library = load_library(templates or ())
    table = Table(title="Issue templates", title_justify="left")
    for column in ("id", "name", "0 means", "100 means", "cues"):
        table.add_column(column, overflow="fold")
    for item in library.issues.values():
        table.add_row(
            item.id, item.name, item.scale.low_label or "", item.scale.high_label or "", str(len(item.topics))
        )
    get_console().print(table)


def _read(path: Path) -> dict[str, Any]:
    import yaml

    check_input(path, "scenario file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        fail(f"{path}: cannot read the scenario ({' '.join(str(err).split())})", "check the file is YAML")
    if not isinstance(data, dict):
        fail(f"{path}: not a scenario", "give a YAML mapping with issues and actors (docs/scenario.md)")
    return data


def _find(items: list[dict[str, Any]], key: str, what: str, path: Path) -> dict[str, Any]:
    for item in items:
        if key in (item.get("id"), item.get("name")):
            return item
    fail(f"{path}: no {what} {key!r}", f"give one of {', '.join(str(i.get('id')) for i in items)}")


@scenario_app.command("explain")
def explain_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (drafted or edited).")],
    actor: Annotated[str, typer.Argument(help="Actor id or name.")],
    issue: Annotated[str, typer.Argument(help="Issue id or name.")],
) -> None:
    """Show an actor's position, salience and capability on an issue, each with its confidence and evidence."""
    data = _read(scenario)
    entry = _find(list(data.get("actors") or []), actor, "actor", scenario)
    item = _find(list(data.get("issues") or []), issue, "issue", scenario)
    console = get_console()
    scale = item.get("scale") or {}
    console.print(f"[bold]{entry.get('name') or entry['id']}[/] on [bold]{item.get('name') or item['id']}[/] "
                  f"({scale.get('low', 0)} = {scale.get('low_label', '')}, "
                  f"{scale.get('high', 100)} = {scale.get('high_label', '')})")  # fmt: skip
    for field, value in (("position", (entry.get("positions") or {}).get(item["id"])),
                         ("salience", (entry.get("salience") or {}).get(item["id"])),
                         ("capability", entry.get("capability"))):  # fmt: skip
        if not isinstance(value, dict):
            value = {"value": value}
        number = value.get("value")
        shown = "none: no evidence, for the analyst to fill in" if number is None else f"{number}"
        extra = [f"{k} {value[k]}" for k in ("sd", "confidence") if value.get(k) is not None]
        console.print(f"{field}: [bold]{shown}[/]" + (f" ({', '.join(extra)})" if extra else ""))
        if value.get("note"):
            console.print(f"  note: {value['note']}")
        if field == "salience":
            continue  # same sentences as the position
        for evidence in value.get("evidence") or []:
            console.print(f"  - {evidence.get('sentence')}\n    [dim]{evidence.get('document')}[/]")
