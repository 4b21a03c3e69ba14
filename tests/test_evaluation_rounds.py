"""A later evaluation is a data-only change; the changelog shows what changed; versions follow data."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ecosite import changelog
from ecosite.paths import DATAPACKAGES, PACKAGE_NAMES, ROOT
from sitebuild import build


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def append_rows(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerows(rows)


def bump(descriptor: Path) -> tuple[str, str]:
    """Raise the minor version, as an editor adding an evaluation would."""
    d = json.loads(descriptor.read_text(encoding="utf-8"))
    major, minor, _ = d["version"].split(".")
    old, d["version"] = d["version"], f"{major}.{int(minor) + 1}.0"
    descriptor.write_text(json.dumps(d, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return old, d["version"]


@pytest.fixture(scope="module")
def two_rounds(tmp_path_factory):
    repo = tmp_path_factory.mktemp("rounds")
    data = repo / "datapackages"
    shutil.copytree(DATAPACKAGES, data)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "mid-term evaluation")
    ind = data / "indicators"
    append_rows(
        ind / "sources.csv",
        [
            {
                "id": "eval-2025",
                "title_zh": "昆明市生态文明建设排头兵规划终期评估报告（测试）",
                "title_en": "Final evaluation (test)",
                "publisher_zh": "昆明市生态环境局",
                "publisher_en": "Kunming Municipal Ecology and Environment Bureau",
                "published": "2025-12",
                "kind": "final",
                "url": "",
            }
        ],
    )
    append_rows(
        ind / "observations.csv",
        [
            {
                "indicator_id": "pm25",
                "year": "2025",
                "role": "actual",
                "value": "19.8",
                "value_text_zh": "",
                "qualifier": "",
                "source_id": "eval-2025",
                "source_section": "一(二)1(2)",
                "derived": "false",
                "note_zh": "",
            }
        ],
    )
    with (ind / "assessments.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["source_id"] == "eval-2024"]
    later = [
        dict(r, source_id="eval-2025", reported_progress_pct="", recommendation_kind=r["recommendation_kind"])
        for r in rows
    ]
    for r in later:
        if r["indicator_id"] == "eqi":
            r["status"] = "on_track"
            r["reason_zh"] = r["reason_en"] = ""  # a reason belongs only to 需加快推进 / 建议调整
    append_rows(ind / "assessments.csv", later)
    versions = bump(ind / "datapackage.json")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "final evaluation")
    site = repo / "site"
    result = build(site, data)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return repo, site, versions


def test_both_rounds_on_the_indicator_page(two_rounds):
    _, site, _ = two_rounds
    html = (site / "indicators" / "pm25" / "index.html").read_text(encoding="utf-8")
    assert "终期评估报告（测试）" in html and "实施情况评估报告" in html
    assert "19.8微克/立方米" in html  # the latest value now comes from the later round
    eqi = (site / "indicators" / "eqi" / "index.html").read_text(encoding="utf-8")
    assert "需加快推进" in eqi and "符合预期" in eqi  # both verdicts in the history


def test_both_rounds_in_the_changelog(two_rounds):
    _, site, (old, new) = two_rounds
    html = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "final evaluation" in html
    assert "pm25 · 2025 · actual · eval-2025" in html
    assert f"{old} → {new}" in html


def test_changelog_shows_old_and_new_value(tmp_path):
    repo = tmp_path
    shutil.copytree(DATAPACKAGES, repo / "datapackages")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "before")
    obs = repo / "datapackages" / "indicators" / "observations.csv"
    obs.write_text(
        obs.read_text(encoding="utf-8").replace("pm25,2023,actual,20.5,", "pm25,2023,actual,20.4,"), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "correct PM2.5")
    revisions = changelog.history(repo / "datapackages", list(PACKAGE_NAMES))
    assert revisions[0].subject == "correct PM2.5"
    change = revisions[0].tables[0]
    assert (change.package, change.resource) == ("indicators", "observations")
    assert ("pm25 · 2023 · actual · eval-2024", "value", "20.5", "20.4") in change.changed
    notes = changelog.markdown(revisions)
    assert "20.5 → 20.4" in notes


def _history_available() -> bool:
    try:
        return (
            int(
                subprocess.run(
                    ["git", "-C", str(ROOT), "rev-list", "--count", "HEAD"], capture_output=True, text=True
                ).stdout.strip()
                or 0
            )
            > 1
        )
    except (OSError, ValueError):
        return False


@pytest.mark.skipif(not _history_available(), reason="needs the repository's git history")
@pytest.mark.parametrize("package", PACKAGE_NAMES)
def test_version_changes_when_the_data_does(package):
    """The data of a package may not change after its version was set, without a new version."""
    path = f"datapackages/{package}"
    current = json.loads((ROOT / path / "datapackage.json").read_text(encoding="utf-8"))["version"]
    commits = git(ROOT, "log", "--format=%H", "--", f"{path}/datapackage.json").split()
    set_at = None
    for commit in commits:  # newest first: find where the current version value first appeared
        try:
            version = json.loads(git(ROOT, "show", f"{commit}:{path}/datapackage.json"))["version"]
        except subprocess.CalledProcessError:
            break
        if version != current:
            break
        set_at = commit
    assert set_at, f"{package}: version {current} is not committed yet"
    changed = git(ROOT, "diff", "--name-only", set_at, "--", f"{path}/*.csv").split()
    assert not changed, (
        f"数据包 {package} 的数据在版本 {current} 设定之后又修改了（{', '.join(changed)}）：请提高 datapackage.json 中的 version"
    )
