"""``detente scenario draft|explain``: from the reconstructed conflict to a scenario with evidence, and back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    parse_day,
    require_extraction,
)

if TYPE_CHECKING:
    from detente.draft.update import CellChange
    from detente.pipeline import ScenarioUpdate

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
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Use only evidence up to this day (YYYY-MM-DD); older weighs less.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Use only evidence from this day on (YYYY-MM-DD).")] = None,
    infer: Annotated[
        bool, typer.Option(help="Fill a silent actor's cell from its closest ally's stated position (inferred).")
    ] = True,
    capability: Annotated[
        str | None,
        typer.Option(help="Capability measure: military (default), equal, presence, or a CSV table actor,capability."),
    ] = None,
    update: Annotated[
        Path | None,
        typer.Option("--update", help="A draft to bring up to date: your own cells kept, the others drafted again."),
    ] = None,
    forecast: Annotated[
        bool, typer.Option(help="With --update: forecast the draft before and after (stored in the workspace).")
    ] = True,
    model: Annotated[
        str | None, typer.Option(help="With --update: the model to forecast with (default: nash).")
    ] = None,
) -> None:
    """Draft issues, positions, salience and capability from the extracted articles; every value with evidence.

    A cell with no evidence stays empty: that actor takes no part in that issue (`forecast --strict` refuses
    such a draft instead)."""
    check_output(output)
    if update is None and (model is not None or not forecast):
        fail("--model and --no-forecast go with --update (a new draft is not forecast)",
             "give --update DRAFT, or forecast the draft with `detente forecast`")  # fmt: skip
    from datetime import date

    day_to, day_from = (date.fromisoformat(d) if (d := parse_day(v, o)) else None
                        for v, o in ((as_of, "--as-of"), (since, "--since")))  # fmt: skip
    for path in [*(templates or []), *([update] if update else [])]:
        check_input(path, "template file" if path != update else "draft to update")
    updated = None
    with open_workspace(workspace, create=False) as ws, library_errors():
        require_extraction(ws)
        from detente import pipeline
        from detente.scenario import load_draft, save_yaml

        options: dict[str, Any] = {"templates": templates or (), "min_evidence": min_evidence, "as_of": day_to,
                                   "since": day_from, "infer": infer, "capability": capability}  # fmt: skip
        if update is not None:
            updated = pipeline.update_scenario(ws, load_draft(update), forecast=forecast, model=model, **options)
            drafted = updated.draft
        else:
            drafted = pipeline.draft(ws, issues=issue, name=name, **{**options, "capability": capability or "military"})
        save_yaml(drafted, output)
        empty = drafted.gaps()
    console = get_console()
    if updated is not None:
        print_update(updated, update)
    console.print(f"wrote {output}: {len(drafted.actors)} actors x {len(drafted.issues)} issues; "
                  f"{drafted.description}")  # fmt: skip
    if empty:
        console.print(f"[yellow]{len(empty)} cells have no evidence[/] (value: null), e.g. "
                      + ", ".join(f"{a}/{i}" for a, i in empty[:6])
                      + ": that actor takes no part in that issue unless you fill it in")  # fmt: skip
    for actor, why in drafted.left_out.items():
        console.print(f"left out {actor}: {why}")
    console.print(f"capability: {drafted.capability_measure}")
    for warning in drafted.warnings:
        console.print(f"[yellow]warning:[/] {warning}")


def print_update(updated: ScenarioUpdate, previous: Path | None) -> None:
    """The diff of a living update: per issue the forecast before -> after, the cells that moved and the sentence
    that moved each; then capability changes and why a forecast could not be made."""
    console = get_console()
    changes = updated.changes
    console.print(f"{len(changes)} cells moved since {previous}" + (":" if changes else ""))

    def cell(change: CellChange) -> None:
        why = f" (new: {change.new_evidence[0][:100]})" if change.new_evidence else ""
        console.print(f"    {change.describe()}{why}", markup=False)

    for issue, before, after, moved in updated.by_issue():
        if updated.model is not None:
            was, now = ("none" if v is None else f"{v:.1f}" for v in (before, after))
            console.print(f"  {issue}: forecast ({updated.model}) {was} -> {now}", markup=False)
        elif moved:
            console.print(f"  {issue}:", markup=False)
        for change in moved:
            cell(change)
    others = [c for c in changes if c.issue is None]
    if others:
        console.print("  capability:")
    for change in others:
        cell(change)
    for problem in updated.problems:
        console.print(f"[yellow]not forecast:[/] {problem}")


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


@scenario_app.command("explain")
def explain_command(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML (drafted or edited).")],
    actor: Annotated[str, typer.Argument(help="Actor id or name.")],
    issue: Annotated[str, typer.Argument(help="Issue id or name.")],
) -> None:
    """Show an actor's position, salience and capability on an issue, each with its confidence and evidence."""
    from detente.scenario import Estimate, load_draft

    check_input(scenario, "scenario file")
    with library_errors():
        drafted = load_draft(scenario)
        entry = drafted.actor(actor)
        item = drafted.issue(issue)
    console = get_console()
    scale = item.scale
    console.print(f"[bold]{entry.name or entry.id}[/] on [bold]{item.label}[/] ({scale.low:g} = "
                  f"{scale.low_label or ''}, {scale.high:g} = {scale.high_label or ''})")  # fmt: skip
    cells: list[tuple[str, Estimate | None]] = [("position", entry.positions.get(item.id)),
                                                ("salience", entry.salience.get(item.id)),
                                                ("capability", entry.capability)]  # fmt: skip
    for field, value in cells:
        if value is None:
            console.print(f"{field}: [bold]none: no evidence, for the analyst to fill in[/]")
            continue
        extra = [f"{k} {getattr(value, k)}" for k in ("sd", "confidence") if getattr(value, k) is not None]
        console.print(f"{field}: [bold]{value.value}[/]" + (f" ({', '.join(extra)})" if extra else ""))
        if value.note:
            console.print(f"  note: {value.note}")
        if field == "salience":
            continue  # same sentences as the position
        for evidence in value.evidence:
            console.print(f"  - {evidence.sentence}\n    [dim]{evidence.document}[/]")
