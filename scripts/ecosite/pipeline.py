"""The whole pipeline, top to bottom: load → validate → derive → render (charts, pages, downloads).

`prepare()` is what the mkdocs hook and the macros module call; it is memoised
on a fingerprint of the data, so mkdocs-macros and the hook share one run and
`mkdocs serve` recomputes only when a data file changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import pages
from .charts import Chart
from .derive import Derived, derive
from .downloads import Download, build_downloads, chart_files
from .load import load_tables
from .paths import CACHE, DATAPACKAGES
from .problems import DataInvalid
from .validate import validate_all


@dataclass
class Build:
    derived: Derived
    pages: dict[str, str]  # generated Markdown, by path inside docs/
    pages_en: dict[str, str]  # the English twins generated so far, by the same paths (inside docs/en)
    charts: list[Chart]
    downloads: list[Download]
    fingerprint: str

    def assets(self) -> dict[str, bytes]:
        """Every non-page file the site serves: downloads, API, chart specs and data."""
        files = {dl.path: dl.content for dl in self.downloads}
        for chart in self.charts:
            files[f"charts/{chart.id}.vl.json"] = json.dumps(chart.spec, ensure_ascii=False).encode("utf-8")
            files.update(chart_files(chart))
        files["assets/vendor/vega-bundle.js"] = vega_bundle()
        return files


_memo: dict[tuple, Build] = {}
# Generated pages whose English twin is complete (paths inside docs/, prefixes); the rest are Chinese only for now.
EN_READY = ("source/", "report.md")


def fingerprint(root: Path = DATAPACKAGES) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(root: Path = DATAPACKAGES, site_url: str = "") -> Build:
    key = (str(root), site_url, fingerprint(root))
    if key in _memo:
        return _memo[key]
    problems = validate_all(root)
    if problems:
        raise DataInvalid(problems)
    derived = derive(load_tables(root))
    changed, first = last_data_change(root), last_data_change(root, first=True)
    generated = pages.generate(derived, site_url, max(changed.values()) if changed else None)
    downloads = build_downloads(derived, changed, site_url, generated.revisions)
    generated.pages["downloads.md"] = pages.downloads_page(derived, downloads, site_url, changed)
    pages.add_downloads_and_catalogue(generated.pages, derived, downloads, site_url, changed, first)
    english = pages.generate(derived, site_url, max(changed.values()) if changed else None, lang="en")
    ready = {p: md for p, md in english.pages.items() if p.startswith(EN_READY)}
    build = Build(derived, generated.pages, ready, _unique(generated.charts), downloads, key[2])
    _memo.clear()
    _memo[key] = build
    return build


def pages_for(build: Build, lang: str) -> dict[str, str]:
    """The generated pages of one language, {path inside that language's docs: Markdown}; the one place the mkdocs
    hooks ask for them. Both languages use the same paths (the language switch relies on it).

    "zh": every generated page. "en": the home page (ecosite.english) and the English twins rendered so far by
    `pages.generate(..., lang="en")` (EN_READY).
    """
    if lang == "zh":
        return build.pages
    if lang == "en":
        from . import english

        return {**english.pages(build), **build.pages_en}
    raise ValueError(f"没有语言 {lang!r} 的页面（只有 zh、en）")


def last_data_change(root: Path = DATAPACKAGES, first: bool = False) -> dict[str, str]:
    """Date of the last (or, with `first`, the first) commit that touched each package (empty outside a git checkout)."""
    import subprocess

    dates = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        args = (
            ["git", "log", "--format=%cs", "--", str(folder)]
            if first
            else ["git", "log", "-1", "--format=%cs", "--", str(folder)]
        )
        try:
            out = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=20)
            if out.returncode == 0 and out.stdout.strip():
                dates[folder.name] = out.stdout.split()[-1] if first else out.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return dates


def _unique(charts: list[Chart]) -> list[Chart]:
    seen: dict[str, Chart] = {}
    for chart in charts:
        seen.setdefault(chart.id, chart)
    return list(seen.values())


def vega_bundle() -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one file served by the site itself (no CDN), cached on disk."""
    from importlib.metadata import version

    import vl_convert as vlc

    cached = CACHE / f"vega-bundle-{version('vl-convert-python')}.js"  # once per vl-convert version
    if not cached.exists():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(vlc.javascript_bundle(), encoding="utf-8")
    return cached.read_bytes()
