"""Issue 9, the "why" and the context: status reasons on every page that needs one, the home cards' years and plan,
long pages that open with their summary and can be filtered, print and the 404 page under a sub-path."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from ecosite.derive import derive
from ecosite.interface import text as interface_text
from ecosite.load import load_tables
from ecosite.reportdoc import section_texts, split_sections

TABLES = load_tables()
DERIVED = derive(TABLES)
NO_TARGET_ZH = interface_text("no-target")  # tasks/interface.csv
NOT_ON_TRACK = ("accelerate", "adjust")
STATUS_ZH = DERIVED.labels.names("status", "zh")


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _page(site: Path, indicator_id: str) -> str:
    return (site / "indicators" / indicator_id / "index.html").read_text(encoding="utf-8")


def test_every_status_that_is_not_on_track_shows_the_reports_reason(site):
    top = DERIVED.top_level()
    flagged = top[top["status"].isin(NOT_ON_TRACK)]
    assert len(flagged) >= 6  # 1 需加快推进 + 5 建议调整 in the 2024 evaluation
    texts = section_texts(TABLES["report"]["sections"], TABLES["report"]["lines"])
    for _, ind in flagged.iterrows():
        assert isinstance(ind["reason_zh"], str) and isinstance(ind["reason_en"], str), ind["id"]
        html = _page(site, ind["id"])
        box = re.search(r'<div class="status-reason[^"]*"[^>]*>.*?</div>', html, re.S)
        assert box, f"{ind['id']}: no reason beside the status"
        said = _text(box.group(0))
        assert STATUS_ZH[ind["status"]] in said and ind["reason_zh"] in said and ind["reason_en"] in said, ind["id"]
        # the reason sits next to the status: right after the badges, before the facts table
        assert html.index('class="indicator-head"') < box.start() < html.index('class="facts"'), ind["id"]
        # provenance: each cited section links from the box and is a section that talks about this indicator
        sections = split_sections(ind["assessment_section"])
        for s in sections:
            assert f">{s}</a>" in box.group(0), (ind["id"], s)
        name = re.sub(r"[（(].*", "", ind["name_zh"])
        assert all(name[:4] in texts[s] for s in sections), (ind["id"], name, sections)


def test_no_reason_box_where_the_status_needs_none(site):
    top = DERIVED.top_level()
    for _, ind in top[~top["status"].isin(NOT_ON_TRACK)].iterrows():
        assert 'class="status-reason' not in _page(site, ind["id"]), ind["id"]


def test_indicators_to_adjust_say_in_words_when_the_report_gives_no_original_target(site):
    top = DERIVED.top_level()
    for _, ind in top[top["status"] == "adjust"].iterrows():
        facts = re.search(r'<table class="facts">.*?</table>', _page(site, ind["id"]), re.S).group(0)
        row = _text(re.search(r"规划目标</th>.*?</tr>", facts, re.S).group(0))
        assert row != "—" and (ind["target"] or NO_TARGET_ZH in row), (ind["id"], row)


# ---- home: the cards say which evaluation, which plan period and which data years ---------------------------------


def test_home_cards_say_the_evaluation_the_plan_period_and_the_data_years(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    context = re.search(r'<p class="kpi-context" id="kpi-context">.*?</p>', html, re.S)
    assert context and html.index("kpi-context") < html.index('class="kpis"'), "no context line above the cards"
    assert 'aria-describedby="kpi-context"' in html  # the cards point screen readers at it
    said = _text(context.group(0))
    plan = TABLES["indicators"]["plan"].iloc[0]
    source = DERIVED.current_source
    year, month = str(source["published"]).split("-")
    assert f"{int(year)}年{int(month)}月中期评估" in said and source["kind"] == "mid_term", said
    assert f"{int(plan['start_year'])}—{int(plan['end_year'])} 年" in said, said
    years = {}
    for o in DERIVED.top_level()["latest"]:
        if o:
            years[int(o["year"])] = years.get(int(o["year"]), 0) + 1
    for y, n in years.items():  # every year the latest values fall in, with how many indicators
        assert f"{y} 年" in said and f"{n} 项" in said, (y, n, said)
    most = max(years, key=lambda y: (years[y], y))
    assert f"最新数据多为 {most} 年" in said, said


# ---- projects: summary first, then the filterable table -----------------------------------------------------------


def test_projects_page_opens_with_its_summary_then_the_table(site):
    html = (site / "projects" / "index.html").read_text(encoding="utf-8")
    projects = TABLES["projects"]["projects"]
    table_at = html.index('id="project-table"')
    summary = re.search(r'<div class="summary-counts".*?</div>\s*</div>', html, re.S)
    assert summary and summary.start() < table_at
    assert html.index('<figure class="chart"') < table_at  # every summary chart comes before the 125 rows
    assert html.rindex('<figure class="chart"') < table_at
    said = _text(summary.group(0))
    for _, status in TABLES["projects"]["statuses"].iterrows():
        n = int((projects["status"] == status["id"]).sum())
        if n:
            assert f"{n} {status['name_zh']}" in said, (status["id"], n, said)
    # a link from the top jumps to the table; the table has a labelled search box
    assert re.search(r'<a href="#project-list">', html[: summary.start()]) and 'id="project-list"' in html
    form = re.search(r'<form class="table-filter" data-table="project-table".*?</form>', html, re.S).group(0)
    assert re.search(r'<label>[^<]+<input type="search" name="filter"', form)
    stated = projects["investment"].notna().sum()
    assert f"只给出 {stated} 个项目的投资额" in _text(html), "say how many projects state their investment"


# ---- key figures: topic index, filter -----------------------------------------------------------------------------


def test_key_figures_page_has_a_topic_index_linking_to_every_topic(site):
    html = (site / "figures" / "index.html").read_text(encoding="utf-8")
    index = re.search(r'<nav class="topic-index".*?</nav>', html, re.S)
    assert index and index.end() < html.index("<h2")
    figures = TABLES["tasks"]["figures"]
    topics = TABLES["tasks"]["topics"].sort_values("position")
    linked = re.findall(r'href="#(topic-[^"]+)">([^<]+)</a> <span class="topic-count">(\d+)</span>', index.group(0))
    expected = [
        (f"topic-{t['id']}", t["name_zh"], str(int((figures["topic"] == t["id"]).sum())))
        for _, t in topics.iterrows()
        if (figures["topic"] == t["id"]).any()
    ]
    assert linked == expected
    for anchor, _, _ in linked:
        assert f'<h2 id="{anchor}"' in html, anchor


def _figure_rows(page):
    return page.evaluate("""() => [...document.querySelectorAll('.md-content__inner > .table-wrap > table > tbody > tr')]
        .map(r => ({shown: !r.hidden && r.getClientRects().length > 0,
                    text: r.textContent, topic: r.closest('.table-wrap').previousElementSibling && (() => {
                        let e = r.closest('.table-wrap'); while (e && e.tagName !== 'H2') e = e.previousElementSibling;
                        return e ? e.textContent : ''; })()}))""")


@pytest.mark.browser
def test_key_figures_filter_from_the_address_shows_only_matching_rows_and_counts_them(browser, served):
    from test_browser import Visit

    total = len(TABLES["tasks"]["figures"])
    word = "滇池"
    visit = Visit(browser, served + "figures/?filter=" + word, viewport={"width": 390, "height": 844})
    page = visit.page
    box = page.get_by_label("查找数字")
    assert box.input_value() == word  # the shared address restores the filter
    rows = _figure_rows(page)
    assert len(rows) == total
    shown = [r for r in rows if r["shown"]]
    assert 0 < len(shown) < total
    assert all(word in r["text"] or word in r["topic"] for r in shown)
    assert not any(word in r["text"] for r in rows if not r["shown"])
    count = page.locator("form.text-filter output.filter-count")
    assert count.get_attribute("aria-live") == "polite" and count.inner_text() == f"显示 {len(shown)} / {total} 行"
    # topics without a match are hidden with their index entry; the others stay reachable from the index
    visible_links = page.evaluate(
        "() => [...document.querySelectorAll('.topic-index li')].filter(l => !l.hidden).map(l => l.dataset.topic)"
    )
    for anchor in visible_links:
        assert page.locator(f"h2#{anchor}").is_visible(), anchor
    # typing changes the rows and the address; clearing shows everything and drops the parameter
    box.fill("光伏")
    assert "filter=%E5%85%89%E4%BC%8F" in page.evaluate("location.href")
    assert all("光伏" in r["text"] or "光伏" in r["topic"] for r in _figure_rows(page) if r["shown"])
    box.fill("")
    assert "filter=" not in page.evaluate("location.href") and all(r["shown"] for r in _figure_rows(page))
    assert count.inner_text() == f"显示 {total} / {total} 行"
    assert visit.errors == []
    visit.close()


@pytest.mark.browser
def test_without_javascript_every_figure_and_project_row_is_visible(browser, served):
    from test_browser import Visit

    for path, n in (("figures/", len(TABLES["tasks"]["figures"])), ("projects/", len(TABLES["projects"]["projects"]))):
        visit = Visit(browser, served + path + "?filter=xyz", java_script_enabled=False)
        rows = visit.page.locator(".md-content__inner table.data-table > tbody > tr:visible")
        assert rows.count() >= n, path
        if path == "figures/":  # a box that would do nothing without script is not shown
            assert not visit.page.locator("form.text-filter").is_visible()
        visit.close()


@pytest.mark.browser
def test_projects_filter_state_is_in_the_address(browser, served):
    from test_browser import Visit

    projects = TABLES["projects"]["projects"]
    visit = Visit(browser, served + "projects/?status=completed")
    page = visit.page
    assert page.locator('select[name="status"]').input_value() == "completed"
    shown = page.locator("#project-table tbody tr:visible")
    assert shown.count() == int((projects["status"] == "completed").sum())
    page.get_by_label("查找项目").fill("光伏")
    address = page.evaluate("location.href")
    assert "status=completed" in address and "filter=" in address, address
    for text in shown.all_inner_texts():
        assert "光伏" in text
    visit.close()


# ---- print: a small indicator fits one A4 page, without controls ---------------------------------------------------


def _pdf_pages(data: bytes) -> int:
    try:
        import io

        from pypdf import PdfReader

        return len(PdfReader(io.BytesIO(data)).pages)
    except ImportError:  # pypdf is not a dependency: count the page objects (Chromium writes no object streams)
        return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def _two_point_indicators() -> list[str]:
    obs = TABLES["indicators"]["observations"]
    out = []
    for _, ind in DERIVED.top_level().iterrows():
        ids = [ind["id"], *DERIVED.parts(ind["id"])["id"]]
        if len(obs[obs["indicator_id"].isin(ids)]) == 2:
            out.append(ind["id"])
    return out


@pytest.mark.browser
def test_an_indicator_with_two_data_points_prints_on_one_a4_page_without_controls(browser, served):
    from test_browser import Visit

    small = _two_point_indicators()
    assert small, "no indicator with two data points left to check"
    visit = Visit(browser, served)
    page = visit.page
    too_long, controls = {}, {}
    for indicator_id in small:
        page.goto(served + f"indicators/{indicator_id}/", wait_until="networkidle")
        page.emulate_media(media="print")
        shown = page.evaluate("""() => [...document.querySelectorAll(
              'button, .md-button, .md-header, .md-tabs, .md-sidebar, .md-search, nav, form, .md-footer__inner')]
            .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'none')
            .map(e => e.tagName + '.' + e.className)""")
        if shown:
            controls[indicator_id] = shown
        pages = _pdf_pages(page.pdf(format="A4"))
        if pages != 1:
            too_long[indicator_id] = pages
        page.emulate_media(media="screen")
    visit.close()
    assert not controls, controls
    assert not too_long, f"printed on more than one A4 page: {too_long}"


# ---- 404 under a sub-path, built without SITE_URL ------------------------------------------------------------------


class _SubPathServer:
    """The built site served under /some/sub-path/ like GitHub Pages: any missing address answers with 404.html."""

    PREFIX = "/some/sub-path/"

    def __init__(self, directory: Path):
        import functools
        import http.server
        import threading

        prefix, root = self.PREFIX, directory

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def translate_path(self, path):
                path = path.split("?", 1)[0].split("#", 1)[0]
                if not path.startswith(prefix):
                    return str(root / "\0missing")
                return super().translate_path("/" + path[len(prefix) :])

            def send_error(self, code, message=None, explain=None):
                if code != 404:
                    return super().send_error(code, message, explain)
                body = (root / "404.html").read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

        handler = functools.partial(Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.browser
def test_404_page_works_under_a_sub_path_without_site_url(browser, site):
    """The session's site is built with SITE_URL empty (tests/sitebuild.py), as a fork's first build would be."""
    from test_browser import Visit

    server = _SubPathServer(site)
    base = server.origin + server.PREFIX
    try:
        for missing in ("no-such-page/", "indicators/no-such-indicator/", "a/b/c/d.html"):
            visit = Visit(browser, base + missing)
            page = visit.page
            css = page.evaluate("""() => [...document.styleSheets].filter(s => s.href && s.cssRules.length)
                .map(s => new URL(s.href).pathname)""")
            assert any(p.endswith("/assets/site.css") for p in css), (missing, css)
            assert all(p.startswith(server.PREFIX) for p in css), (missing, css)
            # the theme's stylesheet applied (its header colour), so the page is not bare HTML
            assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
            home = page.evaluate("document.querySelector('a.md-header__button.md-logo, a.md-logo').href")
            assert home == base, (missing, home)
            for link in page.evaluate("[...document.querySelectorAll('a.md-tabs__link')].map(a => a.href)"):
                assert link.startswith(base), (missing, link)
            page.goto(home, wait_until="networkidle")
            assert page.locator("h1").first.inner_text().startswith("昆明"), missing
            visit.close()
    finally:
        server.close()


from test_browser import browser  # noqa: E402,F401  (the module-scoped Chromium fixture)
