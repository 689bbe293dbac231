"""PNG exports of the report's charts for slides, drawn with Matplotlib (Agg, no display) from the same view model
as the HTML page: ``network.png``, ``timeline.png``, ``map.png``, ``backtest.png`` (errors by model) and
``forecast-<model>-<issue>.png``."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.errors import DetenteError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COOP, CONFLICT, NEUTRAL = "#1a9850", "#d73027", "#888888"
DPI = 150


def _pyplot() -> Any:
    """Matplotlib's pyplot on the Agg backend, imported when a chart is drawn (not when detente starts)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=DPI)
    _pyplot().close(figure)
    return path


def network(view: dict[str, Any], path: Path) -> Path:
    position = {a["id"]: (a["x"], a["y"]) for a in view["actors"]}
    pairs: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0])
    for e in view["events"]:
        if e["fact"]:
            for s in e["source"]:
                for t in e["target"]:
                    if s != t:
                        pair = pairs[(min(s, t), max(s, t))]
                        pair[0] += e["score"] or 0.0
                        pair[1] += 1
    for r in view["stated"]:
        pair = pairs[(min(r["source"], r["target"]), max(r["source"], r["target"]))]
        pair[0] += {"enemy": -5.0, "mediates": 3.0}.get(r["kind"], 5.0)
        pair[1] += 1
    figure, axes = _pyplot().subplots(figsize=(10, 7))
    for (a, b), (score, count) in pairs.items():
        if a in position and b in position:
            colour = COOP if score > 0 else CONFLICT if score < 0 else NEUTRAL
            (x1, y1), (x2, y2) = position[a], position[b]
            axes.plot([x1, x2], [y1, y2], color=colour, alpha=0.55, linewidth=min(1 + count / 2, 6), zorder=1)
    for actor in view["actors"]:
        x, y = position[actor["id"]]
        colour = "#4575b4" if actor["resolved"] else "#bbb"
        axes.scatter([x], [y], s=40 + 96 * actor["mentions"] ** 0.5, color=colour, edgecolors="white", zorder=2)
        axes.annotate(actor["id"], (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8)
    axes.set_axis_off()
    axes.set_title("Actor network (green: cooperation, red: conflict)")
    return _save(figure, path)


def timeline(view: dict[str, Any], path: Path) -> Path:
    dated = [e for e in view["events"] if e["date"]]
    types = sorted({e["type"] for e in dated})
    figure, axes = _pyplot().subplots(figsize=(11, 0.4 * len(types) + 2))
    if dated:
        import pandas as pd

        for fact in (True, False):
            rows = [e for e in dated if e["fact"] is fact]
            if not rows:
                continue
            x = pd.to_datetime([e["date"] for e in rows])
            y = [types.index(e["type"]) for e in rows]
            colours = [e["score"] or 0.0 for e in rows]
            if fact:
                points = axes.scatter(x, y, c=colours, cmap="RdYlGn", vmin=-10, vmax=10, s=36, label="reported as fact")
                figure.colorbar(points, ax=axes, label="intensity")
            else:
                axes.scatter(x, y, facecolors="none", edgecolors="#555", s=36, label="negated, hypothetical or claimed")
        axes.set_yticks(range(len(types)), types)
        axes.legend(loc="upper left", fontsize=8)
    title = "Event timeline"
    window = view.get("timeline")
    if dated and window:  # the main period; stray dates are named in the title, not stretched onto the axis
        axes.set_xlim(pd.Timestamp(window["range"][0]), pd.Timestamp(window["range"][1]))
        if window["outliers"]:
            years = sorted({o["date"][:4] for o in window["outliers"]})
            count = sum(o["events"] for o in window["outliers"])
            title += f" ({count} events outside the axis, in {', '.join(years)})"
    axes.set_title(title)
    return _save(figure, path)


def map_(view: dict[str, Any], path: Path) -> Path:
    figure, axes = _pyplot().subplots(figsize=(9, 8))
    basemap = view["basemap"]
    if basemap:
        west, south, east, north = basemap.get("focus") or basemap["bbox"]
        for country in basemap["countries"]:
            for lon, lat in zip(country["lon"], country["lat"], strict=True):
                axes.plot(lon, lat, color="#9a9a9a", linewidth=0.8)
        places = [p for p in view["places"] if p["events"] and p["lat"] is not None]
        axes.scatter([p["lon"] for p in places], [p["lat"] for p in places], s=[30 + 25 * p["events"] for p in places],
                     color="#d73027", alpha=0.7, zorder=3)  # fmt: skip
        for p in places:
            axes.annotate(p["name"], (p["lon"], p["lat"]), textcoords="offset points", xytext=(0, 7), ha="center",
                          fontsize=8)  # fmt: skip
        axes.set_xlim(west, east)
        axes.set_ylim(south, north)
        import math

        axes.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
        axes.set_facecolor("#eef4f8")
    axes.set_title("Places with events")
    return _save(figure, path)


DASHES = ("-", "--", ":")


def palette(n: int) -> list[str]:
    """``n`` colours told apart at a glance: Tableau's 10 (then 20) for few actors, else hues spread by the golden
    angle with alternating lightness (the lines also change dash every ten actors)."""
    if n <= 10:
        return TABLEAU10[:n]
    if n <= 20:
        return TABLEAU20[:n]
    import colorsys

    out = []
    for i in range(n):
        r, g, b = colorsys.hls_to_rgb((i * 0.381966) % 1.0, 0.38 if i % 2 else 0.55, 0.75)
        out.append(f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}")
    return out


TABLEAU10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
             "#17becf"]  # fmt: skip
TABLEAU20 = [*TABLEAU10, "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7",
             "#dbdb8d", "#9edae5"]  # fmt: skip


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def forecast(result: dict[str, Any], k: int, path: Path) -> Path:
    issue = result["issues"][k]
    figure, (left, right) = _pyplot().subplots(1, 2, figsize=(12, 4.5))
    states = len(result["positions"])
    colours = palette(len(result["actors"]))
    for a, actor in enumerate(result["actors"]):
        left.plot(range(states), [result["positions"][t][a][k] for t in range(states)], linewidth=1.2, label=actor,
                  color=colours[a], linestyle=DASHES[(a // 10) % len(DASHES)],
                  marker="o" if states == 1 else None)  # fmt: skip
    path_values = issue.get("median_path") or issue.get("mean_path") or [issue["forecast"]] * max(states, 2)
    left.plot(range(len(path_values)), path_values, color="black", linewidth=3, label="forecast")
    context = issue.get("context") or {}
    for b, style in zip(context.get("baselines", []), (":", "-."), strict=False):
        left.axhline(b["value"], color="#555", linestyle=style, linewidth=1.2, label=f"{b['name']} (baseline)")
    if context.get("warnings"):  # one actor holds over half the weight: said on the chart itself
        left.text(0.01, 0.01, "⚠ " + context["warnings"][0].split(":")[0], transform=left.transAxes, fontsize=7,
                  color="#b2261a", va="bottom")  # fmt: skip
    left.set_ylim(issue["scale"].get("low", 0), issue["scale"].get("high", 100))
    left.set_xlabel("round")
    left.set_title(f"{issue['name']}: {issue['forecast']:.1f}")
    left.legend(fontsize=6, ncol=2, loc="best")
    distribution = issue.get("distribution")
    if distribution:
        edges, counts = distribution["histogram"]["edges"], distribution["histogram"]["counts"]
        right.bar(edges[:-1], counts, width=[b - a for a, b in pairwise(edges)], align="edge",
                  color="#4575b4")  # fmt: skip
        right.set_title(f"Monte Carlo, {distribution['runs']} runs")
    else:
        right.text(0.5, 0.5, "one run: no distribution", ha="center", transform=right.transAxes)
    right.set_xlabel("outcome")
    return _save(figure, path)


def backtest(view: dict[str, Any], path: Path) -> Path:
    """The stored backtest: each model's mean absolute error, lowest first, with the paired interval against the
    weighted mean beside each bar and the source under the chart."""
    data = view["backtest"]
    rows = data["models"][::-1]  # barh draws the first row at the bottom
    colours = [COOP if r["verdict"].startswith("better") else CONFLICT if r["verdict"].startswith("worse")
               else "#4575b4" for r in rows]  # fmt: skip
    figure, axes = _pyplot().subplots(figsize=(10, 0.42 * len(rows) + 2.2))
    axes.barh([r["label"] for r in rows], [r["mae"] for r in rows], color=colours)
    for y, r in enumerate(rows):
        low, high = r["ci"]
        interval = "reference" if r["name"] == "mean" else "" if low is None else f"vs mean {low:+.1f} to {high:+.1f}"
        axes.annotate(f"{r['mae']:.1f}  {interval}", (r["mae"], y), xytext=(4, 0), textcoords="offset points",
                      va="center", fontsize=8)  # fmt: skip
    axes.set_xlim(0, 1.45 * max(r["mae"] for r in rows))
    axes.set_xlabel("mean absolute error, points of 100 (lower is better)")
    axes.set_title(f"Errors by model on {data['issues']} EU decisions "
                   "(green: better than the weighted mean, red: worse)", fontsize=10)  # fmt: skip
    figure.text(0.01, 0.01, "Source: " + str(data["source"]), fontsize=7, wrap=True, color="#555")
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    figure.savefig(path, dpi=DPI)
    _pyplot().close(figure)
    return path


def write_pngs(view: dict[str, Any], folder: str | Path) -> list[Path]:
    """Every chart as a PNG in ``folder`` (created when missing); returns the files written."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DetenteError(
            f"cannot create the folder ({err})", where=str(folder), fix="choose a writable folder"
        ) from err
    written = [
        network(view, folder / "network.png"),
        timeline(view, folder / "timeline.png"),
        map_(view, folder / "map.png"),
    ]
    if view.get("backtest"):
        written.append(backtest(view, folder / "backtest.png"))
    for result in view["forecasts"]:
        model = _slug(result["model"].removeprefix("detente.").removesuffix(".v1"))
        for k, issue in enumerate(result["issues"]):
            written.append(forecast(result, k, folder / f"forecast-{model}-{_slug(issue['id'])}.png"))
    return written
