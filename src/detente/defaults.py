"""Defaults shared by the library and the command line (kept free of heavy imports: the CLI reads them at start)."""

DEFAULT_RUNS = 200
"""Monte Carlo draws of a forecast unless asked otherwise: one convention for the CLI, the report and the demo."""
DEFAULT_SEED = 2016
"""The seed used unless asked otherwise, so that a forecast, a report and a stored result repeat exactly."""
