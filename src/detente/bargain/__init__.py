"""Bargaining: scenario arrays in, registered vectorised models, forecasts with Monte Carlo and what-ifs.

Models (``detente.bargain.models()``): weighted mean, weighted median voter, Nash bargaining, and the
expected-utility model; each is a pure function over arrays of shape (B, N) registered by versioned name.
"""

from detente.bargain import baseline, eum, smp  # noqa: F401  (registers the models)
from detente.bargain.forecast import Forecast, IssueForecast, Move, forecast
from detente.bargain.registry import ModelSpec, get_model, models
from detente.bargain.whatif import add_actor, compare, drop_actors, merge_actors, set_value

__all__ = [
    "Forecast", "IssueForecast", "ModelSpec", "Move", "add_actor", "compare", "drop_actors", "forecast",
    "get_model", "merge_actors", "models", "set_value",
]  # fmt: skip
