"""The report: stored results -> view model (view.py) -> one self-contained HTML page (html.py) or PNGs (png.py).

view = view_model(system, workspace.documents(), scenario=scenario, forecasts=[stored forecast JSON, ...])
write_html(view, "report.html")
write_pngs(view, "charts/")
"""

from detente.report.html import render, write_html
from detente.report.png import write_pngs
from detente.report.view import scenario_view, view_model

__all__ = ["render", "scenario_view", "view_model", "write_html", "write_pngs"]
