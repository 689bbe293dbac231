"""``detente forecast`` and ``detente models``: run a bargaining model on a scenario, with Monte Carlo and what-ifs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from detente.cli.app import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    ScenarioOption,
    SeedOption,
    app,
    check_input,
    fail,  # fmt: skip
    get_console,
    library_errors,
)
from detente.cli.output import CsvOption, JsonOption, emit, plain, write_json
from detente.cli.progress import progress

if TYPE_CHECKING:
    from detente.bargain import Forecast
    from detente.scenario import Scenario


def scenario_path(positional: Path | None, option: Path | None, *, required: bool) -> Path | None:
    """The scenario named by ``--scenario/-s`` (or, for ``forecast``, positionally), checked to exist."""
    if positional is not None and option is not None and positional != option:
        fail(f"two scenarios given ({positional} and --scenario {option})", "give one")
    path = positional or option
    if path is None:
        if required:
            fail("no scenario given", "name it: detente forecast SCENARIO (or --scenario/-s SCENARIO)")
        return None
    return check_input(path, "scenario file")


def _parse_params(items: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if not items:
        return params
    import yaml  # values are read as YAML scalars: 0.9, true, Quartic

    for item in items:
        if "=" not in item:
            fail(f"--param {item!r} is not NAME=VALUE", "write e.g. --param Q=0.9")
        key, value = item.split("=", 1)
        params[key.strip()] = yaml.safe_load(value)
    return params


def _scale(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        low, high = (float(v) for v in text.split(","))
    except ValueError:
        fail(f"--scale {text!r} is not LOW,HIGH", "write e.g. --scale 0,100")
    return low, high


def apply_what_ifs(scenario: Scenario, drop: list[str], sets: list[str], merges: list[str]) -> Scenario:
    """Apply ``--drop ACTOR``, ``--set ACTOR.FIELD[.ISSUE]=VALUE`` and ``--merge A+B=NEW`` in that order."""
    from detente.bargain import drop_actors, merge_actors, set_value

    if drop:
        scenario = drop_actors(scenario, drop)
    for item in sets:
        target, _, value = item.partition("=")
        parts = target.split(".")
        if not value or len(parts) not in (2, 3):
            fail(f"--set {item!r} is not ACTOR.FIELD=VALUE", "write e.g. --set RUS.position.leader_future=60")
        try:
            number = float(value)
        except ValueError:
            fail(f"--set {item!r}: {value!r} is not a number", "give a number after =")
        scenario = set_value(scenario, parts[0], parts[1], number, parts[2] if len(parts) == 3 else None)
    for item in merges:
        members, _, new_id = item.partition("=")
        if not new_id or "+" not in members:
            fail(f"--merge {item!r} is not A+B=NEW", "write e.g. --merge SAU+QAT=GULF")
        scenario = merge_actors(scenario, members.split("+"), new_id)
    return scenario


def print_forecast(result: Forecast) -> None:
    from rich.table import Table

    console = get_console()
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
    table.add_column("actors taking part", justify="right")
    for item in result.issues:
        scale = item.issue.scale
        ends = f"{scale.low:g} {scale.low_label or ''} .. {scale.high:g} {scale.high_label or ''}".replace("  ", " ")
        row = [item.issue.label, f"{item.forecast:.2f}", ends, str(item.rounds), item.stop_reason]
        if item.distribution is not None:
            q = item.distribution.quantiles
            row.append(f"{q['q05']:.2f} .. {q['q95']:.2f}")
        top = max(item.weight_share.items(), key=lambda kv: kv[1], default=("", 0.0))
        row += [f"{item.baselines.get('weighted_mean', float('nan')):.2f}",
                f"{item.baselines.get('midpoint', float('nan')):.2f}", f"{top[0]} {top[1]:.0%}",
                f"{len(item.actors or result.actors)} of {len(result.actors)}"]  # fmt: skip
        table.add_row(*row)
    console.print(table)
    if result.track_record is not None:
        console.print(f"track record: {result.track_record.sentence()}")
    for item in result.issues:
        for warning in item.warnings:
            console.print(f"[yellow]warning:[/] {item.issue.label}: {warning}")
        if item.absent:
            verb = "takes" if len(item.absent) == 1 else "take"
            console.print(f"{item.issue.label}: {', '.join(item.actors)} take part; "
                          f"{', '.join(item.absent)} {verb} no part")  # fmt: skip
    import numpy as np

    positions = result.positions()
    if positions.shape[0] > 1:
        moves = Table(title="Positions: start -> end", title_justify="left")
        moves.add_column("actor")
        for item in result.issues:
            moves.add_column(item.issue.id, justify="right")
        for a, actor in enumerate(result.actors):
            moves.add_row(actor, *("-" if np.isnan(positions[0, a, k]) else
                                   f"{positions[0, a, k]:.2f} -> {positions[-1, a, k]:.2f}"
                                   for k in range(len(result.issues))))  # fmt: skip
        console.print(moves)
    classes = result.info.get("classes")
    if classes and len(classes) > 1:
        table = Table(title="Final state: clusters of positions and their chance to prevail", title_justify="left")
        grouped = any("issues" in c for c in classes)  # issues with different participants bargained apart
        if grouped:
            table.add_column("issues")
        table.add_column("probability", justify="right")
        table.add_column("position")
        table.add_column("actors")
        for group in sorted(classes, key=lambda c: (c.get("issues", []), -c["probability"])):
            row = [", ".join(group["issues"])] if grouped else []
            table.add_row(*row, f"{group['probability']:.3f}", ", ".join(f"{v:.2f}" for v in group["position"]),
                          ", ".join(group["members"]))  # fmt: skip
        console.print(table)
    for remark in result.notes:
        console.print(f"[yellow]note:[/] {remark}")
    if result.seed is not None and result.runs > 1:
        console.print(f"seed {result.seed} (repeat with --seed {result.seed})")


def _runs(runs: int | None, scenario: Scenario) -> int:
    """``--runs`` as given; by default DEFAULT_RUNS, or 1 when the scenario states no uncertainty to draw from."""
    if runs is not None:
        return runs
    from detente.bargain.arrays import to_arrays

    return DEFAULT_RUNS if to_arrays(scenario).uncertain else 1


@app.command("forecast")
def forecast_command(
    scenario_arg: Annotated[
        Path | None,
        typer.Argument(
            metavar="SCENARIO",
            help="Scenario: .yaml, or .csv (common or KTAB); or --scenario/-s.",
            show_default=False,
        ),
    ] = None,
    scenario_option: ScenarioOption = None,
    model: Annotated[
        str | None,
        typer.Option(help="mean, median, nash, eum, smp, stacked (or a versioned name); default: the best backtest."),
    ] = None,
    runs: Annotated[
        int | None,
        typer.Option(
            help=f"Monte Carlo runs over the scenario's stated uncertainties (1: solve once); default "
            f"{DEFAULT_RUNS}, or 1 when the scenario states none.",
            min=1,
            show_default=False,
        ),
    ] = None,
    seed: SeedOption = DEFAULT_SEED,
    rounds: Annotated[int | None, typer.Option(help="Most bargaining rounds (dynamic models).", min=1)] = None,
    profile: Annotated[str | None, typer.Option(help="EUM profile: paper or scholz_code.")] = None,
    param: Annotated[list[str] | None, typer.Option(help="Model parameter NAME=VALUE (repeatable).")] = None,
    scale: Annotated[str | None, typer.Option(help="LOW,HIGH scale for a common CSV scenario.")] = None,
    drop: Annotated[list[str] | None, typer.Option(help="What-if: drop this actor (repeatable).")] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="What-if: ACTOR.FIELD[.ISSUE]=VALUE (repeatable).")
    ] = None,
    merge: Annotated[list[str] | None, typer.Option(help="What-if: merge actors A+B=NEW (repeatable).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write the forecast to stdout as JSON.")] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Refuse empty cells (by default an actor with an empty cell takes no part in that issue)."
        ),
    ] = False,
) -> None:
    """Forecast the outcome of each issue of a scenario; with what-if options, compare with the base forecast.

    Each issue is solved over the actors that take part in it: an empty cell of a drafted scenario (no evidence)
    means that actor takes no part in that issue, and the output says who took part."""
    path = scenario_path(scenario_arg, scenario_option, required=True)
    assert path is not None
    params = _parse_params(param or [])
    if rounds is not None:
        params["rounds"] = rounds
    if profile is not None:
        params["profile"] = profile
    bounds = _scale(scale)
    with library_errors():
        from detente.bargain import compare, forecast
        from detente.scenario import load

        base_scenario = load(path, scale=bounds, strict=strict)
        what_if = bool(drop or set_ or merge)
        scenario = apply_what_ifs(base_scenario, drop or [], set_ or [], merge or []) if what_if else base_scenario
        from detente.bargain.defaults import DEFAULT_MODEL

        model = model or DEFAULT_MODEL
        count = _runs(runs, scenario)
        with progress("Monte Carlo", "runs") as on_progress:
            result = forecast(scenario, model, runs=count, seed=seed, on_progress=on_progress, **params)
        base = forecast(base_scenario, model, runs=1, **params) if what_if else None
    if as_json:
        data = result.to_json()
        if base is not None:
            data["what_if"] = plain(compare(base, result).to_dict(orient="records"))
        write_json(data)
        return
    print_forecast(result)
    if base is not None:
        from rich.table import Table

        diff = Table(title="What-if against the base forecast", title_justify="left")
        for column in ("issue", "base", "what-if", "change"):
            diff.add_column(column, justify="left" if column == "issue" else "right")
        for row in compare(base, result).itertuples():
            diff.add_row(str(row.issue), f"{row.base:.2f}", f"{row.what_if:.2f}", f"{row.change:+.2f}")
        get_console().print(diff)


@app.command("models")
def list_models(as_json: JsonOption = False, as_csv: CsvOption = False) -> None:
    """List the registered bargaining models with their parameters and references."""
    from detente.bargain import models

    rows = [{"name": spec.name, "aliases": list(spec.aliases), "what": spec.summary, "parameters": list(spec.defaults),
             "reference": spec.reference} for spec in models()]  # fmt: skip
    emit(rows, ("name", "aliases", "what", "parameters", "reference"), title="Bargaining models", as_json=as_json,
         as_csv=as_csv)  # fmt: skip
