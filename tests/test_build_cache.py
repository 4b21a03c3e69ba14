"""Content-addressed build caches give the same result as a fresh computation and change with their input."""

from __future__ import annotations

import pandas as pd

from ecosite import changelog, charts
from ecosite.paths import DATAPACKAGES


def test_chart_spec_cache_follows_the_rows(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "CACHE", tmp_path)
    frame = pd.DataFrame({"项目": ["甲", "乙"], "数量": [3, 5]})
    fresh = charts.count_bars("t", "测试", frame, "项目", "数量", "个", [])
    cached = charts.count_bars("t", "测试", frame, "项目", "数量", "个", [])
    assert len(list((tmp_path / "specs").iterdir())) == 1
    assert cached.spec == fresh.spec
    changed = charts.count_bars("t", "测试", frame.assign(数量=[3, 6]), "项目", "数量", "个", [])
    assert len(list((tmp_path / "specs").iterdir())) == 2
    assert changed.spec != fresh.spec and 6 in [
        r["数量"] for r in changed.spec["datasets"][next(iter(changed.spec["datasets"]))]
    ]


def test_changelog_from_cache_equals_a_fresh_walk(tmp_path, monkeypatch):
    import ecosite.paths

    packages = ["indicators", "projects"]
    monkeypatch.setattr(ecosite.paths, "CACHE", tmp_path)
    fresh = changelog.history(DATAPACKAGES, packages, limit=5)
    assert list((tmp_path / "changelog").iterdir()) or fresh == []
    again = changelog.history(DATAPACKAGES, packages, limit=5)
    assert again == fresh


def test_validation_cache_never_hides_a_new_mistake(data, tmp_path, monkeypatch):
    """Passes are remembered on disk by content; an edited cell is checked again and its problem reported."""
    from ecosite import buildcache, load, validate

    monkeypatch.setattr(buildcache, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(validate, "_VALID", set())
    monkeypatch.setattr(load, "_FRAMES", {})
    assert validate.validate_all(data.root) == []
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {"package-passed", "rules-passed", "tables"}
    validate._VALID.clear()
    load._FRAMES.clear()
    assert validate.validate_all(data.root) == []  # from the marks on disk
    # A mistake only a cross-table rule sees (a capacity without its unit): the rules must run again.
    project = next(r for r in data.rows("projects/projects.csv") if r["capacity"])
    line = data.edit("projects/projects.csv", "capacity_unit", "", id=project["id"])
    validate._VALID.clear()
    load._FRAMES.clear()
    problems = validate.validate_all(data.root)
    assert [(p.error_type, p.row, p.field) for p in problems] == [("unit-missing", line, "capacity_unit")]


def test_table_from_disk_cache_equals_a_fresh_read(tmp_path, monkeypatch):
    from ecosite import buildcache, load

    monkeypatch.setattr(buildcache, "CACHE", tmp_path)
    monkeypatch.setattr(load, "_FRAMES", {})
    package = load.open_package("indicators")
    first = load.read_table(package, "observations")
    load._FRAMES.clear()
    again = load.read_table(package, "observations")  # unpickled from tmp_path/tables
    assert list((tmp_path / "tables").iterdir())
    pd.testing.assert_frame_equal(again, first)
    pd.testing.assert_frame_equal(again, load._read_table(package.get_resource("observations")))


# ---- issue 13: grouped look-ups, segmentation and compressed copies by content ---------------------------------


def test_grouped_lookups_equal_filtering_the_tables():
    """Every indicator's observations, parts, lists and discrepancies, looked up in the tables grouped once, are the
    rows a filter over the whole table gives (the per-page filters made the build grow with the square of the data)."""
    from ecosite.derive import derive
    from ecosite.load import load_tables

    d = derive(load_tables())
    t = d.tables["indicators"]
    obs, cross, disc = t["observations"], t["cross_listings"], t["discrepancies"]
    for ind in d.indicators.itertuples():
        pd.testing.assert_frame_equal(
            d.observations(ind.id), obs[obs["indicator_id"] == ind.id].sort_values(["year", "role"])
        )
        pd.testing.assert_frame_equal(
            d.parts(ind.id), d.indicators[d.indicators["parent_id"] == ind.id].sort_values("position")
        )
        ids = [ind.id, *d.parts(ind.id)["id"]]
        pd.testing.assert_frame_equal(d.indicator_rows(ids), d.indicators[d.indicators["id"].isin(ids)])
        assert ind.lists == [ind.list, *cross.loc[cross["indicator_id"] == ind.id, "list"]]
        assert ind.discrepancy_ids == disc.loc[disc["indicator_id"] == ind.id, "id"].tolist()
    assert d.observations("no-such-indicator").empty and d.parts("no-such-indicator").empty


def _perf_hooks():
    import importlib.util

    from ecosite.paths import ROOT

    spec = importlib.util.spec_from_file_location("perf_hooks_under_test", ROOT / "scripts" / "perf_hooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_segmentation_from_cache_equals_a_fresh_one(tmp_path, monkeypatch):
    """The search index's Chinese segmentation is kept by text in .cache/segments/; a rebuild that reads it back
    indexes exactly the words a fresh segmentation gives, and a new user dictionary starts afresh."""
    from types import SimpleNamespace

    from ecosite.paths import ROOT

    hooks = _perf_hooks()
    monkeypatch.setattr(hooks, "CACHE", tmp_path / "cache")
    (tmp_path / "scripts").mkdir()
    user_dict = tmp_path / "scripts" / "jieba_user_dict.txt"
    user_dict.write_bytes((ROOT / hooks.USER_DICT).read_bytes())
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), plugins={}, site_dir=str(tmp_path / "site"))
    (tmp_path / "site").mkdir()
    lines = (DATAPACKAGES / "report" / "lines.csv").read_text(encoding="utf-8").splitlines()[1:400]
    texts = lines + ["劣Ⅴ类水体比例", "PM2.5 年均浓度", "Ⅲ类及以上", "森林覆盖率"]
    hooks.on_config(config)
    first = [hooks._segment_cached(None, t) for t in texts]
    assert first == [hooks._segment_keeping_mixed_terms(None, t) for t in texts]
    assert "劣Ⅴ类" in first[-4].split("\u200b")  # a mixed-script term stays one token
    hooks.on_post_build(config)
    assert len(list((tmp_path / "cache" / "segments").iterdir())) == 1

    def no_jieba(self, data):
        raise AssertionError(f"segmented again: {data[:20]}")

    monkeypatch.setattr(hooks, "_segment_keeping_mixed_terms", no_jieba)
    hooks.on_config(config)  # a rebuild: every run comes from the cache
    assert [hooks._segment_cached(None, t) for t in texts] == first
    user_dict.write_text(user_dict.read_text(encoding="utf-8") + "测试新词 3 n\n", encoding="utf-8")
    hooks.on_config(config)  # another dictionary, another table
    assert hooks._segments == {}


def test_precompressed_copy_from_cache_equals_a_fresh_one(tmp_path, monkeypatch):
    """.gz copies come from .cache/precompressed/ by the file's content: same bytes as compressing afresh, and a
    changed file gets a copy of its new content."""
    import gzip

    hooks = _perf_hooks()
    monkeypatch.setattr(hooks, "CACHE", tmp_path / "cache")
    site = tmp_path / "site"
    site.mkdir()
    page, small = site / "page.html", site / "small.css"
    page.write_text("<p>森林覆盖率</p>\n" * 300, encoding="utf-8")
    small.write_text("a{}", encoding="utf-8")
    hooks.precompress(site)
    fresh = (site / "page.html.gz").read_bytes()
    assert fresh == gzip.compress(page.read_bytes(), compresslevel=9, mtime=0)
    assert not (site / "small.css.gz").exists()  # under PRECOMPRESS_MIN
    (site / "page.html.gz").unlink()

    def no_gzip(*args, **kwargs):
        raise AssertionError("compressed again")

    with monkeypatch.context() as m:
        m.setattr(gzip, "compress", no_gzip)
        hooks.precompress(site)  # unchanged file: from the cache
    assert (site / "page.html.gz").read_bytes() == fresh
    page.write_text("<p>草原综合植被覆盖度</p>\n" * 300, encoding="utf-8")
    hooks.precompress(site)
    assert gzip.decompress((site / "page.html.gz").read_bytes()) == page.read_bytes()


def test_one_cell_edit_changes_exactly_the_pages_that_show_it(data):
    """With every cache warm, editing one observation's note changes the pages that show that note (now with the new
    text) and the pages that describe a download holding it (size and SHA-256 in their JSON-LD or file list), and
    leaves every other generated page byte for byte as it was."""
    from ecosite import pipeline
    from ecosite.config import Config

    before = pipeline.prepare(Config(data=data.root))
    everything = "".join(p.read_text(encoding="utf-8") for p in data.root.rglob("*.csv"))
    row = next(
        r
        for r in data.rows("indicators/observations.csv")
        if len(r["note_zh"]) > 8 and everything.count(r["note_zh"]) == 1 and not set(r["note_zh"]) & set("<>&\"'")
    )
    old, new = row["note_zh"], row["note_zh"] + "（已核对）"
    data.edit("indicators/observations.csv", "note_zh", new, note_zh=old)
    after = pipeline.prepare(Config(data=data.root))
    assert set(after.pages) == set(before.pages)
    changed = {p for p in before.pages if before.pages[p] != after.pages[p]}
    showing = {p for p, text in before.pages.items() if old in text}
    new_files = {dl.path: dl.sha256 for dl in after.downloads}
    stale = [dl.sha256 for dl in before.downloads if new_files[dl.path] != dl.sha256]
    describing = {p for p, text in before.pages.items() if any(h in text for h in stale)}
    assert showing and stale and changed == showing | describing
    assert all(new in after.pages[p] for p in showing)
    assert not any(h in text for h in stale for text in after.pages.values())
