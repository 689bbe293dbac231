"""``detente backtest``: score every model and baseline against decisions whose outcome is known."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from detente.cli.app import app, fail, get_console, library_errors
from detente.cli.output import write_json

if TYPE_CHECKING:
    from detente.scenario.deu import DecisionTable


def _load_table(paths: list[Path], capability: str) -> DecisionTable:
    from detente.bargain.cases import from_scenarios
    from detente.scenario import load
    from detente.scenario.deu import read_capability_table, read_deu

    if all(p.suffix.lower() in (".yaml", ".yml") for p in paths):
        return from_scenarios(load(p) for p in paths)
    if len(paths) != 1:
        fail("give one DEU table (.tsv/.csv), or one or more scenario files (.yaml) with outcomes")
    rule: str | dict[str, float] = capability
    if capability not in ("council", "equal"):
        rule = read_capability_table(capability)
    return read_deu(paths[0], capability=rule)


@app.command("backtest")
def backtest_command(
    data: Annotated[
        list[Path], typer.Argument(metavar="DATA", help="A DEU-layout table (.tsv/.csv), or scenarios with outcomes.")
    ],
    model: Annotated[list[str] | None, typer.Option("--models", "--model", help="Only these (repeatable).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap and Monte Carlo draws.")] = 0,
    runs: Annotated[int, typer.Option(help="Monte Carlo draws per issue for the intervals (0: none).", min=0)] = 100,
    capability: Annotated[
        str, typer.Option(help="DEU capabilities: council, equal, or a CSV actor,capability.")
    ] = "council",
    stacked: Annotated[bool, typer.Option(help="Add the stacked model, cross-validated by proposal.")] = True,
    by: Annotated[bool, typer.Option("--by-subset", help="Also print the scores by subset.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Backtest the models on decisions with known outcomes: MAE, RMSE, share within 10 points, share closest,
    paired bootstrap interval against the weighted mean, and Monte Carlo coverage."""
    from rich.table import Table

    from detente.bargain.backtest import backtest

    with library_errors():
        table = _load_table(data, capability)
        result = backtest(table, model, seed=seed, runs=runs, stacked=stacked)
    if as_json:
        write_json(result.to_json())
        return
    scores = result.scores if by else result.scores[result.scores["subset"] == "all"]
    out = Table(title=f"Backtest on {len(result.forecasts)} decisions ({result.source})", title_justify="left")
    for column in ("subset", "candidate", "n", "MAE", "RMSE", "within 10", "closest", "MAE - mean (95%)",
                   "cover 50%", "cover 80%"):  # fmt: skip
        out.add_column(column, justify="left" if column in ("subset", "candidate") else "right")
    for row in scores.itertuples():
        label = "all" if row.subset == "all" else f"{row.subset}={row.value}"
        mark = " (default)" if row.candidate == result.default else ""
        out.add_row(label, f"{row.candidate}{mark}", str(row.n), f"{row.mae:.2f}", f"{row.rmse:.2f}",
                    f"{row.within_10:.2f}", f"{row.closest:.2f}", f"{row.ci_low:+.2f} .. {row.ci_high:+.2f}",
                    _share(row.coverage_50), _share(row.coverage_80))  # fmt: skip
    get_console().print(out)


def _share(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"
