"""The dashboard's API through FastAPI's TestClient: guards, what-if forecasts, uploads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from detente.cli.main import app as cli
from detente.cli.serve import check_binding
from detente.store import Workspace
from detente.web import Settings, create_app
from detente.web.hosts import is_loopback

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"

WRITE = {"X-Detente": "1"}


@pytest.fixture
def workspace_copy(small_workspace: Path, tmp_path: Path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(small_workspace, target)
    return target


def client(workspace: Path, **options: object) -> TestClient:
    settings = Settings(workspace=workspace, scenario=EXAMPLE / "scenario.yaml", runs=5, models=("mean", "eum"),
                        **options)  # type: ignore[arg-type]  # fmt: skip
    return TestClient(create_app(settings), base_url="http://127.0.0.1:8000")


def test_page_and_view(small_workspace: Path) -> None:
    c = client(small_workspace)
    page = c.get("/")
    assert page.status_code == 200
    assert "script-src 'self' 'nonce-" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    view = c.get("/api/view").json()
    assert [f["model"] for f in view["forecasts"]] == ["detente.mean.v1", "detente.eum.v1"]
    assert len(view["documents"]) == 4
    assert c.get("/api/health").json() == {"ok": True, "documents": 4}
    assert c.get("/static/app.js").text.startswith("/* detente")
    assert "detenteViews" in c.get("/static/views.js").text
    assert "detenteDashboard" in c.get("/static/dashboard.js").text
    assert c.get("/static/..%2fhtml.py").status_code == 404
    assert c.get("/static/report.html.j2").status_code == 404


def test_view_has_forecast_context_backtest_and_sensitivity(small_workspace: Path) -> None:
    view = client(small_workspace).get("/api/view").json()
    for result in view["forecasts"]:
        for issue in result["issues"]:
            assert [b["name"] for b in issue["context"]["baselines"]] == ["weighted mean", "midpoint"]
            assert "EU decisions" in issue["context"]["track_record"]
    assert view["backtest"]["models"] and "DEU" in view["backtest"]["source"]
    sensitivity = view["scenario"]["sensitivity"]
    assert sensitivity["model"] == "detente.mean.v1"  # the default model is not among those shown: the first one
    changes = [c["change"] for c in sensitivity["cells"]]
    assert changes == sorted(changes, reverse=True) and changes[0] > 0


def test_foreign_host_is_refused(small_workspace: Path) -> None:
    c = client(small_workspace)
    assert c.get("/api/health", headers={"Host": "attacker.example"}).status_code == 421
    assert c.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
    remote = client(small_workspace, allow_remote=True, token="t" * 20)
    assert (
        remote.get(
            "/api/health", headers={"Host": "analyst-box:8000", "Authorization": "Bearer " + "t" * 20}
        ).status_code
        == 200
    )


def test_token(small_workspace: Path) -> None:
    c = client(small_workspace, token="s3cret-s3cret-s3cret")
    assert c.get("/api/health").status_code == 401
    assert c.get("/api/health", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert c.get("/api/health", headers={"Authorization": "Bearer s3cret-s3cret-s3cret"}).status_code == 200
    entry = c.get("/?token=s3cret-s3cret-s3cret", follow_redirects=False)
    assert entry.status_code == 303 and entry.headers["location"] == "/"
    assert (
        "httponly" in entry.headers["set-cookie"].lower() and "samesite=strict" in entry.headers["set-cookie"].lower()
    )
    assert c.get("/api/health").status_code == 200  # the cookie now carries it


def test_writes_need_the_header(small_workspace: Path) -> None:
    c = client(small_workspace)
    response = c.post("/api/forecast", json={"model": "mean"})
    assert response.status_code == 403 and "X-Detente" in response.json()["detail"]


def test_what_if_changes_the_forecast(small_workspace: Path) -> None:
    c = client(small_workspace)
    base = c.post("/api/forecast", json={"model": "mean"}, headers=WRITE).json()
    assert base["base"]["issues"][0]["forecast"] == base["what_if"]["issues"][0]["forecast"]
    change = {"actor": "USA", "field": "position", "issue": "leader_future", "value": 0}
    body = {"model": "mean", "runs": 10, "changes": [change], "drop": ["JOR"]}
    changed = c.post("/api/forecast", headers=WRITE, json=body).json()
    before, after = changed["base"]["issues"][0]["forecast"], changed["what_if"]["issues"][0]["forecast"]
    assert after < before - 5  # the strongest actor gave up "Assad must go"
    assert "JOR" not in changed["what_if"]["actors"] and changed["what_if"]["runs"] == 10
    context = changed["what_if"]["issues"][0]["context"]  # the what-if's forecast is shown with its context too
    assert "JOR" not in {s["actor"] for s in context["shares"]} and "EU decisions" in context["track_record"]
    assert context["baselines"][0]["value"] == changed["what_if"]["issues"][0]["baselines"]["weighted_mean"]


def test_what_if_errors_are_clear(small_workspace: Path) -> None:
    c = client(small_workspace)
    bad = c.post("/api/forecast", headers=WRITE, json={"model": "mean", "changes": [
        {"actor": "NOBODY", "field": "position", "issue": "leader_future", "value": 1}]})  # fmt: skip
    assert bad.status_code == 422 and "NOBODY" in bad.json()["detail"]
    unknown = c.post("/api/forecast", headers=WRITE, json={"model": "oracle"})
    assert unknown.status_code == 422 and "oracle" in unknown.json()["detail"]
    assert c.post("/api/forecast", headers=WRITE, json={"model": "mean", "runs": 0}).status_code == 422


def test_upload_ingests_extracts_and_accounts_for_every_file(workspace_copy: Path) -> None:
    c = client(workspace_copy, upload_limit=50_000)
    files = [
        ("files", ("../../../etc/evil.txt", b"Russia and Turkey agreed a ceasefire in Aleppo on 29 December 2016.",
                   "text/plain")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("big.txt", b"x " * 40_000, "text/plain")),
        ("files", ("notes.pdf", b"%PDF-1.4 binary", "application/pdf")),
    ]  # fmt: skip
    result = c.post("/api/articles", files=files, headers=WRITE).json()
    assert result["ingested"] == 1 and result["extracted"] == 1
    reasons = {
        r["path"].split("-", 1)[-1] if r["path"] != "big.txt" else r["path"]: r["reason"] for r in result["rejected"]
    }
    assert "upload limit" in reasons["big.txt"]
    assert len(result["rejected"]) == 3  # empty, too big, unsupported: each with its reason
    uploads = list((workspace_copy / "uploads").iterdir())
    assert all(p.parent == workspace_copy / "uploads" for p in uploads)
    assert not (workspace_copy.parent / "etc").exists()
    with Workspace.open(workspace_copy, create=False) as ws:
        assert ws.count_documents() == 5
    view = c.get("/api/view").json()  # the cached view is rebuilt after the upload
    assert len(view["documents"]) == 5


def test_serve_refuses_to_expose_without_a_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    check_binding("127.0.0.1", allow_remote=False, token=None)
    runner = CliRunner()
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "-w", "anything"])
    assert result.exit_code == 2 and "--allow-remote" in result.output
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0", "--allow-remote", "--token", "short", "-w", "x"])
    assert result.exit_code == 2 and "--token" in result.output
