"""Bargaining: scenario arrays in, registered vectorised models, forecasts with Monte Carlo and what-ifs.

Models (``detente.bargain.models()``): weighted mean, weighted median voter, Nash bargaining, the expected-utility
model, KTAB's SMP and a stacked forecast over them; each is a pure function over arrays of shape (B, N) registered
by versioned name. The default point forecast is the one with the least error on 353 EU decisions
(:mod:`detente.bargain.defaults`, ``detente backtest``).
"""

from detente.bargain import baseline, eum, smp, stack  # noqa: F401  (registers the models)
from detente.bargain.forecast import Forecast, IssueForecast, Move, forecast
from detente.bargain.registry import ModelSpec, get_model, models
from detente.bargain.whatif import add_actor, compare, drop_actors, merge_actors, set_value

__all__ = [
    "Forecast", "IssueForecast", "ModelSpec", "Move", "add_actor", "compare", "drop_actors", "forecast",
    "get_model", "merge_actors", "models", "set_value",
]  # fmt: skip
