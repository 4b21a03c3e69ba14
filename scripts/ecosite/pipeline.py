"""The whole pipeline, top to bottom: load → validate → derive → the outputs (ecosite.outputs, in one pass).

`prepare(config)` is what the mkdocs hooks and the macros module call; it is memoised
on the Config and a fingerprint of the data, so mkdocs-macros and the hooks share one run and
`mkdocs serve` recomputes only when a data file changes. Every input comes from the `Config`
argument (ecosite.config); nothing here reads the environment.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import changelog, outputs
from .charts import Chart
from .config import Config
from .derive import Derived, derive
from .downloads import Download, chart_files
from .inputs import Inputs
from .model import Site, build_model
from .paths import CACHE
from .problems import DataInvalid
from .validate import validate


@dataclass
class Build:
    derived: Derived
    pages: dict[str, str]  # generated Markdown, by path inside docs/
    charts: list[Chart]
    downloads: list[Download]
    fingerprint: str
    config: Config
    changed: dict[str, str]  # package → date of its last data change (git)
    site: Site  # the typed model every output is moving to (ecosite.model)
    pages_en: dict[str, str] = field(default_factory=dict)  # the English pages generated so far, same paths

    def assets(self) -> dict[str, bytes]:
        """Every non-page file the site serves: downloads, API, chart specs and data."""
        files = {dl.path: dl.content for dl in self.downloads}
        for chart in self.charts:
            files[f"charts/{chart.id}.vl.json"] = json.dumps(chart.spec, ensure_ascii=False).encode("utf-8")
            files.update(chart_files(chart))
        files["assets/vendor/vega-bundle.js"] = vega_bundle()
        return files


_memo: dict[tuple, Build] = {}
MEMO_SIZE = 4  # builds kept: a test session builds a few data copies and returns to the real data in between


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare(config: Config) -> Build:
    """Validate, derive and render everything the site serves from config.data (raises DataInvalid)."""
    root = config.data
    key = (root, config.site_url, config.lang, fingerprint(root))  # the output folder does not change the result
    if key in _memo:
        return _memo[key]
    tables, problems = validate(root)  # the tables the validator parsed are the ones the build uses
    if problems or tables is None:
        raise DataInvalid(problems)
    derived = derive(tables)
    inputs = Inputs(
        derived,
        config.site_url,
        last_data_change(root),
        last_data_change(root, first=True),
        changelog.history(root, list(tables.packages), changelog.LIMIT),
    )
    made = outputs.run(inputs)  # every output once, in build order (ecosite.outputs)
    build = Build(
        derived,
        made.pages.get("zh", {}),
        _unique(made.charts),
        made.downloads,
        key[-1],
        config,
        inputs.changed,
        build_model(derived),
        made.pages.get("en", {}),
    )
    while len(_memo) >= MEMO_SIZE:
        del _memo[next(iter(_memo))]  # the oldest
    _memo[key] = build
    return build


def pages_for(build: Build, lang: str) -> dict[str, str]:
    """The generated pages of one language, {path inside that language's docs: Markdown}; the one place the mkdocs
    hooks ask for them. Both languages use the same paths (the language switch relies on it).

    "zh": every generated page. "en": the pages whose outputs list English among their languages (ecosite.outputs).
    """
    if lang == "zh":
        return build.pages
    if lang == "en":
        return build.pages_en
    raise ValueError(f"没有语言 {lang!r} 的页面（只有 zh、en）")


def last_data_change(root: Path, first: bool = False) -> dict[str, str]:
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
