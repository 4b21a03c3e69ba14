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
