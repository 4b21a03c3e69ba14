"""What changed in the data between two git revisions: rows added and removed, and each
changed field with its old and new value. Feeds the site's changelog page and release notes.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from .escape import text

MANY = 15  # above this many added/removed rows in one table, say how many instead of listing them
LIMIT = 30  # data commits the site shows (changelog page, Atom feed): the build reads this many


@dataclass
class TableChange:
    package: str
    resource: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (row key, field, old, new)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class Revision:
    commit: str
    date: str
    subject: str
    versions: dict[str, tuple[str, str]]  # package → (old version, new version) where it changed
    tables: list[TableChange]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def _repo_of(data_root: Path) -> tuple[Path, str]:
    top = Path(_git(data_root, "rev-parse", "--show-toplevel").strip())
    return top, data_root.resolve().relative_to(top.resolve()).as_posix()


def _read_at(repo: Path, rev: str | None, path: str) -> str | None:
    """File text at a revision (None: the working tree); None when it does not exist there."""
    if rev is None:
        p = repo / path
        return p.read_text(encoding="utf-8") if p.exists() else None
    try:
        return _git(repo, "show", f"{rev}:{path}")
    except subprocess.CalledProcessError:
        return None


def diff(
    repo: Path, prefix: str, old: str | None, new: str | None, packages: list[str]
) -> tuple[dict, list[TableChange]]:
    versions, tables = {}, []
    for package in packages:
        old_desc = _read_at(repo, old, f"{prefix}/{package}/datapackage.json")
        new_desc = _read_at(repo, new, f"{prefix}/{package}/datapackage.json")
        if new_desc is None:
            continue
        new_d = json.loads(new_desc)
        old_d = json.loads(old_desc) if old_desc else {}
        if old_d.get("version") != new_d.get("version"):
            versions[package] = (old_d.get("version", "—"), new_d.get("version", "—"))
        for r in new_d["resources"]:
            key = r["schema"].get("primaryKey") or [r["schema"]["fields"][0]["name"]]
            before = _frame(_read_at(repo, old, f"{prefix}/{package}/{r['path']}"), key)
            after = _frame(_read_at(repo, new, f"{prefix}/{package}/{r['path']}"), key)
            change = _table_change(package, r["name"], before, after)
            if change:
                tables.append(change)
    return versions, tables


def _frame(text: str | None, key: list[str]) -> pd.DataFrame:
    if not text:
        return pd.DataFrame()
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    if not set(key) <= set(frame.columns):
        return frame
    frame.index = frame[key].agg(" · ".join, axis=1)
    return frame[~frame.index.duplicated()]


def _table_change(package: str, resource: str, before: pd.DataFrame, after: pd.DataFrame) -> TableChange:
    change = TableChange(package, resource)
    old_keys, new_keys = set(before.index), set(after.index)
    change.added = [k for k in after.index if k not in old_keys]
    change.removed = [k for k in before.index if k not in new_keys]
    common = [k for k in after.index if k in old_keys]
    if common:
        old = before.reindex(index=common, columns=after.columns, fill_value="")  # a new column was empty before
        new = after.loc[common]
        differs = (old != new).stack()
        for key, col in differs[differs].index:
            change.changed.append((key, col, str(old.at[key, col]), str(new.at[key, col])))
    return change


def history(data_root: Path, packages: list[str], limit: int = 30) -> list[Revision]:
    """Commits that touched the data, newest first, each compared with its parent."""
    try:
        repo, prefix = _repo_of(data_root)
        log = _git(repo, "log", f"-{limit}", "--format=%H%x09%cs%x09%s", "--", prefix)
    except (subprocess.CalledProcessError, OSError, ValueError):
        return []
    revisions = []
    for line in log.splitlines():
        commit, date, subject = line.split("\t", 2)
        versions, tables = _commit_diff(repo, prefix, commit, packages)
        if versions or tables:
            revisions.append(Revision(commit[:10], date, subject, versions, tables))
    return revisions


CACHE_VERSION = "1"  # raise when diff() or TableChange change, so cached diffs are recomputed


def _commit_diff(repo: Path, prefix: str, commit: str, packages: list[str]) -> tuple[dict, list[TableChange]]:
    """One commit against its parent. A commit never changes, so its diff is cached on disk by commit id
    (walking the history cost seconds on every build)."""
    from .paths import CACHE

    key = hashlib.sha256(json.dumps([CACHE_VERSION, commit, prefix, packages]).encode()).hexdigest()[:24]
    cached = CACHE / "changelog" / f"{key}.json"
    if cached.exists():
        data = json.loads(cached.read_text(encoding="utf-8"))
        versions = {k: tuple(v) for k, v in data["versions"].items()}
        tables = [
            TableChange(t["package"], t["resource"], t["added"], t["removed"], [tuple(c) for c in t["changed"]])
            for t in data["tables"]
        ]
        return versions, tables
    parent = _git(repo, "rev-list", "--parents", "-n", "1", commit).split()[1:2]
    versions, tables = diff(repo, prefix, parent[0] if parent else None, commit, packages)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(
        json.dumps({"versions": versions, "tables": [asdict(t) for t in tables]}, ensure_ascii=False), encoding="utf-8"
    )
    return versions, tables


def markdown(revisions: list[Revision]) -> str:
    """Release notes: one section per revision, one bullet per change.

    Every value from the data or from git (keys, field values, commit subjects) goes through escape.text, so
    the notes (e.g. the CI job summary) show `<script>` or `[x](javascript:…)` as text, never as markup or links.
    """
    out = []
    for rev in revisions:
        out.append(f"### {text(rev.date)} · {text(rev.subject)} ({text(rev.commit)})\n")
        for package, (old, new) in rev.versions.items():
            out.append(f"- 数据包 **{text(package)}** 版本 {text(old)} → {text(new)}")
        for t in rev.tables:
            where = f"{text(t.package)}/{text(t.resource)}"
            for label, keys in (("新增", t.added), ("删除", t.removed)):
                if len(keys) > MANY:
                    out.append(f"- {where}：{label} {len(keys)} 行")
                else:
                    out += [f"- {where}：{label} {text(k)}" for k in keys]
            if len(t.changed) > MANY * 2:
                out.append(f"- {where}：修改 {len(t.changed)} 处")
            else:
                out += [
                    f"- {where}：{text(k)} 的 {text(col)}：{text(old) or '（空）'} → {text(new) or '（空）'}"
                    for k, col, old, new in t.changed
                ]
        out.append("")
    return "\n".join(out)
