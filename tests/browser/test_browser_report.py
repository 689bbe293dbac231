"""The report and the dashboard in a real browser: every view renders with data, a what-if edit changes the
forecast, and the article carrying script and onerror payloads runs none of them."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from detente import pipeline
from detente.model import ConflictSystem
from detente.pipeline import report_view
from detente.report import view_model, write_html
from detente.report.view import timeline_window
from detente.scenario import load
from detente.store import Workspace
from detente.web import Settings, create_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"

READY = "body[data-ready='1']"
VIEWS = ("network", "timeline", "map", "forecast", "backtest", "scenario", "evidence", "documents")


def _points(page: Any, plot: str) -> int:
    return int(page.locator(f"#{plot} .scatterlayer .point").count())


def check_views(page: Any, issues: int) -> None:
    """Every view has drawn its data."""
    assert _points(page, "net-plot") >= 3, "actor nodes"
    assert page.locator("#net-plot .scatterlayer .js-line").count() >= 1, "relation edges"
    assert _points(page, "timeline-plot") >= 3, "events on the timeline"
    assert _points(page, "map-plot") >= 1, "places on the map"
    assert page.locator("#map-plot .scatterlayer .js-line").count() >= 1, "country outlines"
    assert page.locator("#fc-table tr").count() == issues + 1
    assert page.locator("#fc-plots .forecast-issue").count() == issues
    assert _points(page, "fc-plots") >= issues or page.locator("#fc-plots .js-line").count() >= issues
    assert page.locator("#ev-table tr").count() > 5
    assert page.locator("#doc-list li").count() == 4


OVERLAPS = """plot => {
  const boxes = [...document.querySelectorAll('#' + plot + ' .textpoint text')].map(t => t.getBoundingClientRect())
    .filter(r => r.width > 0);
  let n = 0;
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n += 1;
  }));
  return [boxes.length, n];
}"""


def label_overlaps(page: Any, plot: str) -> tuple[int, int]:
    """How many labels a plot shows and how many pairs of them overlap on screen."""
    labels, overlaps = page.evaluate(OVERLAPS, plot)
    return int(labels), int(overlaps)


def check_not_injected(page: Any) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", "an injected script ran"
    hostile = page.locator("#doc-list a", has_text="Moscow Condemns Strike")
    hostile.click()
    # the article opens when the page's script has handled the click: wait for it rather than read at once
    page.wait_for_function("() => document.querySelector('#doc-view').innerText.includes('Moscow')", timeout=30000)
    shown = page.locator("#doc-view").inner_text()
    assert '<script>window.__pwned = "body"</script>' in shown and "onerror=" in shown  # shown as text
    assert page.locator("#doc-view script, #doc-view img").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"


def test_report_in_the_browser(page: Any, screenshot: Any, small_workspace: Path, tmp_path: Path) -> None:
    scenario = load(EXAMPLE / "scenario.yaml")
    with Workspace.open(small_workspace, create=False) as ws:
        view = report_view(ws, scenario=scenario, model_names=["mean", "eum"], runs=50)
    stray = {**view["events"][0], "date": "2009-05-01"}  # an event misdated by years: marked, not on the axis
    view["events"].append(stray)
    view["timeline"] = timeline_window([e["date"] for e in view["events"] if e["date"]])
    geneva = {
        "id": "geneva",
        "name": "Geneva",
        "country": "Switzerland",
        "lat": 46.2,
        "lon": 6.14,
        "mentions": 2,
        "events": 2,
    }  # where talks were held: far from the theatre the map opens on
    view["places"].append(geneva)
    west, south, east, north = view["basemap"]["bbox"]
    view["basemap"]["bbox"] = [min(west, 4.0), south, east, max(north, 48.0)]
    report = write_html(view, tmp_path / "report.html")
    page.goto(report.as_uri())
    page.wait_for_selector(READY)
    check_views(page, len(scenario.issues))
    for plot in ("net-plot", "map-plot"):
        labels, overlaps = label_overlaps(page, plot)
        assert labels >= 3 and overlaps == 0, f"{plot}: {overlaps} pairs of its {labels} labels overlap"
    for name in VIEWS:
        screenshot(page, f"report-{name}", f"#{name}")
    screenshot(page, "report-top")

    # the timeline opens on 2016; the stray 2009 event is marked at the axis edge, a button shows all dates
    axis = page.evaluate("document.getElementById('timeline-plot').layout.xaxis.range")
    assert str(axis[0]).startswith("2016") and str(axis[1]).startswith("2016")
    assert "1 event in 2009" in page.locator("#timeline-plot .annotation-text").first.text_content()
    page.click("#timeline-toggle")
    axis = page.evaluate("document.getElementById('timeline-plot').layout.xaxis.range")
    assert str(axis[0]) < "2009-05-01"
    page.click("#timeline-toggle")

    # the map opens on the theatre, names the places outside it, and shows them on request
    outside = page.locator("#map-outside").inner_text()
    assert outside.startswith("Outside this view: ") and "Geneva (2)" in outside and "Aleppo" not in outside
    page.click("#map-toggle")
    assert page.evaluate("document.getElementById('map-plot').layout.xaxis.range")[0] < 6.14
    page.click("#map-toggle")

    # the date filter redraws the network from the events in the range
    before = page.locator("#net-count").inner_text()
    page.fill("#net-from", "2016-09-25")
    page.fill("#net-to", "2016-10-05")
    page.dispatch_event("#net-to", "change")
    assert page.locator("#net-count").inner_text() != before

    # an evidence row opens its article at the sentence
    row = page.locator("#ev-table tr", has=page.locator("a.open-link")).first
    sentence = row.locator("td.sentence").inner_text()
    row.locator("a.open-link").click()
    page.wait_for_selector("#doc-view mark")
    assert page.locator("#doc-view mark").inner_text() == sentence

    # the model selector redraws the forecast plots
    page.select_option("#fc-model", "1")
    assert "Monte Carlo: 50 runs" in page.locator("#fc-plots").inner_text()

    check_context(page, view)
    check_not_injected(page)
    assert page.errors == []


def check_context(page: Any, view: dict[str, Any]) -> None:
    """Each forecast shows its baselines, track record, weight shares and the warning; the errors-by-model chart
    has a bar per stored model and names its source; the scenario lists what would change the forecast."""
    issues = len(view["forecasts"][0]["issues"])
    assert page.locator("#fc-plots .context").count() == issues
    assert page.locator("#fc-plots .track-record").first.inner_text().startswith("Track record: on 353 EU decisions")
    assert "weighted mean" in page.locator("#fc-plots .baselines").first.inner_text()
    warning = page.locator("#fc-plots .warning").first
    expect(warning).to_be_visible()
    assert "USA holds" in warning.inner_text()
    assert page.locator("#fc-table th.baseline").count() == 2
    assert page.locator("#fc-table .warning-flag").count() == issues  # the US holds over half of every issue
    assert page.locator("#bt-plot .bars .point").count() == len(view["backtest"]["models"])
    assert "Source: DEU" in page.locator("#bt-source").inner_text()
    assert page.locator("#sc-sensitivity li").count() == 10
    assert page.locator("#sc-table tr").count() == len(view["scenario"]["cells"]) + 1
    expect(page.locator("#sc-empty")).to_be_hidden()


def test_drafted_scenario_in_the_browser(page: Any, screenshot: Any, small_workspace: Path, tmp_path: Path) -> None:
    """A drafted scenario's values show their basis and evidence; the evidence opens at its sentence by offsets.
    A scenario that cites nothing says so."""
    with Workspace.open(small_workspace, create=False) as ws:
        drafted = pipeline.draft(ws)
        view = view_model(pipeline.system(ws), ws.documents(), scenario=drafted)
    page.goto(write_html(view, tmp_path / "draft.html").as_uri())
    page.wait_for_selector(READY)
    assert page.locator("#sc-table .basis-stated").count() == sum(
        c["basis"] == "stated" for c in view["scenario"]["cells"]
    )
    assert page.locator("#sc-table .basis-stated").count() > 0
    cited = next(e for c in view["scenario"]["cells"] for e in c["evidence"] if e["doc"])
    item = page.locator("#sc-table ul.evidence li", has_text=cited["sentence"]).first
    assert cited["cue"] in item.inner_text()
    item.locator("a.open-link").click()
    page.wait_for_selector("#doc-view mark")
    assert page.locator("#doc-view mark").inner_text() == cited["sentence"]
    screenshot(page, "draft-scenario", "#scenario")

    bare = load(EXAMPLE / "scenario.yaml")
    bare = bare.model_copy(update={"actors": tuple(a.model_copy(update={
        "positions": {k: v.model_copy(update={"evidence": ()}) for k, v in a.positions.items()},
        "salience": {k: v.model_copy(update={"evidence": ()}) for k, v in a.salience.items()},
        "capability": a.capability.model_copy(update={"evidence": ()})}) for a in bare.actors)})  # fmt: skip
    page.goto(write_html(view_model(ConflictSystem(), [], scenario=bare), tmp_path / "bare.html").as_uri())
    page.wait_for_selector(READY)
    expect(page.locator("#sc-empty")).to_be_visible()
    assert "cites a sentence" in page.locator("#sc-empty").inner_text()
    screenshot(page, "scenario-empty", "#scenario")
    assert page.errors == []


def test_dashboard_in_the_browser(
    page: Any, serve: Any, screenshot: Any, small_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(small_workspace, workspace)
    settings = Settings(workspace=workspace, scenario=EXAMPLE / "scenario.yaml", runs=20, models=("mean", "eum"))
    address = serve(create_app(settings))
    page.goto(address)
    page.wait_for_selector(READY)
    check_views(page, 4)
    check_not_injected(page)

    # a what-if edit: the United States drops "Assad must go"
    page.goto(address + "#whatif")
    page.wait_for_selector(READY)
    cell = page.locator("#wi-editor input[data-actor='USA'][data-field='position'][data-issue='leader_future']")
    cell.fill("0")
    page.select_option("#wi-model", "0")
    page.click("#wi-run")
    page.wait_for_selector("#wi-result td[data-issue='leader_future']")
    values = page.locator("#wi-result td[data-issue='leader_future']")
    before, after = (float(values.nth(i).get_attribute("data-value")) for i in range(2))
    assert after < before - 5
    shown = page.locator("#fc-table td[data-issue='leader_future']").first.get_attribute("data-value")
    assert float(shown) == after, "the forecast view shows the what-if result"
    change = page.locator("#wi-result td.change[data-issue='leader_future']").inner_text()
    assert change.startswith("−") and float(change[1:]) == pytest.approx(before - after, abs=0.051)
    assert page.locator("#wi-editor td.edited").count() == 1, "the edited value is marked"
    assert "EU decisions" in page.locator("#fc-plots .track-record").first.inner_text(), "the what-if keeps its context"
    assert page.locator("#wi-editor th.actor").first.evaluate("e => getComputedStyle(e).position") == "sticky"
    screenshot(page, "dashboard-whatif", "#whatif")

    # a value that is not a number is refused before anything runs; a value the scenario rejects is a clear error
    page.locator("#wi-editor input[data-actor='RUS'][data-field='salience'][data-issue='leader_future']").fill("")
    page.click("#wi-run")
    expect(page.locator("#wi-error")).to_be_visible()
    assert "not numbers: RUS salience leader_future" in page.locator("#wi-error").inner_text()
    assert page.locator("#wi-editor td.invalid").count() == 1
    page.locator("#wi-editor input[data-actor='RUS'][data-field='salience'][data-issue='leader_future']").fill("0.5")
    page.locator("#wi-editor input[data-actor='RUS'][data-field='position'][data-issue='leader_future']").fill("150")
    page.click("#wi-run")
    expect(page.locator("#wi-error")).to_contain_text("The what-if was not run", timeout=30_000)
    assert "position 150 lies outside the scale" in page.locator("#wi-error").inner_text()
    refused = [e for e in page.errors if "422" in e]
    assert len(refused) == 1, "the browser logs the refused request; nothing else failed"
    page.errors.remove(refused[0])
    screenshot(page, "dashboard-whatif-error", "#whatif")
    page.click("#wi-reset")
    expect(page.locator("#wi-error")).to_be_hidden()
    assert page.locator("#wi-editor td.edited").count() == 0

    # uploading an article ingests and extracts it; the views are drawn again with it, the unsaved what-if edit kept
    cell.fill("10")
    article = tmp_path / "truce.txt"
    article.write_text("Truce in Aleppo\n\nRussia and Turkey agreed a nationwide ceasefire in Syria on "
                       "29 December 2016, and Iran backed the deal.\n", encoding="utf-8")  # fmt: skip
    page.set_input_files("#upload-files", str(article))
    page.click("#upload-form button[type=submit]")
    # (the page's policy forbids eval, so waits go through locators, not wait_for_function)
    expect(page.locator("#upload-result")).to_contain_text("processed: 1 new", timeout=120_000)
    expect(page.locator("#doc-list li")).to_have_count(5, timeout=60_000)
    assert cell.input_value() == "10" and page.locator("#wi-editor td.edited").count() == 1
    screenshot(page, "dashboard-upload", "#upload")
    assert page.errors == []
