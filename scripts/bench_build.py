"""Benchmark the build (not a test): cold build, warm rebuild, a bare mkdocs build of the same pages, and page sizes.

    .venv/bin/python scripts/bench_build.py

Cold: no on-disk cache (charts are rendered, the Vega bundle is made).
Warm: the same command again with nothing changed (cache used).
Bare: mkdocs-material alone on the already generated Markdown (no hook, no macros,
no data pipeline), i.e. the floor that our pipeline adds to.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecosite import pipeline  # noqa: E402
from ecosite.paths import CACHE, DOCS, ROOT  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def timed(cmd: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def bare_build(out: Path) -> float:
    """Write the generated pages out as plain Markdown and build them with mkdocs-material alone."""
    build = pipeline.prepare()
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(DOCS, docs)
        for path, text in build.pages.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for path, content in build.assets().items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        for name in ("methodology.md", "about.md", "contributing.md"):
            (docs / name).write_text("# " + name, encoding="utf-8")  # macros are not part of a bare build
        (Path(tmp) / "mkdocs.yml").write_text(
            "site_name: bare\ndocs_dir: docs\ntheme:\n  name: material\n  language: zh\n  font: false\n"
            "plugins:\n  - search\nmarkdown_extensions: [admonition, attr_list, tables, pymdownx.details]\n", encoding="utf-8")
        return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=Path(tmp))


def first_load_bytes(site: Path, page: str) -> int:
    """HTML plus the CSS and JS it references (the lazily loaded Vega bundle is not part of first load)."""
    import re

    html_path = site / page / "index.html"
    html = html_path.read_text(encoding="utf-8")
    total = len(html.encode())
    for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css))', html):
        target = (html_path.parent / ref).resolve()
        if target.exists():
            total += target.stat().st_size
    return total


def sizes(site: Path) -> None:
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"site on disk {total / 1e6:6.1f} MB in {sum(1 for _ in site.rglob('*.html'))} pages")
    for page in ("", "indicators", "indicators/pm25", "projects", "figures"):
        print(f"first load   {first_load_bytes(site, page) / 1e3:6.0f} kB   /{page}")
    print(f"vega bundle  {(site / 'assets/vendor/vega-bundle.js').stat().st_size / 1e3:6.0f} kB   (loaded only when a chart nears the viewport)")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        shutil.rmtree(CACHE, ignore_errors=True)
        cold = timed([sys.executable, "scripts/build.py", "--site-dir", str(site)])
        warm = timed([sys.executable, "scripts/build.py", "--site-dir", str(site)])
        bare = bare_build(Path(tmp) / "bare")
        sizes(site)
    print(f"cold build   {cold:6.1f} s")
    print(f"warm rebuild {warm:6.1f} s   ({warm / cold:.2f} × cold)")
    print(f"bare mkdocs  {bare:6.1f} s   (cold is {cold / bare:.2f} × bare, warm is {warm / bare:.2f} × bare)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
