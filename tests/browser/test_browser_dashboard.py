"""The dashboard's living workspace in a real browser: an event corrected in the page holds after re-extraction in
the view, the export and the forecast of a drafted scenario; a refused correction is shown beside its control; an
alert appears in the panel after a feed poll brings a matching article. (That the what-if editor marks edited cells
is checked in test_browser_report.py; that it keeps unsaved edits when the page is drawn again, here.) An actor split
in the page shows in the view at once; a place is refused or added beside its form."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from detente import pipeline
from detente.bargain import forecast
from detente.ingest.fetch import Fetcher
from detente.ingest.watch import poll
from detente.model import EventRecord
from detente.scenario.io import parse_yaml, to_yaml
from detente.scenario.model import DraftScenario
from detente.store import Workspace
from detente.store.feeds import FeedStore
from detente.system import write
from detente.system.alerts import check, load_rules, rules_path
from detente.web import Settings, create_app
from feed_support import HTML, XML, Route, rss
from feed_support import page as page_html
from feed_support import serve as serve_feeds

READY = "body[data-ready='1'][data-corrections='1'][data-alerts='1']"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "syria-2016"


def drafted_forecast(draft: DraftScenario) -> list[float]:
    """The forecast of a drafted scenario as it stands (empty cells: takes no part), one value per issue."""
    result = forecast(parse_yaml(to_yaml(draft)), "mean", runs=1).to_json()
    return [round(issue["forecast"], 6) for issue in result["issues"]]


def cited_event(ws: Workspace, draft: DraftScenario) -> tuple[EventRecord, str, str]:
    """An event the draft cites as a position's evidence, with that cell's actor and issue."""
    events = pipeline.system(ws).events
    for actor in draft.actors:
        for issue, estimate in actor.positions.items():
            for ev in estimate.evidence if estimate else ():
                if ev.kind != "event" or ev.start is None:
                    continue
                for e in events:
                    span = e.evidence
                    if span.document == ev.id and span.sentence_start <= ev.start < span.sentence_end and \
                            ev.cue == f"{e.type} {e.trigger}":  # fmt: skip
                        return e, actor.id, issue
    raise AssertionError("the draft cites no event")


def cites(draft: DraftScenario, actor: str, issue: str, event: EventRecord) -> bool:
    estimate = draft.actor(actor).positions.get(issue)
    cue = f"{event.type} {event.trigger}"
    return any(ev.kind == "event" and ev.cue == cue and ev.id == event.evidence.document
               for ev in (estimate.evidence if estimate else ()))  # fmt: skip


def exported(ws: Workspace, path: Path) -> dict[str, dict[str, Any]]:
    """The events as `detente export` writes them (PLOVER JSONL), by id."""
    write(pipeline.system(ws), path)
    return {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def correct(page: Any, table: str, event: str) -> Any:
    """Open the correction form of an event row; returns the form."""
    page.locator(f"{table} tr[data-event='{event}'] button.correct-toggle").click()
    form = page.locator(f"{table} .event-form[data-event='{event}']")
    expect(form).to_be_visible()
    return form


def test_a_correction_made_in_the_dashboard_holds_after_reextraction(
    page: Any, serve: Any, screenshot: Any, small_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(small_workspace, workspace)
    with Workspace.open(workspace, create=False) as ws:
        before = pipeline.draft(ws)
        rejected, actor, issue = cited_event(ws, before)
        assert cites(before, actor, issue, rejected)
    address = serve(create_app(Settings(workspace=workspace)))
    page.goto(address + "#review")
    page.wait_for_selector(READY)

    # without a name the page refuses before sending anything, beside the control
    form = correct(page, "#ev-table", rejected.id)
    form.locator("button.reject").click()
    expect(form.locator(".field-error")).to_contain_text("needs its author")
    page.fill("#author", "Ana Analyst")
    # a correction the library refuses comes back as what, where and how to fix, shown beside the control
    form.locator("input.source").fill("ATLANTIS")
    form.locator("button.set-source").click()
    expect(form.locator(".field-error")).to_contain_text("unknown actor 'ATLANTIS'")
    assert "How to fix: give an id" in form.locator(".field-error").inner_text()
    assert f"event {rejected.id}" in form.locator(".field-error").inner_text()
    refused = [e for e in page.errors if "422" in e]
    assert len(refused) == 1, "the browser logs the refused request; nothing else failed"
    page.errors.remove(refused[0])
    screenshot(page, "dashboard-correction-error", "#evidence")

    # reject the event the draft cites; retype the event extraction was least sure of, from the review queue
    form.locator("input.reason").fill("background, not news")
    form.locator("button.reject").click()
    expect(page.locator(f"#ev-table tr[data-event='{rejected.id}']")).to_have_count(0, timeout=30_000)
    queued = page.locator("#rv-events tr[data-event]").first.get_attribute("data-event")
    assert queued and queued != rejected.id
    new_type = "REJECT"
    retyping = correct(page, "#rv-events", queued)
    if retyping.locator("select.retype").input_value() == new_type:
        new_type = "ACCUSE"
    retyping.locator("select.retype").select_option(new_type)
    retyping.locator("button.set-type").click()
    expect(page.locator(f"#ev-table tr[data-event='{queued}'] td").nth(1)).to_have_text(new_type, timeout=30_000)
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(2)
    listed = page.locator("#corr-list").inner_text()
    assert "Ana Analyst" in listed and "background, not news" in listed
    screenshot(page, "dashboard-review", "#review")
    screenshot(page, "dashboard-corrections", "#corrections")

    with Workspace.open(workspace, create=False) as ws:
        corrected = pipeline.draft(ws)
        assert pipeline.extract(ws, force=True) == 4  # `detente extract --force`
        records = exported(ws, tmp_path / "events.jsonl")
        again = pipeline.draft(ws)
    # the view, after the page is loaded again
    page.reload()
    page.wait_for_selector(READY)
    expect(page.locator(f"#ev-table tr[data-event='{rejected.id}']")).to_have_count(0)
    expect(page.locator(f"#ev-table tr[data-event='{queued}'] td").nth(1)).to_have_text(new_type)
    # the export
    assert rejected.id not in records and records[queued]["event_type"] == new_type
    # the drafted scenario and its forecast
    assert not cites(again, actor, issue, rejected)
    assert drafted_forecast(again) == drafted_forecast(corrected) != drafted_forecast(before)

    # undo in the page: the event is back
    page.locator("#corr-list tr[data-correction]").last.locator("button.undo").click()
    expect(page.locator(f"#ev-table tr[data-event='{rejected.id}']")).to_have_count(1, timeout=30_000)
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(1)
    assert page.errors == []


def test_an_alert_appears_after_a_feed_poll(page: Any, serve: Any, screenshot: Any, small_workspace: Path,
                                            tmp_path: Path) -> None:  # fmt: skip
    workspace = tmp_path / "ws"
    shutil.copytree(small_workspace, workspace)
    address = serve(create_app(Settings(workspace=workspace)))
    page.goto(address + "#alerts")
    page.wait_for_selector(READY)
    assert page.locator("#al-count").inner_text() == "No alerts yet."
    assert "No rules file yet" in page.locator("#al-rules").inner_text()
    page.click("#al-check")  # no rules yet: said plainly, with the file to write
    expect(page.locator("#al-error")).to_contain_text("no rules file", timeout=30_000)
    assert "How to fix: give --rules FILE, or write the rules to" in page.locator("#al-error").inner_text()
    page.errors.remove(next(e for e in page.errors if "422" in e))
    (workspace / "alerts.yaml").write_text("rules:\n  - name: truce\n    actors: [RUS, TUR]\n    types: [AGREE]\n",
                                           encoding="utf-8")  # fmt: skip
    page.click("#al-check")
    expect(page.locator("#al-status")).to_have_text("0 new alerts", timeout=30_000)

    truce = "Russia and Turkey agreed a nationwide ceasefire in Syria on 29 December 2016."
    astana = "Turkey and Russia signed an agreement on monitoring the truce in Astana on 24 January 2017."
    routes = {"/news/0": Route(page_html("Truce in Syria", truce), headers=HTML),
              "/news/1": Route(page_html("Envoys in Astana", astana), headers=HTML)}  # fmt: skip
    with serve_feeds(routes) as served, Workspace.open(workspace, create=False) as ws:
        routes["/feed"] = Route(rss([("item-0", served.url("/news/0"), "Truce in Syria")]), headers=XML)
        # `detente watch --once`: poll, ingest and extract what is new, then check the rules
        report = watch_once(ws, served.url("/feed"))
        assert report.ingested == 1, report.errors
        raised = check(ws, load_rules(rules_path(ws, None)))
        assert raised and all(a.rule == "truce" for a in raised)
        page.reload()
        page.wait_for_selector(READY)
        expect(page.locator("#al-list tr[data-alert]")).to_have_count(len(raised))
        first = page.locator("#al-list tr[data-alert]").first
        assert "truce" in first.inner_text() and truce in first.inner_text()

        # a second poll brings another matching article; "Check now" raises its alert and marks it new, on top
        routes["/feed"] = Route(rss([("item-0", served.url("/news/0"), "Truce in Syria"),
                                     ("item-1", served.url("/news/1"), "Envoys in Astana")]), headers=XML)  # fmt: skip
        assert watch_once(ws, served.url("/feed")).ingested == 1
    page.click("#al-check")
    expect(page.locator("#al-list tr.new").first).to_be_visible(timeout=30_000)
    new = page.locator("#al-list tr.new")
    assert new.count() >= 1 and all(astana in new.nth(i).inner_text() for i in range(new.count()))
    assert page.locator("#al-status").inner_text() == f"{new.count()} new alert" + ("s" if new.count() > 1 else "")
    assert page.locator("#al-list tr[data-alert]").first.get_attribute("class") == "new"  # newest first
    expect(page.locator("#al-list tr[data-alert]")).to_have_count(len(raised) + new.count())
    new.first.locator("a.open-link").click()  # the page was drawn again with the new article: it opens at the sentence
    expect(page.locator("#doc-view mark")).to_have_text(astana)
    screenshot(page, "dashboard-alerts", "#alerts")
    assert page.errors == []


def watch_once(ws: Workspace, feed: str) -> Any:
    fetcher = Fetcher(host_delay=0.0, max_seconds=10.0)
    try:
        return poll([feed], state=FeedStore(ws), fetcher=fetcher, spool=Path(ws.root) / "feeds",
                    add=lambda paths: pipeline.add_articles(ws, paths)[0])  # fmt: skip
    finally:
        fetcher.close()


NEWCOMER = (
    "Brigade clashes near Hama\n\nHAMA, 3 October 2016. The Northern Storm Brigade attacked Syrian army "
    "positions near Hama on Monday. The Northern Storm Brigade accused Russia of bombing civilians.\n"
)


def test_provisional_actors_and_document_dates_are_corrected_in_the_page(
    page: Any, serve: Any, screenshot: Any, small_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    shutil.copytree(small_workspace, workspace)
    (tmp_path / "hama.txt").write_text(NEWCOMER, encoding="utf-8")
    with Workspace.open(workspace, create=False) as ws:
        pipeline.add_articles(ws, [tmp_path / "hama.txt"])
    address = serve(create_app(Settings(workspace=workspace)))
    page.goto(address + "#review")
    page.wait_for_selector(READY)
    page.fill("#author", "Bo")
    queued = page.locator("#rv-actors tr[data-actor]")
    expect(queued).to_have_count(1)
    assert "The Northern Storm Brigade" in queued.inner_text() and queued.locator("td.num").inner_text() == "2"
    newcomer = queued.get_attribute("data-actor")
    screenshot(page, "dashboard-review-actors", "#review")

    # an alias of a known actor, applied by extracting again from the page
    form = queued.locator(".actor-form")
    assert form.locator("input.alias-text").input_value() == "The Northern Storm Brigade"
    form.locator("input.alias-actor").fill("HNC")
    form.locator("button.alias").click()
    expect(page.locator("#corr-extract")).to_be_visible(timeout=30_000)
    page.reload()  # the page still says an extraction is owed after a reload
    page.wait_for_selector(READY)
    expect(page.locator("#corr-extract")).to_be_visible(timeout=30_000)
    page.click("#corr-extract")
    expect(page.locator("#corr-extract-status")).to_have_text("5 documents extracted again", timeout=120_000)
    expect(page.locator("#rv-actors tr[data-actor]")).to_have_count(0)
    hama = page.locator("#ev-table tr", has_text="attacked Syrian army positions near Hama").first
    assert "HNC → SYR" in hama.inner_text()

    # undo the alias, extract again: the newcomer is back; merge it into the Nusra Front instead
    page.locator("#corr-list tr[data-correction]").first.locator("button.undo").click()
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(0, timeout=30_000)
    with Workspace.open(workspace, create=False) as ws:
        assert pipeline.extract(ws) == 5
    page.reload()
    page.wait_for_selector(READY)
    page.locator(f"#rv-actors tr[data-actor='{newcomer}'] input.merge-into").fill("NUSRA")
    page.locator(f"#rv-actors tr[data-actor='{newcomer}'] button.merge").click()
    expect(page.locator("#rv-actors tr[data-actor]")).to_have_count(0, timeout=30_000)
    assert "NUSRA → SYR" in page.locator("#ev-table tr", has_text="positions near Hama").first.inner_text()

    # the document's date, set from the document list
    item = page.locator("#doc-list li", has_text="Brigade clashes near Hama")
    item.locator("button.date-toggle").click()
    item.locator(".date-form input.date").fill("2016-10-04")
    item.locator(".date-form button.set-date").click()
    expect(page.locator("#doc-list li", has_text="Brigade clashes near Hama").locator("a")).to_contain_text(
        "2016-10-04", timeout=30_000
    )
    assert [r.split("\t")[1] for r in page.locator("#corr-list tr[data-correction]").all_inner_texts()] == [
        "date of Brigade clashes near Hama → 2016-10-04", f"merge {newcomer} into NUSRA"]  # fmt: skip
    assert page.errors == []


def test_an_actor_split_in_the_page_shows_in_the_view_and_keeps_the_what_if_edits(
    page: Any, serve: Any, screenshot: Any, small_workspace: Path, tmp_path: Path
) -> None:
    """Split the mentions written "Pentagon" off the United States in the page: a new actor in the review queue, the
    events whose side follows, the list in words; unsaved what-if edits survive the redraw; undone corrections shown
    on demand; a place refused with its reason, then added with the "Extract again" hint."""
    workspace = tmp_path / "ws"
    shutil.copytree(small_workspace, workspace)
    with Workspace.open(workspace, create=False) as ws:
        before = {e.id: e for e in pipeline.system(ws).events}
    settings = Settings(workspace=workspace, scenario=EXAMPLE / "scenario.yaml", runs=10, models=("mean",))
    address = serve(create_app(settings))
    page.goto(address + "#whatif")
    page.wait_for_selector(READY)
    page.fill("#author", "Cy")

    # unsaved what-if edits: a value and an actor left out, not run
    cell = page.locator("#wi-editor input[data-actor='USA'][data-field='position'][data-issue='leader_future']")
    cell.fill("0")
    page.locator("#wi-editor input.include[data-actor='RUS']").uncheck()
    cell.evaluate("box => box.setAttribute('data-probe', 'drawn before')")  # gone once the editor is drawn again

    page.goto(address + "#corrections")
    usa = page.locator("#corr-actors tr[data-actor='USA']")
    mentions = int(usa.locator("td.num").inner_text())
    options = usa.locator("select.split-text option").all_inner_texts()
    assert "Pentagon" in options and "United States" in options
    usa.locator("select.split-text").select_option("Pentagon")
    usa.locator("input.reason").fill("the ministry, not the state")
    usa.locator("button.split").click()
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(1, timeout=30_000)
    with Workspace.open(workspace, create=False) as ws:
        after = {e.id: e for e in pipeline.system(ws).events}
    moved = [e for e in after.values() if e.source != before[e.id].source or e.target != before[e.id].target]
    assert moved, "the split moves at least one event's side"
    new = next(a for e in moved for a in e.source + e.target if a not in before[e.id].source + before[e.id].target)
    listed = page.locator("#corr-list tr[data-correction]").inner_text()
    assert f"split “Pentagon” off USA into {new}" in listed and "the ministry, not the state" in listed
    assert "mentions, e.g. in: " in listed and "Pentagon" in listed.split("e.g. in: ")[1]

    # the view: the new actor in the review queue, the United States' mentions fewer, the events' sides moved
    queued = page.locator(f"#rv-actors tr[data-actor='{new}']")
    expect(queued).to_have_count(1)
    split_off = int(queued.locator("td.num").inner_text())
    assert split_off >= 1
    assert int(page.locator("#corr-actors tr[data-actor='USA'] td.num").inner_text()) == mentions - split_off
    assert "Pentagon" not in page.locator("#corr-actors tr[data-actor='USA'] select.split-text").inner_text()
    for e in moved:
        who = page.locator(f"#ev-table tr[data-event='{e.id}'] td").nth(2).inner_text()
        assert who == ", ".join(e.source) + " → " + ", ".join(e.target) and new in who
    screenshot(page, "dashboard-split", "#corrections")

    # the page was drawn again, and the what-if edits are still there, marked
    assert cell.get_attribute("data-probe") is None, "the editor was drawn again"
    assert cell.input_value() == "0" and page.locator("#wi-editor td.edited").count() == 1
    assert not page.locator("#wi-editor input.include[data-actor='RUS']").is_checked()
    page.goto(address + "#whatif")
    page.click("#wi-reset")
    assert cell.input_value() == cell.get_attribute("data-original") != "0"
    assert page.locator("#wi-editor td.edited").count() == 0
    assert page.locator("#wi-editor input.include[data-actor='RUS']").is_checked()

    # undo the split; the undone correction shows only with "show undone corrections"
    page.goto(address + "#corrections")
    page.locator("#corr-list tr[data-correction]").first.locator("button.undo").click()
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(0, timeout=30_000)
    expect(page.locator(f"#rv-actors tr[data-actor='{new}']")).to_have_count(0)
    page.check("#corr-show-undone")
    expect(page.locator("#corr-list tr.undone")).to_have_count(1, timeout=30_000)
    assert "undone " in page.locator("#corr-list tr.undone").inner_text()
    assert page.locator("#corr-list tr.undone button.undo").count() == 0
    assert page.locator("#corr-count").inner_text() == "0 corrections in force, 1 undone"
    page.uncheck("#corr-show-undone")
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(0, timeout=30_000)

    # a place: a latitude out of range is refused beside the form; a good one is added, to apply at the next extraction
    form = page.locator("#corr-place .place-form")
    form.locator("input.place-name").fill("Camp Tamarisk")
    form.locator("input.place-lat").fill("135.1")
    form.locator("input.place-lon").fill("36.7")
    form.locator("button.add-place").click()
    expect(form.locator(".field-error")).to_contain_text("are not coordinates", timeout=30_000)
    assert "How to fix: give the latitude (-90 to 90)" in form.locator(".field-error").inner_text()
    page.errors.remove(next(e for e in page.errors if "422" in e))
    assert page.locator("#corr-extract").is_hidden()
    form.locator("input.place-lat").fill("35.1")
    form.locator("input.place-country").fill("SYR")
    form.locator("button.add-place").click()
    expect(page.locator("#corr-list tr[data-correction]")).to_have_count(1, timeout=30_000)
    expect(page.locator("#corr-extract")).to_be_visible()
    assert form.locator(".field-error").is_hidden()
    assert "place “Camp Tamarisk” at 35.1, 36.7 (SYR)" in page.locator("#corr-list").inner_text()
    assert "next extraction" in page.locator("#corr-status").inner_text()
    assert page.errors == []
