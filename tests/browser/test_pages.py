"""The dashboard in a real browser: every page loads, filters apply, the graph and the
highlights show, markup in articles stays text, and screenshots land in bench/screens/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = ["/", "/claims", "/claims/1", "/documents", "/map", "/sources", "/sources/russian-defence-ministry",
         "/rejects"]


def _no_script_ran(page: Page) -> None:
    assert page.evaluate("() => window.__pwned === undefined")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads(page: Page, live_server: str, screens: Path, path: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(live_server) else None)
    response = page.goto(live_server + path)
    assert response is not None and response.status == 200
    expect(page.locator("main h1").first).to_be_visible()
    assert not errors and not external
    name = "home" if path == "/" else path.strip("/").replace("/", "_")
    page.screenshot(path=str(screens / f"{name}.png"), full_page=True)


def test_filter_claims_by_status(page: Page, live_server: str) -> None:
    page.goto(live_server + "/claims")
    expect(page.locator("table.claims-table tbody tr")).to_have_count(4)
    page.select_option("#f-status", "denied")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"status=denied"))
    rows = page.locator("table.claims-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("did not surrender")
    expect(page.locator(".active-filters")).to_contain_text("status: denied")


def test_open_cluster_and_see_its_graph(page: Page, live_server: str, screens: Path) -> None:
    page.goto(live_server + "/claims?sort=origins")
    page.get_by_role("link", name=re.compile("Whole groups of Russian soldiers")).click()
    page.wait_for_url(re.compile(r"/claims/1$"))
    graph = page.locator("svg.provenance")
    expect(graph).to_be_visible()
    expect(graph.locator("a.node-origin")).to_contain_text(["Oleksandr Shtupun"])
    expect(graph.locator("a.node-outlet").first).to_be_visible()
    expect(graph.locator(".edge-date").first).to_have_text(re.compile(r"2023-12-2\d"))
    box_origin = graph.locator("a.node-origin").first.bounding_box()
    box_outlet = graph.locator("a.node-outlet").first.bounding_box()
    assert box_origin and box_outlet and box_origin["x"] < box_outlet["x"], "origins must be left of outlets"
    page.locator("#graph").screenshot(path=str(screens / "cluster_graph.png"))


def test_open_article_and_see_highlights(page: Page, live_server: str, screens: Path) -> None:
    page.goto(live_server + "/claims/1")
    page.locator("table.members a").first.click()
    expect(page.locator(".article-text .hl-source").first).to_be_visible()
    expect(page.locator(".article-text .hl-cue").first).to_be_visible()
    expect(page.locator(".article-text .hl-content").first).to_be_visible()
    colours = {cls: page.locator(f".article-text .hl-{cls}").first.evaluate("e => getComputedStyle(e).backgroundColor")
               for cls in ("source", "cue", "content")}
    assert len(set(colours.values())) == 3, colours
    page.locator(".claim-pick").first.click()
    expect(page.locator(".claim-list li.selected ol.chain")).to_contain_text("Meridian Wire")
    expect(page.locator(".article-text .focus").first).to_be_visible()
    page.screenshot(path=str(screens / "document_highlights.png"), full_page=True)


def test_hostile_markup_shows_as_text(page: Page, live_server: str) -> None:
    page.add_init_script("window.alert = () => { window.__pwned = true; }")
    page.goto(live_server + "/claims?text=drones")
    expect(page.locator("table.claims-table")).to_contain_text('<script>alert("pwned")</script>')
    page.get_by_role("link", name=re.compile("Drones struck Kharkiv")).click()
    expect(page.locator("main")).to_contain_text("javascript:alert(1)")
    page.locator("table.members a").first.click()
    text = page.locator(".article-text")
    expect(text).to_contain_text('<a href="javascript:alert(1)">')
    expect(text).to_contain_text("&amp; more &lt;b&gt;proof&lt;/b&gt;")
    assert page.locator("main script").count() == 0
    assert page.locator('main a[href^="javascript"]').count() == 0
    _no_script_ran(page)


def test_keyboard_reaches_claims(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "/claims"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_phone_width_has_no_horizontal_scroll(page: Page, live_server: str, screens: Path) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/", "/claims", "/claims/1"):
        page.goto(live_server + path)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    page.goto(live_server + "/claims")
    page.screenshot(path=str(screens / "claims_phone.png"), full_page=True)


def test_ingest_form_shows_progress(page: Page, live_server: str, screens: Path) -> None:
    from conftest import TOKEN

    page.goto(live_server + "/")
    page.fill("#ing-text", "Shelling hit a market in Kherson on Monday, the regional governor said.")
    page.fill("#ing-token", TOKEN)
    page.get_by_role("button", name="Ingest").click()
    page.wait_for_url(re.compile(r"/ingest/[0-9a-f]+$"))
    expect(page.locator(".steps")).to_be_visible()
    expect(page.locator(".steps li.past, .steps li.current").first).to_be_visible()
    expect(page.get_by_role("link", name="See the newest claims →")).to_be_visible(timeout=15_000)
    expect(page.locator(".kpis")).to_contain_text("New")
    expect(page.locator("main ul a").first).to_have_attribute("href", re.compile(r"^/documents/[0-9a-f]{64}$"))
    page.screenshot(path=str(screens / "ingest_done.png"), full_page=True)


def test_ingest_form_refuses_a_wrong_token(page: Page, live_server: str) -> None:
    page.goto(live_server + "/")
    page.fill("#ing-text", "Some text")
    page.fill("#ing-token", "wrong")
    page.get_by_role("button", name="Ingest").click()
    expect(page.locator("main h1")).to_contain_text("401")
