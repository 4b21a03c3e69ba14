"""The built site in headless Chromium (Debian's), served on localhost.

Pages render with every chart as SVG, no console errors, no request leaving
localhost, Chinese search works, and axe-core
finds no serious or critical accessibility violation.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

from chromium import chromium  # noqa: E402

PAGES = [
    "",
    "indicators/",
    "indicators/pm25/",
    "indicators/pollutant-reduction/",
    "projects/",
    "monitoring/",
    "audit/",
    "figures/",
    "downloads/",
]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


class Visit:
    def __init__(self, browser, url, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.errors, self.foreign, self.requests = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: (
                self.foreign.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", "localhost", None) and not r.url.startswith("data:")
                else None
            ),
        )
        self.page.goto(url, wait_until="networkidle")

    def close(self):
        self.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_svg_charts_no_errors_and_no_foreign_requests(browser, served, path):
    visit = Visit(browser, served + path)
    page = visit.page
    page.mouse.wheel(0, 20000)  # scrolling past every chart is not asking for the interactive view
    page.wait_for_load_state("networkidle")
    for figure in page.query_selector_all("figure.chart"):
        assert figure.query_selector("svg") is not None, figure.get_attribute("id")
    assert page.title()
    assert visit.errors == [], visit.errors
    assert visit.foreign == [], visit.foreign
    # Budgets a phone feels: neither the Vega bundle nor the search index before the reader asks.
    assert not [u for u in visit.requests if "vega-bundle" in u or ".vl.json" in u or "search_index" in u], (
        visit.requests
    )
    visit.close()


def test_interactive_chart_loads_from_the_sites_own_bundle_on_request(browser, served):
    visit = Visit(browser, served)
    page = visit.page
    assert not [u for u in visit.requests if "vega-bundle" in u]
    page.click("figure.chart .chart-live")
    page.wait_for_function("document.querySelector('figure.chart').dataset.live === '1'", timeout=120000)
    assert page.evaluate("window.vegaEmbed !== undefined")
    assert [u for u in visit.requests if "vega-bundle" in u]
    assert page.query_selector("figure.chart .chart-view svg") is not None
    assert visit.foreign == [] and visit.errors == []
    visit.close()


def test_charts_visible_without_javascript(browser, served):
    visit = Visit(browser, served + "indicators/forest-stock/", java_script_enabled=False)
    svg = visit.page.query_selector("figure.chart svg")
    assert svg is not None and svg.bounding_box()["width"] > 100
    visit.close()


def test_phone_width_has_no_sideways_scrolling(browser, served):
    visit = Visit(
        browser,
        served + "indicators/pm25/",
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
    )
    overflow = visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    visit.close()


def test_chinese_search_finds_the_indicator(browser, served):
    # Waits on the search worker's ready signal and on the results of this very query (overrides/main.html),
    # not on a fixed time, so a busy machine only makes it slower. The query table is in test_search.py.
    from test_search import search_ready, top_pages

    visit = Visit(browser, served)
    search_ready(visit.page)
    assert top_pages(visit.page, "细颗粒物", n=1) == ["indicators/pm25/"]
    visit.close()


def test_filter_narrows_the_indicator_table(browser, served):
    visit = Visit(browser, served + "indicators/")
    page = visit.page
    page.select_option("select[name=status]", "adjust")
    shown = page.evaluate("[...document.querySelectorAll('#indicator-table tbody tr')].filter(r => !r.hidden).length")
    assert shown == 5
    visit.close()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "indicators/",
        "indicators/pm25/",
        "indicators/river-water-quality/",
        "projects/",
        "monitoring/",
        "audit/",
        "figures/",
        "downloads/",
        "tasks/",
        "tasks/col07/",
        "tasks/area2/",
        "data-dictionary/",
        "contributing/",
    ],
)
def test_no_serious_accessibility_violations(browser, served, path):
    from axe_playwright_python.sync_playwright import Axe

    visit = Visit(browser, served + path)
    # content-visibility: auto (site.css) skips painting off-screen tables; axe then samples whatever is painted
    # behind them (the dark footer) as their background. Colours do not depend on it, so render everything first.
    visit.page.add_style_tag(content=".table-wrap, .chart-view { content-visibility: visible !important; }")
    results = Axe().run(visit.page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    visit.close()
