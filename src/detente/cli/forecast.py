"""``detente forecast``: run a bargaining model on a scenario file, with Monte Carlo and what-ifs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from detente.bargain import Forecast, compare, drop_actors, forecast, merge_actors, models, set_value
from detente.cli.app import app, console, fail, library_errors
from detente.scenario import Scenario, load


def _parse_params(items: list[str]) -> dict[str, Any]:
    params = {}
    for item in items:
        if "=" not in item:
            fail(f"--param {item!r}: write NAME=VALUE, e.g. --param Q=0.9")
        key, value = item.split("=", 1)
        params[key.strip()] = yaml.safe_load(value)
    return params


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        low, high = (float(v) for v in text.split(","))
    except ValueError:
        fail(f"--scale {text!r}: write LOW,HIGH, e.g. --scale 0,100")
    return low, high


def apply_what_ifs(scenario: Scenario, drop: list[str], sets: list[str], merges: list[str]) -> Scenario:
    """Apply ``--drop ACTOR``, ``--set ACTOR.FIELD[.ISSUE]=VALUE`` and ``--merge A+B=NEW`` in that order."""
    if drop:
        scenario = drop_actors(scenario, drop)
    for item in sets:
        target, _, value = item.partition("=")
        parts = target.split(".")
        if not value or len(parts) not in (2, 3):
            fail(f"--set {item!r}: write ACTOR.FIELD=VALUE or ACTOR.FIELD.ISSUE=VALUE")
        try:
            number = float(value)
        except ValueError:
            fail(f"--set {item!r}: {value!r} is not a number")
        scenario = set_value(scenario, parts[0], parts[1], number, parts[2] if len(parts) == 3 else None)
    for item in merges:
        members, _, new_id = item.partition("=")
        if not new_id or "+" not in members:
            fail(f"--merge {item!r}: write A+B=NEW")
        scenario = merge_actors(scenario, members.split("+"), new_id)
    return scenario


def print_forecast(result: Forecast) -> None:
    table = Table(title=f"{result.scenario}: {result.model}", title_justify="left")
    table.add_column("issue")
    table.add_column("forecast", justify="right", style="bold")
    table.add_column("scale")
    table.add_column("rounds", justify="right")
    table.add_column("stopped")
    if result.runs > 1:
        table.add_column(f"90% interval ({result.runs} runs)", justify="right")
    table.add_column("weighted mean", justify="right")
    table.add_column("midpoint", justify="right")
    table.add_column("largest weight", justify="right")
    for item in result.issues:
        scale = item.issue.scale
        ends = f"{scale.low:g} {scale.low_label or ''} .. {scale.high:g} {scale.high_label or ''}".replace("  ", " ")
        row = [item.issue.label, f"{item.forecast:.2f}", ends, str(item.rounds), item.stop_reason]
        if item.distribution is not None:
            q = item.distribution.quantiles
            row.append(f"{q['q05']:.2f} .. {q['q95']:.2f}")
        top = max(item.weight_share.items(), key=lambda kv: kv[1], default=("", 0.0))
        row += [f"{item.baselines.get('weighted_mean', float('nan')):.2f}",
                f"{item.baselines.get('midpoint', float('nan')):.2f}", f"{top[0]} {top[1]:.0%}"]  # fmt: skip
        table.add_row(*row)
    console.print(table)
    if result.track_record is not None:
        console.print(f"track record: {result.track_record.sentence()}")
    for item in result.issues:
        for warning in item.warnings:
            console.print(f"[yellow]warning:[/] {item.issue.label}: {warning}")
    positions = result.positions()
    if positions.shape[0] > 1:
        moves = Table(title="Positions: start -> end", title_justify="left")
        moves.add_column("actor")
        for item in result.issues:
            moves.add_column(item.issue.id, justify="right")
        for a, actor in enumerate(result.actors):
            moves.add_row(actor, *(f"{positions[0, a, k]:.2f} -> {positions[-1, a, k]:.2f}"
                                   for k in range(len(result.issues))))  # fmt: skip
        console.print(moves)
    classes = result.info.get("classes")
    if classes and len(classes) > 1:
        table = Table(title="Final state: clusters of positions and their chance to prevail", title_justify="left")
        table.add_column("probability", justify="right")
        table.add_column("position")
        table.add_column("actors")
        for group in sorted(classes, key=lambda c: -c["probability"]):
            table.add_row(f"{group['probability']:.3f}", ", ".join(f"{v:.2f}" for v in group["position"]),
                          ", ".join(group["members"]))  # fmt: skip
        console.print(table)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}")
    if result.seed is not None:
        console.print(f"seed {result.seed} (repeat with --seed {result.seed})")


@app.command("forecast")
def forecast_command(
    scenario_path: Annotated[
        Path, typer.Argument(metavar="SCENARIO", help="Scenario: .yaml, or .csv (common or KTAB).")
    ],
    model: Annotated[
        str | None,
        typer.Option(help="mean, median, nash, eum, smp, stacked (or a versioned name); default: the best backtest."),
    ] = None,
    runs: Annotated[int, typer.Option(help="Monte Carlo runs over the stated uncertainties.", min=1)] = 1,
    seed: Annotated[int | None, typer.Option(help="Seed of the Monte Carlo draws.")] = None,
    rounds: Annotated[int | None, typer.Option(help="Most bargaining rounds (dynamic models).", min=1)] = None,
    profile: Annotated[str | None, typer.Option(help="EUM profile: paper or scholz_code.")] = None,
    param: Annotated[list[str] | None, typer.Option(help="Model parameter NAME=VALUE (repeatable).")] = None,
    scale: Annotated[str | None, typer.Option(help="LOW,HIGH scale for a common CSV scenario.")] = None,
    drop: Annotated[list[str] | None, typer.Option(help="What-if: drop this actor (repeatable).")] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="What-if: ACTOR.FIELD[.ISSUE]=VALUE (repeatable).")
    ] = None,
    merge: Annotated[list[str] | None, typer.Option(help="What-if: merge actors A+B=NEW (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the forecast as JSON.")] = False,
) -> None:
    """Forecast the outcome of each issue of a scenario; with what-if options, compare with the base forecast."""
    params = _parse_params(param or [])
    if rounds is not None:
        params["rounds"] = rounds
    if profile is not None:
        params["profile"] = profile
    with library_errors():
        base_scenario = load(scenario_path, scale=_scale(scale))
        what_if = bool(drop or set_ or merge)
        scenario = apply_what_ifs(base_scenario, drop or [], set_ or [], merge or []) if what_if else base_scenario
        from detente.bargain.defaults import DEFAULT_MODEL

        model = model or DEFAULT_MODEL
        result = forecast(scenario, model, runs=runs, seed=seed, **params)
        base = forecast(base_scenario, model, runs=1, **params) if what_if else None
    if as_json:
        data = result.to_json()
        if base is not None:
            data["what_if"] = compare(base, result).to_dict(orient="records")
        console.print_json(json.dumps(data))
        return
    print_forecast(result)
    if base is not None:
        diff = Table(title="What-if against the base forecast", title_justify="left")
        for column in ("issue", "base", "what-if", "change"):
            diff.add_column(column, justify="left" if column == "issue" else "right")
        for row in compare(base, result).itertuples():
            diff.add_row(str(row.issue), f"{row.base:.2f}", f"{row.what_if:.2f}", f"{row.change:+.2f}")
        console.print(diff)


@app.command("models")
def list_models() -> None:
    """List the registered bargaining models with their parameters and references."""
    table = Table(title="Bargaining models", title_justify="left")
    for column in ("name", "aliases", "what", "parameters", "reference"):
        table.add_column(column, overflow="fold")
    for spec in models():
        table.add_row(spec.name, ", ".join(spec.aliases), spec.summary, ", ".join(spec.defaults), spec.reference)
    console.print(table)
