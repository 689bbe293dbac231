"""``detente deals``: exchanges across issues that both actors prefer, with the forecast after each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from detente.cli.app import app, get_console, library_errors
from detente.cli.output import write_json


@app.command("deals")
def deals_command(
    scenario_path: Annotated[Path, typer.Argument(metavar="SCENARIO", help="Scenario with two or more issues.")],
    model: Annotated[
        str | None, typer.Option(help="Model of the forecast after each deal (default: the best backtest).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Most deals listed.", min=1)] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the deals as JSON.")] = False,
) -> None:
    """List the exchanges both actors prefer (i moves on one issue, j on another, each gaining by its own
    saliences; Stokman & van Oosten's exchange model), ranked by joint gain, with the forecast after each."""
    from rich.table import Table

    from detente.bargain.deals import deals
    from detente.bargain.defaults import DEFAULT_MODEL
    from detente.scenario import load

    with library_errors():
        scenario = load(scenario_path)
        found = deals(scenario, model or DEFAULT_MODEL, limit=limit)
    if as_json:
        write_json({"scenario": scenario.name, "model": model or DEFAULT_MODEL,
                    "deals": [d.to_dict() for d in found]})  # fmt: skip
        return
    if not found:
        get_console().print("No exchange that both actors prefer: on every pair of issues the actors either stand on "
                      "the same side of the expected outcome or weigh the issues alike.")  # fmt: skip
        return
    table = Table(title=f"{scenario.name}: exchanges both sides prefer (by joint gain)", title_justify="left")
    for column in ("#", "moves", "in return", "joint gain", "forecast after"):
        table.add_column(column, justify="right" if column in ("#", "joint gain") else "left")
    for n, d in enumerate(found, 1):
        after = ", ".join(
            f"{k} {d.before[k]:.3g} -> {v:.3g}" for k, v in d.after.items() if k in (d.issue_a, d.issue_b)
        )
        moves = f"{d.mover_a} on {d.issue_a}: {d.from_a:.3g} -> {d.to_a:.3g}"
        back = f"{d.mover_b} on {d.issue_b}: {d.from_b:.3g} -> {d.to_b:.3g}"
        table.add_row(str(n), moves, back, f"{d.joint_gain:.4f}", after)
    get_console().print(table)
