"""The HTML report: self-contained, escaped, and guarded by a Content Security Policy; PNG exports; the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape
from pathlib import Path

from typer.testing import CliRunner

from detente.cli.main import app
from detente.model import ConflictSystem
from detente.report import render, view_model, write_pngs
from detente.report.html import asset
from detente.store import Workspace
from detente.system import conflict_system

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"

runner = CliRunner()


def _small_view(small_workspace: Path) -> dict[str, object]:
    with Workspace.open(small_workspace, create=False) as ws:
        return view_model(conflict_system(ws), ws.documents())


def _scripts(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)


def test_report_is_self_contained(small_workspace: Path) -> None:
    html = render(_small_view(small_workspace))  # type: ignore[arg-type]
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html), "nothing is loaded from elsewhere"
    assert "plotly.js v" in html and "drawNetwork" in html and "detenteViews" in html  # the scripts inlined
    for name in ("Dashboard", "Corrections", "Review"):  # the what-if, uploads, corrections and alerts stay out of it
        assert f"window.detente{name} = function" not in html
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found
    csp = unescape(found.group(1))
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    executable = [body for attrs, body in _scripts(html) if "application/json" not in attrs]
    assert len(executable) == 6  # plotly, views.js, timeline.js, map.js, evidence.js, app.js
    for body in executable:  # every script that may run is admitted by its hash, and only those
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_article_text_cannot_break_out(small_workspace: Path) -> None:
    view = _small_view(small_workspace)
    html = render(view)  # type: ignore[arg-type]
    assert "__pwned" in json.dumps(view), "the hostile article is in the view"
    outside_payload = re.sub(r'<script id="payload" type="application/json">.*?</script>', "", html, flags=re.S)
    assert "__pwned" not in outside_payload
    payload = re.search(r'<script id="payload" type="application/json">(.*?)</script>', html, flags=re.S)
    assert payload and "<" not in payload.group(1) and ">" not in payload.group(1)
    assert json.loads(payload.group(1)) == json.loads(json.dumps(view))  # escaped, yet the same data


def test_title_is_escaped(small_workspace: Path) -> None:
    view = _small_view(small_workspace)
    view["title"] = "<script>alert(1)</script>"
    html = render(view)  # type: ignore[arg-type]
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


def test_dashboard_page_loads_scripts_from_its_origin(small_workspace: Path) -> None:
    html = render(_small_view(small_workspace), mode="dashboard", nonce="abc")  # type: ignore[arg-type]
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources == [
        f"static/{name}"
        for name in (
            "plotly.min.js",
            "views.js",
            "timeline.js",
            "map.js",
            "evidence.js",
            "dashboard.js",
            "corrections.js",
            "review.js",
            "app.js",
        )
    ]
    assert 'id="wi-editor"' in html and 'id="upload-form"' in html
    assert "plotly.js v" not in html  # served, not inlined
    assert asset("plotly.min.js").startswith("/**")


def test_pngs_are_written(example_system: ConflictSystem, tmp_path: Path) -> None:
    from detente.bargain import forecast
    from detente.scenario import load

    scenario = load(EXAMPLE / "scenario.yaml")
    view = view_model(
        example_system, [], scenario=scenario, forecasts=[forecast(scenario, "median", runs=10).to_json()]
    )
    written = write_pngs(view, tmp_path / "charts")
    names = sorted(p.name for p in written)
    charts = [n for n in names if n.startswith("forecast-")]
    assert charts[:3] == ["forecast-median-ceasefire_scope.png", "forecast-median-humanitarian_access.png",
                         "forecast-median-leader_future.png"]  # fmt: skip
    assert {"network.png", "timeline.png", "map.png", "backtest.png"} <= set(names)
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5_000


def test_report_command(small_workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    scenario = str(EXAMPLE / "scenario.yaml")
    result = runner.invoke(app, ["report", "-w", str(small_workspace), "--scenario", scenario, "--model", "mean",
                                 "--model", "eum", "--runs", "5", "-o", str(out), "--png"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 forecasts" in result.output
    payload = re.search(r'<script id="payload" type="application/json">(.*?)</script>', out.read_text(), flags=re.S)
    assert payload
    data = json.loads(payload.group(1))
    assert [f["model"] for f in data["forecasts"]] == ["detente.mean.v1", "detente.eum.v1"]
    assert (tmp_path / "r-charts" / "network.png").is_file()


def test_report_command_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "-w", str(tmp_path / "none"), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "no workspace here" in result.output
