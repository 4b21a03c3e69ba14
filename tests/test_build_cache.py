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
