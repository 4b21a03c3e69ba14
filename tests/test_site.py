"""The built site, read as files: pages exist, show the data's numbers, load nothing from elsewhere (escaping: test_hostile.py)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from ecosite.derive import derive
from ecosite.load import load_tables
from sitebuild import build

TABLES = load_tables()
DERIVED = derive(TABLES)


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def visible_text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_a_page_for_every_indicator_column_and_area(site):
    for ind in DERIVED.top_level()["id"]:
        assert (site / "indicators" / ind / "index.html").exists(), ind
    for task_table in ("columns", "areas"):
        for tid in TABLES["tasks"][task_table]["id"]:
            assert (site / "tasks" / tid / "index.html").exists(), tid
    for url in (
        "indicators",
        "tasks",
        "projects",
        "monitoring",
        "figures",
        "audit",
        "methodology",
        "about",
        "data-dictionary",
        "downloads",
        "contributing",
        "report",
    ):
        assert (site / url / "index.html").exists(), url


def test_home_shows_the_status_groups_computed_from_the_data(site):
    text = visible_text(page(site, ""))
    counts = DERIVED.status_counts.set_index(["list", "status"])["count"]
    for status, label in (
        ("exceeded", "超预期"),
        ("on_track", "符合预期"),
        ("accelerate", "需加快推进"),
        ("adjust", "建议调整"),
    ):
        assert re.search(rf"{counts['main', status]}\s*项主要指标{label}", text), status
    # the report's own summary, reproduced by the data
    assert [counts["main", s] for s in ("exceeded", "on_track", "accelerate", "adjust")] == [9, 16, 1, 5]
    assert [counts["chapter", s] for s in ("exceeded", "on_track")] == [4, 8]
    assert "2023-09-15" in text and "2024-04-26" in text and "2024-11" in text


def test_indicator_page_shows_baseline_latest_target_and_progress(site):
    text = visible_text(page(site, "indicators/forest-stock"))
    for value in ("0.6057", "0.6213", "0.63", "64.20%", "64.2%", "一(二)1(2)"):
        assert value in text, value
    text = visible_text(page(site, "indicators/pm25"))
    assert "20.5微克/立方米" in text and "23微克/立方米" in text and "完成省级下达指标" in text


def test_adjusted_indicator_shows_the_recommendation(site):
    text = visible_text(page(site, "indicators/forest-cover"))
    assert "建议调整目标" in text and "45.27%" in text and "52.62%" in text


def test_discrepancy_shows_on_its_indicator_and_on_the_audit_page(site):
    assert "95.42%" in visible_text(page(site, "indicators/pollutant-reduction"))
    audit = visible_text(page(site, "audit"))
    assert "95.84%" in audit and "95.42%" in audit and "不一致（已登记）" in audit
    for desc in TABLES["indicators"]["discrepancies"]["values"]:
        assert desc.split("; ")[0] in audit


def test_every_chart_is_inline_svg_with_text_alternative_and_table(site):
    html = page(site, "")
    figures = re.findall(r'<figure class="chart".*?</figure>', html, flags=re.S)
    assert len(figures) >= 3
    for fig in figures:
        assert (
            "<svg" in fig and 'role="img"' in fig and "aria-label=" in fig and "<table" in fig and "<figcaption>" in fig
        )


def test_chinese_glyphs_render_in_svg_text(site):
    svg = re.search(r'<figure class="chart".*?(<svg.*?</svg>)', page(site, ""), flags=re.S).group(1)
    assert re.search(r"<text[^>]*>[^<]*[\u4e00-\u9fff]", svg)


HOST = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//([^/"'\s>]+)""", re.I)
ALLOWED_LINK_HOSTS = {"creativecommons.org"}  # plain links a reader may follow; nothing is loaded from them


def test_nothing_is_loaded_from_another_host(site):
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".js", ".css"):
            continue
        if path.match("assets/javascripts/*.min.js"):
            continue  # the theme's bundle names unpkg only for Mermaid diagrams, which the site has none of; the browser test records real requests
        content = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (
            "fonts.googleapis",
            "fonts.gstatic",
            "cdn.jsdelivr",
            "unpkg.com",
            "cdnjs",
            "googletagmanager",
            "google-analytics",
        ):
            assert pattern not in content, f"{pattern} in {path}"
        if path.suffix == ".html":
            loaded = re.findall(
                r"""<(?:script|link|img|iframe|source)[^>]+(?:src|href)=["']((?:https?:)?//[^"']+)""", content
            )
            assert not loaded, f"{path}: {loaded}"


def test_vega_bundle_is_served_by_the_site(site):
    bundle = site / "assets" / "vendor" / "vega-bundle.js"
    assert bundle.stat().st_size > 100_000


def test_search_index_segments_chinese(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]
    text = " ".join(doc["text"] + " " + doc["title"] for doc in index["docs"])
    # jieba marks word boundaries with zero-width spaces; the report's terms stay whole words
    assert "\u200b细颗粒物" in text or "细颗粒物\u200b" in text
    assert "国控" in text


def test_data_dictionary_lists_every_column(site):
    text = visible_text(page(site, "data-dictionary"))
    for name, package in TABLES.packages.items():
        for r in package.resources:
            for f in r.schema.fields:
                assert f.name in text, f"{name}.{r.name}.{f.name}"


def test_one_changed_number_changes_page_chart_and_download(tmp_path):
    import shutil

    from ecosite.paths import DATAPACKAGES

    root = tmp_path / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    obs = root / "indicators" / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("pm25,2023,actual,20.5,", "pm25,2023,actual,19.7,"), encoding="utf-8"
    )
    # The validator checks every number against the report text it cites, so the (stored) report must say 19.7 too.
    lines = root / "report" / "lines.csv"
    lines.write_text(
        lines.read_text(encoding="utf-8").replace("平均浓度20.5微克", "平均浓度19.7微克"), encoding="utf-8"
    )
    site_dir = tmp_path / "site"
    result = build(site_dir, root)
    assert result.returncode == 0, result.stderr
    html = page(site_dir, "indicators/pm25")
    assert "19.7微克/立方米" in visible_text(html) and "20.5微克" not in visible_text(html)
    assert "19.7" in (site_dir / "charts" / "indicator-pm25.vl.json").read_text(encoding="utf-8")
    assert "pm25,2023,actual,19.7," in (site_dir / "data" / "indicators" / "observations.csv").read_text(
        encoding="utf-8"
    )


def test_invalid_data_stops_the_build_and_keeps_the_last_site(tmp_path):
    import shutil

    from ecosite.paths import DATAPACKAGES

    root = tmp_path / "datapackages"
    shutil.copytree(DATAPACKAGES, root)
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("last good site", encoding="utf-8")
    obs = root / "indicators" / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("pm25,2023,actual,20.5,", "pm25,2023,actual,20.5ug,"), encoding="utf-8"
    )
    result = build(site_dir, root)
    assert result.returncode == 1
    assert "observations.csv" in result.stderr and "value" in result.stderr and "type-error" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site_dir / "index.html").read_text(encoding="utf-8") == "last good site"
