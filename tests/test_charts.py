"""Charts show what they say, on a phone too: rules tested over every published chart and page.

- caption ↔ marks: a caption speaks of a target, a break or a cut axis only when the spec draws it, and every
  numeric target and every break in the data is drawn and said;
- break ↔ gap: no line connects the values either side of a break in comparability;
- bars start at zero; a line chart whose axis does not start at zero says so where it is seen;
- parts of one indicator share one unit and one axis;
- every indicator page has a visual; no page, chart or table shows null/NaN/None/undefined/Infinity;
- at 390 px no chart text is under 11 CSS px, and the key indicator columns stay in view.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from ecosite.charts import AXIS_NOT_ZERO, describe
from ecosite.derive import derive
from ecosite.interface import text as interface_text
from ecosite.load import load_tables
from ecosite.render import observation

NO_TARGET_ZH = interface_text("no-target")  # said instead of an empty target (tasks/interface.csv)
TABLES = load_tables()
DERIVED = derive(TABLES)
OBS = TABLES["indicators"]["observations"]
FIGURE = re.compile(r'<figure class="chart" id="chart-([^"]+)"[^>]*>.*?<figcaption>(.*?)</figcaption>', re.S)


def _units(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _data(spec: dict, unit: dict) -> list[dict]:
    data = unit.get("data") or spec.get("data") or {}
    return spec.get("datasets", {}).get(data.get("name"), data.get("values", []))


def _mark(unit: dict) -> str:
    mark = unit.get("mark")
    return mark if isinstance(mark, str) else mark["type"]


def _text(fragment: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", fragment))


@pytest.fixture(scope="module")
def figures(site: Path) -> list[tuple[str, str, str, dict]]:
    """Every chart on every page: (page, chart id, caption text, published spec)."""
    found = []
    for html_file in sorted(site.rglob("*.html")):
        if html_file.relative_to(site).parts[0] == "en":
            continue  # English charts: test_english_charts_say_what_they_draw
        html = html_file.read_text(encoding="utf-8")
        for chart_id, caption in FIGURE.findall(html):
            spec = json.loads((site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
            found.append((str(html_file.relative_to(site)), chart_id, _text(caption), spec))
    assert len(found) > 40
    return found


def test_caption_is_read_from_the_published_spec(figures):
    for page, chart_id, caption, spec in figures:
        assert describe(spec) in caption, (page, chart_id)


def test_caption_claims_match_marks(figures):
    """Target ↔ a red rule with data; break ↔ a rule at the break; axis note ↔ a scale not starting at zero."""
    for _page, chart_id, caption, spec in figures:
        units = {u.get("name"): u for u in _units(spec)}
        target, brk = units.get("target"), units.get("break")
        assert ("目标" in caption and "虚线" in caption) == (target is not None), (chart_id, caption)
        if target is not None:
            assert _mark(target) == "rule" and _data(spec, target), chart_id
            for row in _data(spec, target):
                assert row["标注"] in caption and f"{row['年份']}年" in row["标注"], (chart_id, row)
        assert ("断开" in caption) == (brk is not None), (chart_id, caption)
        if brk is not None:
            assert _mark(brk) == "rule" and _data(spec, brk), chart_id
        cut = any((u.get("encoding", {}).get("y", {}).get("scale") or {}).get("zero") is False for u in _units(spec))
        assert (AXIS_NOT_ZERO in caption) == cut, (chart_id, caption)


def test_every_numeric_target_and_every_break_in_the_data_is_drawn(figures):
    by_id = {chart_id: (caption, spec) for _, chart_id, caption, spec in figures}
    plotted = {
        i: g
        for i, g in OBS[OBS["value"].notna() & OBS["role"].isin(["baseline", "actual", "target"])].groupby(
            "indicator_id"
        )
    }
    for ind_id, rows in plotted.items():
        if rows["role"].nunique() < 2 or isinstance(DERIVED.indicator(ind_id)["parent_id"], str):
            continue  # parts are drawn on their parent's parts chart
        caption, spec = by_id[f"indicator-{ind_id}"]
        for _, t in rows[rows["role"] == "target"].iterrows():
            assert f"{t['year']}年目标" in caption, ind_id
    breaks = OBS[OBS["break_zh"].notna()]
    assert len(breaks), "the data holds at least one break (forest cover, 2021)"
    for _, b in breaks.iterrows():
        caption, spec = by_id[f"indicator-{b['indicator_id']}"]
        drawn = [r["年份"] for u in _units(spec) if u.get("name") == "break" for r in _data(spec, u)]
        assert str(b["year"]) in drawn and f"{b['year']}年" in caption, b["indicator_id"]


def test_no_line_crosses_a_break(figures, site):
    """In the spec each segment is its own line (detail on 段), and the drawn SVG has one path per segment."""
    breaks = OBS[OBS["break_zh"].notna()]
    checked = 0
    for _, chart_id, _caption, spec in figures:
        for unit in _units(spec):
            if _mark(unit) != "line":
                continue
            rows = _data(spec, unit)
            years_with_break = {
                str(y) for y in breaks[breaks["indicator_id"] == chart_id.removeprefix("indicator-")]["year"]
            }
            segments = {}
            for r in sorted(rows, key=lambda r: r["年份"]):
                segments.setdefault(r["段"], []).append(r["年份"])
            assert unit["encoding"]["detail"]["field"] == "段", chart_id
            for year in years_with_break:
                # the break year opens a segment: nothing before it shares its segment
                seg = next(s for s, ys in segments.items() if year in ys)
                assert min(segments[seg]) == year, (chart_id, segments)
                checked += 1
    assert checked == len(breaks)
    html = (site / "indicators" / "forest-cover" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'id="chart-indicator-forest-cover".*?(<svg.*?</svg>)', html, re.S).group(1)
    pieces = re.findall(r'<g class="mark-line role-mark series_marks"[^>]*>(.*?)</g>', svg, re.S)
    paths = [p for g in pieces for p in re.findall(r'aria-label="年份: (\d+);[^"]*"[^>]* d="([^"]*)"', g)]
    # one line piece per segment (2020 | 2021), each a single point: no stroke joins the two years
    assert sorted(y for y, _ in paths) == ["2020", "2021"], paths
    assert all(d.count("L") == 0 for _, d in paths), paths


def test_bars_start_at_zero(figures):
    bars = 0
    for _, chart_id, _, spec in figures:
        for unit in _units(spec):
            if _mark(unit) != "bar":
                continue
            bars += 1
            for channel in ("x", "y"):
                enc = unit["encoding"].get(channel, {})
                if enc.get("type") == "quantitative":
                    scale = enc.get("scale") or {}
                    assert scale.get("zero", True) is not False, chart_id
                    assert "domain" not in scale or min(scale["domain"]) <= 0, chart_id
    assert bars > 10


def test_a_cut_axis_is_said_on_the_chart(figures, site):
    cut_seen = 0
    for page, chart_id, _, spec in figures:
        for unit in _units(spec):
            y = unit.get("encoding", {}).get("y", {})
            if (y.get("scale") or {}).get("zero") is False:
                cut_seen += 1
                assert _mark(unit) != "bar" and any(_mark(u) == "line" for u in _units(spec)), chart_id
                assert AXIS_NOT_ZERO in spec["title"]["subtitle"], chart_id
        if chart_id == "indicator-pm25":
            html = (site / page).read_text(encoding="utf-8")
            svg = re.search(r'id="chart-indicator-pm25".*?(<svg.*?</svg>)', html, re.S).group(1)
            assert AXIS_NOT_ZERO in unescape(svg), "the note is drawn in the SVG itself"
    assert cut_seen, "PM2.5 (20.5–23) is drawn on a cut axis"


def test_parts_of_one_indicator_share_unit_and_axis(figures):
    inds = DERIVED.indicators
    for parent, parts in inds[inds["parent_id"].notna()].groupby("parent_id"):
        assert parts["unit"].fillna("").nunique() == 1, f"{parent}: parts in different units cannot share one axis"
    for _, chart_id, _, spec in figures:
        if chart_id.startswith("parts-"):
            assert "resolve" not in spec and len({u["encoding"]["x"]["field"] for u in _units(spec)}) == 1, chart_id


def test_every_indicator_page_has_a_visual(site):
    numeric = (
        OBS[OBS["value"].notna() & OBS["role"].isin(["baseline", "actual", "target"])]
        .groupby("indicator_id")["role"]
        .nunique()
    )
    for _, ind in DERIVED.top_level().iterrows():
        html = (site / "indicators" / ind["id"] / "index.html").read_text(encoding="utf-8")
        card = re.search(r'<div class="value-card".*?</div></div>(?:</div>)?', html, re.S)
        assert card, ind["id"]
        text = _text(card.group(0))
        unit = ind["unit"] if isinstance(ind["unit"], str) else ""
        if ind["latest"]:
            assert observation(ind["latest"], unit) in text, ind["id"]
        parts = DERIVED.parts(ind["id"])
        if ind["latest"] or not len(parts):
            assert (observation(ind["target"], unit) if ind["target"] else NO_TARGET_ZH) in text, ind["id"]
        else:  # a parent shows each part's latest value and target
            for _, p in parts.iterrows():
                assert p["name_zh"] in text and (
                    not p["target"] or observation(p["target"], p["unit"] if isinstance(p["unit"], str) else "") in text
                ), p["id"]
        if numeric.get(ind["id"], 0) >= 2:
            assert re.search(r'<figure class="chart" id="chart-indicator-.*?<svg', html, re.S), (
                f"{ind['id']}: plottable but no chart"
            )


# The contributor guide names these words as mistakes the validator refuses; no data is shown there.
EXPLAINS_THE_WORDS = {"contributing/index.html"}
BAD = re.compile(r"(?<![A-Za-z])(null|NaN|nan|None|undefined|-?Infinity)(?![A-Za-z])")


def test_no_null_nan_or_none_shown_anywhere(site):
    """Every built page: visible text, SVG text, captions, tables and text alternatives."""
    seen = []
    for html_file in sorted(site.rglob("*.html")):
        if html_file.relative_to(site).as_posix() in EXPLAINS_THE_WORDS:
            continue
        html = html_file.read_text(encoding="utf-8")
        html = re.sub(r"<(script|style|code)\b.*?</\1>", " ", html, flags=re.S)
        shown = [unescape(t) for t in re.findall(r">([^<]+)<", html)]
        shown += [unescape(a) for a in re.findall(r'(?:aria-label|alt|title)="([^"]*)"', html)]
        for t in shown:
            if BAD.search(t):
                seen.append(f"{html_file.relative_to(site)}: {t.strip()[:80]}")
    assert not seen, "\n".join(seen[:20])


# --- In Chromium at phone width -------------------------------------------------------------------------------

# Rendered size of every chart text: its font size in SVG units × the scale the page shows the SVG at.
SIZES = """() => Array.from(document.querySelectorAll('.chart-view svg')).flatMap(svg => {
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  return Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim())
    .map(t => ({size: parseFloat(getComputedStyle(t).fontSize) * scale, text: t.textContent, chart: svg.closest('figure').id}));
})"""


@pytest.fixture(scope="module")
def phone(served):
    from chromium import chromium

    with chromium() as browser:
        # Without JavaScript: the static SVG every reader gets first (the interactive view uses the same spec and size).
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=1, java_script_enabled=False
        )
        yield context.new_page()


@pytest.mark.browser
def test_no_chart_text_under_11px_at_390px(phone, served, site):
    pages = sorted(
        {
            p.parent.relative_to(site).as_posix()
            for p in site.rglob("index.html")
            if 'class="chart-view"' in p.read_text(encoding="utf-8")
        }
    )
    assert len(pages) > 20
    small = []
    for url in pages:
        phone.goto(served + ("" if url == "." else url + "/"))
        sizes = phone.evaluate(SIZES)
        assert sizes, url
        small += [f"{url} {s['chart']}: {s['text']!r} {s['size']:.1f}px" for s in sizes if s["size"] < 11]
    assert not small, "\n".join(small[:20])


@pytest.mark.browser
@pytest.mark.parametrize("url", ["", "indicators/"])
def test_key_indicator_columns_in_view_at_390px(phone, served, url):
    """Status, latest value, target and progress of every row are on screen at 390 px, each under its column name."""
    phone.goto(served + url)
    cells = phone.evaluate("""() => Array.from(document.querySelectorAll('table.indicator-table tbody tr')).flatMap(tr =>
        Array.from(tr.cells).filter(td => ['评估结论', '最新值', '目标值', '进度（重算）'].includes(td.dataset.label)).map(td => {
          const r = td.getBoundingClientRect();
          return {label: td.dataset.label, left: r.left, right: r.right, width: r.width, cue: getComputedStyle(td, '::before').content};
        }))""")
    assert len(cells) >= 4 * 6, url
    for c in cells:
        assert c["width"] > 0 and c["left"] >= 0 and c["right"] <= 390, (url, c)
        assert c["cue"] == f'"{c["label"]}"', (url, c)


@pytest.mark.browser
def test_project_cards_fit_a_phone(phone, served):
    """At 390 px every project is a card: no filled cell runs off the right edge, each value under its column name."""
    phone.goto(served + "projects/")
    cells = phone.evaluate("""() => Array.from(document.querySelectorAll('table.card-table tbody td'))
        .filter(td => td.textContent.trim()).map(td => { const r = td.getBoundingClientRect();
          return {label: td.dataset.label, text: td.textContent.slice(0, 20), left: r.left, right: r.right, width: r.width,
                  cue: td.cellIndex ? getComputedStyle(td, '::before').content : null}; })""")
    assert len({c["text"] for c in cells if c["label"] == "项目"}) >= 100
    for c in cells:
        assert c["width"] > 0 and c["left"] >= 0 and c["right"] <= 390, c
        if c["cue"] is not None:
            assert c["cue"] == f'"{c["label"]}"', c


@pytest.mark.browser
def test_wide_tables_show_a_scroll_cue(phone, served):
    phone.goto(served + "indicators/forest-cover/")
    wraps = phone.evaluate("""() => Array.from(document.querySelectorAll('.table-wrap')).filter(w => w.scrollWidth > w.clientWidth)
        .map(w => getComputedStyle(w).backgroundImage)""")
    assert wraps, "the observations table scrolls sideways at 390 px"
    assert all(w.count("gradient") >= 4 for w in wraps), wraps


@pytest.mark.browser
def test_caption_is_body_text(phone, served):
    phone.goto(served + "indicators/pm25/")
    caption = phone.evaluate("""() => { const c = getComputedStyle(document.querySelector('.chart figcaption')),
        b = getComputedStyle(document.querySelector('.md-typeset'));
        return [c.fontSize, b.fontSize, c.fontStyle, c.color, b.color]; }""")
    assert caption[0] == caption[1] and caption[2] == "normal" and caption[3] == caption[4], caption


def test_breaks_are_our_words_and_their_section_speaks_of_the_break():
    from report_text import full_text, sections

    report, text = full_text(), sections()
    for _, b in OBS[OBS["break_zh"].notna()].iterrows():
        reason = b["break_zh"]
        copied = [reason[i : i + 12] for i in range(max(0, len(reason) - 11)) if reason[i : i + 12] in report]
        assert not copied, (b["indicator_id"], copied)
        assert any("口径" in text.get(s, "") or "方法" in text.get(s, "") for s in b["source_section"].split("; ")), b[
            "indicator_id"
        ]


def test_english_charts_say_what_they_draw(site: Path):
    """English pages: every chart's caption is read back from its published spec (with the English axis note
    exactly when an axis is cut), and its file is its own (charts/<id>-en.*), not the Chinese chart's."""
    note = interface_text("ch-axis-note", "en")
    seen = 0
    for html_file in sorted((site / "en").rglob("*.html")):
        for chart_id, caption in FIGURE.findall(html_file.read_text(encoding="utf-8")):
            spec = json.loads((site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
            caption = _text(caption)
            assert chart_id.endswith("-en"), chart_id
            assert describe(spec, note) in caption, (chart_id, caption)
            cut = any(
                (u.get("encoding", {}).get("y", {}).get("scale") or {}).get("zero") is False for u in _units(spec)
            )
            assert (note in caption) == cut, (chart_id, caption)
            seen += 1
    assert seen > 20
