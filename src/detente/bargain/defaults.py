"""Defaults chosen by the evidence (docs/models.md, "Backtest"): the point-forecast model with the lowest error
on the 353 DEU decisions, and the EUM profile that reproduces the published EC path."""

from __future__ import annotations

DEFAULT_MODEL = "nash"  # DEU backtest: Nash 22.4 MAE, weighted mean 23.0 (bench/backtest.py)
