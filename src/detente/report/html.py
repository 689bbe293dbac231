"""Render the view model as one self-contained HTML page (the report) or as the dashboard's page.

The report inlines Plotly (the ``plotly.min.js`` shipped in the plotly Python package), detente's script and
stylesheet, and the view model as JSON: it opens offline, from a file or an e-mail attachment. A Content Security
Policy admits only those two scripts (by their SHA-256) and no network at all, so even text that slipped past
escaping could not run or call out. The view model is embedded as ``application/json`` with ``<``, ``>`` and
``&`` written as JSON escapes, so article text cannot close the script element.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from detente import __version__
from detente.errors import DetenteError

UPLOAD_LIMIT_MB = 20
VIEWS = ("views.js", "timeline.js", "map.js", "evidence.js")
SCRIPTS = ("plotly.min.js", *VIEWS, "app.js")  # the report's, in the order the page runs them
DASHBOARD_SCRIPTS = ("plotly.min.js", *VIEWS, "dashboard.js", "corrections.js", "review.js", "app.js")  # served


@dataclass(frozen=True)
class Script:
    body: str = ""
    src: str | None = None


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("detente.report", "templates"), autoescape=select_autoescape(["j2", "html"])
    )


@lru_cache(maxsize=16)
def asset(name: str) -> str:
    """A static asset's text: ``plotly.min.js`` from the plotly package, the others from ``report/static``."""
    if name == "plotly.min.js":
        try:
            return (resources.files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
        except (ModuleNotFoundError, FileNotFoundError) as err:
            raise DetenteError("plotly's JavaScript bundle is missing", where="plotly/package_data/plotly.min.js",
                               fix="reinstall detente (`pip install -e .`), which pins plotly") from err  # fmt: skip
    return (resources.files("detente.report") / "static" / name).read_text(encoding="utf-8")


def _finite(value: Any) -> Any:
    """NaN and infinities as null: JSON has no spelling for them."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def embed_json(data: Any) -> Markup:
    """JSON safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(_finite(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for raw, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):  # fmt: skip
        text = text.replace(raw, escaped)
    return Markup(text)


def _digest(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def render(view: dict[str, Any], *, mode: str = "report", nonce: str | None = None) -> str:
    """The page for ``view``: ``report`` (everything inline) or ``dashboard`` (scripts from ``static/``)."""
    if mode == "report":
        scripts = [Script(asset(name)) for name in SCRIPTS]
        script_src = " ".join(_digest(s.body) for s in scripts)
        connect = "'none'"
    else:
        scripts = [Script(src=f"static/{name}") for name in DASHBOARD_SCRIPTS]
        script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
        connect = "'self'"
    csp = (f"default-src 'none'; script-src {script_src}; style-src 'unsafe-inline'; img-src data: blob:; "
           f"font-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'")  # fmt: skip
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=view["title"],
        mode=mode,
        csp=csp,
        version=__version__,
        generated=view["generated"],
        css=Markup(asset("report.css")),
        payload=embed_json(view),
        scripts=[Script(Markup(s.body), s.src) for s in scripts],
        nonce=nonce,
        upload_limit_mb=UPLOAD_LIMIT_MB,
    )


def write_html(view: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    try:
        path.write_text(render(view), encoding="utf-8")
    except OSError as err:
        raise DetenteError(f"cannot write the report ({err})", where=str(path),
                           fix="check that the folder exists and is writable") from err  # fmt: skip
    return path
