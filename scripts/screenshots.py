"""Screenshots of every page kind for review: phone width (390 px) in light and dark mode, optionally desktop.

    python scripts/screenshots.py                      # site/ → screenshots/ (build the site first: scripts/site.sh)
    python scripts/screenshots.py --site /tmp/site --out /tmp/shots --width 390 --width 1366 --full-page

One PNG per page kind, width and colour scheme, named <kind>-<width>-<light|dark>.png. Uses Debian's chromium
through Playwright (the test tools: EXTRAS=test bash scripts/setup-env.sh) and serves the site on localhost,
so nothing leaves the machine. The screenshots are for people; the tests check the rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# The same Debian Chromium and flags as the browser tests (tests/chromium.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from chromium import ARGS, CHROMIUM  # noqa: E402
from ecosite.paths import ROOT, SITE  # noqa: E402


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind the site has (the first one found, so a renamed page does not break the script)."""
    # Every top-level page is a kind of its own; folders of many pages (indicators/<id>/, tasks/<column>/,
    # source/<section>/) add their first page as one more kind. Found on disk, so a new page is covered.
    kinds = {"home": ""}
    for index in sorted(site.glob("*/index.html")):
        if index.parent.name not in ("search", "assets", "charts", "data"):
            kinds[index.parent.name] = index.parent.name + "/"
    firsts = {"indicator": "indicators", "task-column": "tasks", "source-section": "source"}
    for kind, folder in firsts.items():
        pages = sorted(p.parent for p in (site / folder).glob("*/index.html"))
        if pages:
            kinds[kind] = pages[0].relative_to(site).as_posix() + "/"
    kinds["404"] = "no-such-page/"
    return kinds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=SITE)
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--width", type=int, action="append", help="viewport width in CSS px (repeatable; default 390)")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} 中没有构建好的网站：请先运行 bash scripts/site.sh")
    from playwright.sync_api import sync_playwright

    from sitebuild import Server

    args.out.mkdir(parents=True, exist_ok=True)
    server = Server(args.site)
    written = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for width in args.width or [390]:
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": 844 if width < 800 else 900},
                        color_scheme=scheme,
                        device_scale_factor=1,
                    )
                    page = context.new_page()
                    for kind, path in page_kinds(args.site).items():
                        page.goto(server.url + path, wait_until="networkidle")
                        target = args.out / f"{kind}-{width}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=args.full_page)
                        written += 1
                    context.close()
            browser.close()
    finally:
        server.close()
    print(f"{written} 张截图已写入 {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
