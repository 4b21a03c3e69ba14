"""Site search as a reader uses it: real queries typed into the theme's search box in headless Chromium.

The query table is what readers of the report type (Chinese names, the report's mixed-script terms,
abbreviations, English, units); each expects a page among the first three results. The index is the
one the build writes, queried by the theme's own search worker, so ranking and tokenisation are
tested end to end. Waiting is on explicit signals set by overrides/main.html (data-search="ready",
data-search-done="<query>"), never on a fixed sleep, so the test holds on a busy machine.
"""

from __future__ import annotations

import gzip
import json
import re

import pytest

# (query, page expected among the first three results)
QUERIES = [
    ("细颗粒物", "indicators/pm25/"),
    ("PM2.5", "indicators/pm25/"),
    ("pm2.5", "indicators/pm25/"),
    ("雾霾", "indicators/pm25/"),
    ("fine particulate", "indicators/pm25/"),
    ("微克/立方米", "indicators/pm25/"),
    ("劣Ⅴ类", "indicators/surface-water-below-v/"),
    ("劣V类", "indicators/surface-water-below-v/"),
    ("Ⅲ类", "indicators/surface-water-class-iii/"),
    ("EQI", "indicators/eqi/"),
    ("生态质量指数", "indicators/eqi/"),
    ("森林覆盖率", "indicators/forest-cover/"),
    ("forest cover", "indicators/forest-cover/"),
    ("森林蓄积量", "indicators/forest-stock/"),
    ("亿立方米", "indicators/forest-stock/"),
    ("草原综合植被覆盖度", "indicators/grassland-vegetation-cover/"),
    ("垃圾焚烧", "indicators/msw-incineration-rate/"),
    ("公交", "indicators/public-transport-share/"),
    ("public transport", "indicators/public-transport-share/"),
    ("农膜", "indicators/agricultural-film-recovery/"),
    ("螳螂川", "indicators/river-water-quality/"),
    ("噪声", "indicators/night-noise-compliance/"),
    ("noise", "indicators/night-noise-compliance/"),
    ("阳宗海", "indicators/yangzonghai-water-quality/"),
    ("滇池水质", "indicators/dianchi-water-quality/"),
    ("秸秆", "indicators/straw-utilisation/"),
    ("医疗废物", "indicators/medical-waste-disposal/"),
    ("饮用水", "indicators/drinking-water-compliance/"),
    ("drinking water", "indicators/drinking-water-compliance/"),
    ("优良天数", "indicators/air-good-days-ratio/"),
    ("生态保护红线", "indicators/ecological-redline-share/"),
    ("耕地保有量", "indicators/cultivated-land/"),
    ("非化石能源", "indicators/non-fossil-energy-share/"),
    ("绿色建筑", "indicators/green-building-share/"),
    ("碳排放强度", "indicators/carbon-intensity-reduction/"),
    ("CO2", "indicators/carbon-intensity-reduction/"),
    ("单位GDP能耗", "indicators/energy-intensity-reduction/"),
    ("污水处理", "indicators/urban-sewage-treatment/"),
    ("农村生活污水", "indicators/rural-sewage-treatment/"),
    ("公众满意度", "indicators/public-satisfaction/"),
    ("畜禽粪污", "indicators/manure-utilisation/"),
    ("人均公园绿地面积", "indicators/park-green-space-per-capita/"),
    ("生物多样性", "indicators/protected-species/"),
    ("氮氧化物", "indicators/pollutant-reduction/"),
    ("COD", "indicators/pollutant-reduction/"),
    ("万千瓦", "indicators/power-capacity-total/"),
    ("绿色能源装机", "indicators/green-power-capacity-share/"),
    ("CSV", "downloads/"),
    ("数据字典", "data-dictionary/"),
    ("重点工程项目", "projects/"),
    ("监测网络", "monitoring/"),
    ("JSON", "api/"),
    ("数据更新记录", "changelog/"),
]
PASS_RATE = 0.95


def search_ready(page, timeout: float = 120_000) -> None:
    """Open search the way a reader does (focus the box) and wait for the worker's ready signal."""
    page.click("input.md-search__input")
    page.wait_for_function("document.documentElement.dataset.search === 'ready'", timeout=timeout)


def top_pages(page, query: str, n: int = 3, timeout: float = 60_000) -> list[str]:
    """Type a query, wait until the theme has shown its results, return the first n result pages (site paths)."""
    page.fill("input.md-search__input", "")
    page.keyboard.insert_text(query)
    page.keyboard.press("End")  # the theme reads the box on keyup
    page.wait_for_function("q => document.documentElement.dataset.searchDone === q", arg=query, timeout=timeout)
    paths = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(a => new URL(a.href).pathname)")
    out = []
    for path in paths:  # a page shows once, whether matched as a whole or by a section
        path = path.lstrip("/")
        if path not in out:
            out.append(path)
    return out[:n]


def run_queries(page, queries=QUERIES) -> list[tuple[str, str, list[str]]]:
    return [(q, expected, top_pages(page, q)) for q, expected in queries]


@pytest.fixture(scope="module")
def browser():
    from chromium import chromium

    with chromium() as b:
        yield b


def test_query_table_is_broad():
    assert len(QUERIES) >= 40
    assert len({q for q, _ in QUERIES}) == len(QUERIES)  # the theme ignores a repeated query


@pytest.mark.browser
def test_reader_queries_find_the_page_in_the_top_three(browser, served):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served, wait_until="load")
    search_ready(page)
    results = run_queries(page)
    misses = [(q, expected, got) for q, expected, got in results if expected not in got]
    assert 1 - len(misses) / len(results) >= PASS_RATE, misses
    context.close()


@pytest.mark.browser
def test_exact_title_ranks_first(browser, served, site):
    """Typing an indicator's full name puts its page first (every top-level indicator with a page).

    By construction (overrides/main.html promotes the page whose title is the query), not by tuning boosts:
    term-frequency scoring let the drinking-water page, full of 水质, outrank 滇池水质."""
    import csv

    from ecosite.paths import DATAPACKAGES

    rows = list(csv.DictReader((DATAPACKAGES / "indicators" / "indicators.csv").open(encoding="utf-8")))
    context = browser.new_context()
    page = context.new_page()
    page.goto(served, wait_until="load")
    search_ready(page)
    wrong = []
    for row in rows:
        if row["parent_id"]:
            continue
        got = top_pages(page, row["name_zh"], n=1)
        if got != [f"indicators/{row['id']}/"]:
            wrong.append((row["name_zh"], got))
    assert wrong == []
    context.close()


@pytest.mark.browser
def test_no_search_index_request_before_the_reader_opens_search(browser, served):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(served + "indicators/pm25/", wait_until="networkidle")
    page.mouse.wheel(0, 20000)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
    assert not [u for u in requests if "search_index.json" in u]
    search_ready(page)
    assert [u for u in requests if "search_index.json" in u]
    context.close()


def test_index_is_lean_and_keeps_mixed_script_terms_whole(site):
    raw = (site / "search" / "search_index.json").read_bytes()
    assert len(gzip.compress(raw)) <= 250_000
    index = json.loads(raw)
    docs = index["docs"]
    text = "\n".join(d["title"] + " " + d["text"] for d in docs)
    assert "<svg" not in text and "<text" not in text
    tokens = set(re.split(index["config"]["separator"], text.lower()))
    for term in ("劣ⅴ类", "ⅲ类", "pm2.5", "eqi"):
        assert term in tokens, term
    # No chart tick labels glued into digit soup ("20202023年份20.521.0…"), no file hashes; digits stay rare.
    for doc in docs:
        assert not re.search(r"\d{8,}", doc["text"]), (doc["location"], re.search(r"\d{8,}", doc["text"]).group(0))
    assert sum(c.isdigit() for c in text) <= len(text) * 0.10


def test_aliases_are_on_the_indicator_page_and_in_the_index(site):
    import csv

    from ecosite.paths import DATAPACKAGES

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tags = {d["location"]: d.get("tags", []) for d in index["docs"] if "#" not in d["location"]}
    for row in csv.DictReader((DATAPACKAGES / "indicators" / "indicators.csv").open(encoding="utf-8")):
        if row["parent_id"] or not row["aliases"]:
            continue
        aliases = [a.strip() for a in row["aliases"].split(";")]
        html = (site / "indicators" / row["id"] / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'<p class="aliases">(.*?)</p>', html)
        assert shown, row["id"]
        for alias in aliases:
            assert f'<span class="alias">{alias.replace("&", "&amp;")}</span>' in shown.group(1), (row["id"], alias)
        assert tags[f"indicators/{row['id']}/"][: len(aliases)] == aliases  # then the unit, which readers search too
