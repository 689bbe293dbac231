"""What the report shows beside a forecast to judge it, selected from stored results (nothing is forecast here):
each issue's baselines, the model's track record in words, each actor's share of the issue's weight and the
warning when one actor holds more than half; and the backtest figures the package stores, for the chart of errors
by model (``detente.bargain.context``, ``track_record.json``, written by ``bench/backtest.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from detente.bargain.context import DOMINANT, TrackRecord, stored

BASELINE_LABELS = {"weighted_mean": "weighted mean", "midpoint": "midpoint"}
MODEL_LABELS = {"mean": "weighted mean", "median": "weighted median", "nash": "Nash bargaining",
                "nash_sq": "Nash, status quo as disagreement", "eum": "EUM (Scholz-code)", "eum_paper": "EUM (paper)",
                "smp": "SMP", "midpoint": "the scale's midpoint", "proposer": "the proposer's position",
                "status_quo": "the status quo", "stacked": "stacked"}  # fmt: skip
NO_RECORD = "no backtest figure for this model (it is not among those bench/backtest.py measured)"


def _record_sentence(record: Mapping[str, Any] | None, low: float, high: float) -> str:
    """The track record in words on the issue's own scale (a record stored without a field keeps its sentence)."""
    if not record:
        return NO_RECORD
    fields = {k: record[k] for k in TrackRecord.__dataclass_fields__ if k in record}
    try:
        return TrackRecord(**fields).sentence(low, high)
    except TypeError:
        return str(record.get("sentence") or NO_RECORD)


def issue_context(forecast: Mapping[str, Any], issue: Mapping[str, Any]) -> dict[str, Any]:
    """One issue's context: baselines, the track record sentence, the shares (largest first) and the warnings."""
    scale = issue.get("scale") or {}
    low, high = float(scale.get("low", 0.0)), float(scale.get("high", 100.0))
    shares = sorted(((str(a), float(v)) for a, v in (issue.get("weight_share") or {}).items()), key=lambda x: -x[1])
    dominant = next((a for a, v in shares if v > DOMINANT), None)
    warnings = list(issue.get("warnings") or [])
    if dominant and not warnings:  # a forecast stored before the warnings were: the rule is the bargain package's
        warnings = [f"{dominant} holds {dict(shares)[dominant]:.0%} of this issue's weight (capability x salience)"]
    stated = issue.get("baselines") or {}
    baselines = [{"name": BASELINE_LABELS.get(k, k), "value": float(v)} for k, v in stated.items()]
    return {
        "baselines": baselines,
        "track_record": _record_sentence(forecast.get("track_record"), low, high),
        "typical_error": issue.get("typical_error"),
        "shares": [{"actor": a, "share": v} for a, v in shares],
        "dominant": dominant,
        "warnings": warnings,
    }


def with_context(forecast: Mapping[str, Any]) -> dict[str, Any]:
    """A stored forecast with each issue's ``context`` added (the stored JSON itself is left as it was)."""
    return {**forecast, "issues": [{**i, "context": issue_context(forecast, i)} for i in forecast.get("issues", [])]}


def backtest_view() -> dict[str, Any] | None:
    """The stored backtest as chart rows, lowest error first; ``None`` when the package stores none."""
    data = stored()
    figures = data.get("models") or {}
    if not figures:
        return None
    rows = []
    for name, f in figures.items():
        low, high = (f.get("mae_minus_mean_ci") or [None, None])[:2]
        verdict = ("reference" if name == "mean" else "better than the weighted mean" if high is not None and high < 0
                   else "worse than the weighted mean" if low is not None and low > 0
                   else "no clear difference from the weighted mean")  # fmt: skip
        label = MODEL_LABELS.get(name, name)
        if f.get("n") is not None and f["n"] != data.get("issues"):  # measured only where it exists (a status quo)
            label += f" ({f['n']} decisions)"
        rows.append({"name": name, "label": label, "n": f.get("n"), "mae": f["mae"],
                     "rmse": f.get("rmse"), "within_10": f.get("within_10"), "ci": [low, high],
                     "verdict": verdict})  # fmt: skip
    rows.sort(key=lambda r: r["mae"])
    return {"issues": data.get("issues"), "source": data.get("source", ""), "default": data.get("default"),
            "models": rows}  # fmt: skip
