"""Benchmark the build and the built site (not a test: numbers, no pass/fail).

    .venv/bin/python scripts/bench_build.py [--repeat N] [--no-browser] [--site DIR] [--lighthouse PATH]

Build times, as CPU seconds of the build process (user + system, less sensitive to a busy machine than
wall time, which is printed too) and as ratios to a bare mkdocs build of the same site, all measured in
one run:
  cold   no on-disk cache (.cache removed: charts rendered, Vega bundle made, changelog diffs computed)
  warm   the same command again with nothing changed
  edit   warm, after a one-cell edit of a CSV (restored afterwards)
  emit   warm with --emit DIR: the same build, also writing the portable folder (ecosite.emit; printed, not a ratio)
  bare   mkdocs-material alone on that folder, both languages (`mkdocs build -f mkdocs.yml`, then mkdocs.en.yml):
         every page after macros and every generated file, no hook, no macros, no overrides, no data pipeline
  zensical   the same folder built by Zensical, when `zensical` is on PATH or given with --zensical (not a
         project dependency: pip install zensical in a scratch virtualenv)

The built site, in headless Chromium (Debian's chromium):
  first view   gzip bytes of every response a page fetches before any interaction (HTML, CSS, JS, worker,
               anything else), for home, an indicator page and projects
  search       index size raw and gzip; hit rate of tests/test_search.py's reader queries (expected page in
               the top 3); time from opening search to the first result on screen
  lighthouse   mobile performance score and total blocking time of the three pages, when `lighthouse`
               (npm) is on PATH or given with --lighthouse

Numbers from a shared or busy machine are noisy: compare runs on the same machine, use --repeat.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The benchmark drives the same Chromium and static server as the browser tests (tests/chromium.py, sitebuild.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from ecosite.paths import CACHE, DATAPACKAGES, ROOT  # noqa: E402
from ecosite.publish import CONFIGS  # noqa: E402

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
PAGE_KINDS = {"home": "", "indicator": "indicators/forest-cover/", "projects": "projects/"}
EDIT = ("indicators/indicators.csv", "forest-cover", "name_en")  # the one cell the "edit" build changes


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child processes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=ENV, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def build(site: Path) -> tuple[float, float]:
    return timed([sys.executable, "-m", "ecosite.publish", "--site-dir", str(site)])


def emit_build(site: Path, folder: Path) -> tuple[float, float]:
    """A warm build that also writes the portable folder (ecosite-build --emit)."""
    return timed([sys.executable, "-m", "ecosite.publish", "--site-dir", str(site), "--emit", str(folder)])


def bare_build(folder: Path) -> tuple[float, float]:
    """mkdocs-material alone on the emitted folder: the Chinese site, then the English one into its en/ (as the full
    build does). The same pages and files as the full build, so the ratio is what the project's pipeline, hooks and
    macros cost."""
    runs = [timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", name], cwd=folder) for name, _ in CONFIGS]
    return sum(r[0] for r in runs), sum(r[1] for r in runs)


def zensical_build(folder: Path, command: str) -> tuple[float, float]:
    """Zensical on the same folder, both configurations, its cache cleared first (--clean)."""
    runs = [timed([command, "build", "--clean", "-f", name], cwd=folder) for name, _ in CONFIGS]
    return sum(r[0] for r in runs), sum(r[1] for r in runs)


def edit_one_cell() -> tuple[Path, bytes]:
    """Change one text cell in place (the caller restores the file)."""
    import csv
    import io

    file, row_id, column = EDIT
    path = DATAPACKAGES / file
    original = path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(original.decode("utf-8"))))
    for row in rows:
        if row["id"] == row_id:
            row[column] += " (bench)"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path, original


def browser_figures(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    from sitebuild import Server
    from test_browser import ARGS, CHROMIUM
    from test_search import run_queries, search_ready

    index = (site / "search" / "search_index.json").read_bytes()
    print(f"search index {len(index) / 1e3:7.0f} kB raw, {len(gzip.compress(index)) / 1e3:5.0f} kB gzip")
    server = Server(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for kind, path in PAGE_KINDS.items():
                context = browser.new_context(
                    viewport={"width": 412, "height": 823}, is_mobile=True, device_scale_factor=2
                )
                page = context.new_page()
                responses: list = []
                page.on("response", responses.append)
                page.goto(server.url + path, wait_until="networkidle")
                raw = packed = 0
                for response in responses:
                    try:
                        body = response.body()
                    except Exception:  # redirects and the like have no body
                        continue
                    raw += len(body)
                    packed += len(gzip.compress(body))
                print(
                    f"first view   {packed / 1e3:7.0f} kB gzip ({raw / 1e3:5.0f} kB raw, {len(responses)} requests)   {kind}: /{path}"
                )
                context.close()
            # Time to first result: open search and type at once, as a reader does; the query runs when the index is ready.
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url, wait_until="networkidle")
            page.click("input.md-search__input")
            page.keyboard.insert_text("森林覆盖率")
            page.keyboard.press("End")
            page.wait_for_function("document.documentElement.dataset.searchDone === '森林覆盖率'", timeout=300_000)
            first = page.evaluate(
                "performance.getEntriesByName('search-result')[0].startTime - performance.getEntriesByName('search-requested')[0].startTime"
            )
            print(
                f"search       {first:7.0f} ms from opening search to the first result (index fetch + worker set-up + query)"
            )
            page.goto(server.url, wait_until="load")
            search_ready(page)
            results = run_queries(page)
            hits = sum(expected in got for _, expected, got in results)
            print(
                f"search       {hits}/{len(results)} reader queries find the expected page in the top 3 ({hits / len(results):.0%})"
            )
            for query, expected, got in results:
                if expected not in got:
                    print(f"             miss: {query} → {got} (expected {expected})")
            context.close()
            browser.close()
    finally:
        server.close()


class GzipServer:
    """A static server for the built site that compresses as GitHub Pages does: the `.gz` copy the build wrote
    when there is one, else gzip on the fly for text types, when the client accepts gzip. Lighthouse and the
    first-view figures then see transfer sizes a reader's phone would see."""

    TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".map", ".webmanifest"}

    def __init__(self, directory: Path):
        import functools
        import http.server
        import threading

        text = self.TEXT

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_head(self):
                path = Path(self.translate_path(self.path))
                if path.is_dir():
                    path = path / "index.html"
                accepts = "gzip" in self.headers.get("Accept-Encoding", "")
                if not (accepts and path.is_file() and path.suffix in text) or not self.path.split("?")[0].endswith(
                    ("/", path.name)
                ):
                    return super().send_head()
                copy = path.with_name(path.name + ".gz")
                body = copy.read_bytes() if copy.is_file() else gzip.compress(path.read_bytes(), mtime=0)
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                import io

                return io.BytesIO(body)

        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(directory))
        )
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def lighthouse(site: Path, command: str, runs: int = 3) -> None:
    """Lighthouse mobile performance, total blocking time and transferred bytes per page, median of `runs`."""
    if not shutil.which(command):
        print(f"lighthouse   not run: {command} not found (npm install --prefix /tmp/lh lighthouse)")
        return
    server = GzipServer(site)
    env = dict(os.environ, CHROME_PATH=shutil.which("chromium") or "/usr/bin/chromium")
    try:
        for kind, path in PAGE_KINDS.items():
            scores, tbts, lcps, bytes_ = [], [], [], []
            for _ in range(runs):
                with tempfile.TemporaryDirectory() as tmp:
                    out = Path(tmp) / "report.json"
                    subprocess.run(
                        [
                            command,
                            server.url + path,
                            "--quiet",
                            "--form-factor=mobile",
                            "--only-categories=performance",
                            "--output=json",
                            f"--output-path={out}",
                            "--chrome-flags=--headless=new --no-sandbox",
                        ],
                        env=env,
                        check=True,
                        capture_output=True,
                        timeout=600,
                    )
                    report = json.loads(out.read_text(encoding="utf-8"))
                audits = report["audits"]
                scores.append(report["categories"]["performance"]["score"] * 100)
                tbts.append(audits["total-blocking-time"]["numericValue"])
                lcps.append(audits["largest-contentful-paint"]["numericValue"] / 1e3)
                bytes_.append(audits["total-byte-weight"]["numericValue"] / 1e3)
            med = statistics.median
            print(
                f"lighthouse   {med(scores):3.0f} mobile performance   TBT {med(tbts):4.0f} ms   "
                f"LCP {med(lcps):4.1f} s   {med(bytes_):4.0f} kB transferred   {kind}: /{path}   "
                f"(median of {runs}: scores {', '.join(f'{x:.0f}' for x in scores)}; TBT {', '.join(f'{x:.0f}' for x in tbts)})",
                flush=True,
            )
    finally:
        server.close()


def print_builds(cold, warm, edit, emitted, bare, zensical, repeat: int) -> None:
    def med(runs: list[tuple[float, float]], i: int) -> float:
        return statistics.median(r[i] for r in runs)

    bare_cpu, bare_wall = med(bare, 1), med(bare, 0)
    print(f"{'':13} {'cpu s':>7} {'× bare':>7}   {'wall s':>7} {'× bare':>7}")
    rows = [("cold build", [cold]), ("warm build", warm), ("one-cell edit", edit), ("warm + emit", emitted)]
    rows += [("bare mkdocs", bare)] + ([("zensical", zensical)] if zensical else [])
    for name, runs in rows:
        cpu, wall = med(runs, 1), med(runs, 0)
        print(f"{name:13} {cpu:7.1f} {cpu / bare_cpu:7.2f}   {wall:7.1f} {wall / bare_wall:7.2f}")
    print(
        f"(median of {repeat} for warm, edit, emit, bare and zensical; cold once. bare = mkdocs-material alone on the "
        "folder `ecosite-build --emit` wrote: the same pages after macros and the same files, both languages)",
        flush=True,
    )


def default_lighthouse() -> str:
    """`lighthouse` on PATH, else the scratch install the README suggests."""
    return shutil.which("lighthouse") or str(Path("/tmp/lh/node_modules/.bin/lighthouse"))


def time_tests() -> int:
    """Wall time of the non-browser suite and of the whole suite (issue 14 targets: under 90 s and under 4 minutes on
    a 2-core machine). Each run is one pytest process; tests build their sites in that process."""
    rc = 0
    for label, extra in (("tests without browser", ["-m", "not browser"]), ("whole test suite", [])):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra], cwd=ROOT, env=ENV
        )
        print(f"{label:22s} {time.perf_counter() - start:7.1f} s wall (exit {result.returncode})", flush=True)
        rc = rc or result.returncode
    return rc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--repeat", type=int, default=1, help="warm, edit and bare builds this many times; medians are printed"
    )
    parser.add_argument("--no-browser", action="store_true", help="skip first-view bytes, search and Lighthouse")
    parser.add_argument("--site", type=Path, help="measure this already built site only (no builds)")
    parser.add_argument(
        "--lighthouse",
        nargs="?",
        const=default_lighthouse(),
        metavar="PATH",
        help="Lighthouse only: mobile score, TBT, LCP and transferred bytes of the three pages (median of --runs); "
        "PATH of the lighthouse command, default: on PATH or /tmp/lh",
    )
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the median is printed)")
    parser.add_argument(
        "--zensical",
        metavar="PATH",
        default=shutil.which("zensical"),
        help="the zensical command: also time Zensical on the emitted folder (default: zensical on PATH, if any)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        metavar="N",
        help="build a synthetic copy of the data N times as large and print time and peak memory per stage",
    )
    parser.add_argument(
        "--until",
        default="mkdocs",
        choices=("validate", "derive", "pages", "downloads", "mkdocs"),
        help="with --scale: stop after this stage",
    )
    parser.add_argument(
        "--tests", action="store_true", help="time the test suite instead: without browser tests, then the whole suite"
    )
    args = parser.parse_args()
    if args.tests:
        return time_tests()
    # A benchmark stopped with kill still restores the CSV cell it edits (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    if args.scale:
        from bench_scale import run_scale

        return run_scale(args.scale, until=args.until)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.lighthouse is not None:
            if not args.site:
                build(site)
            lighthouse(site, args.lighthouse, args.runs)
            return 0
        if not args.site:

            def note(name: str, run: tuple[float, float]) -> tuple[float, float]:
                print(f"  {name:13} {run[1]:7.1f} cpu s {run[0]:7.1f} wall s", flush=True)  # as it goes
                return run

            shutil.rmtree(CACHE, ignore_errors=True)
            cold = note("cold build", build(site))
            warm, edit, emitted, bare, zensical = [], [], [], [], []
            folder = Path(tmp) / "portable"
            for i in range(args.repeat):
                warm.append(note("warm build", build(site)))
                path, original = edit_one_cell()
                try:
                    edit.append(note("one-cell edit", build(Path(tmp) / f"edited{i}")))
                finally:
                    path.write_bytes(original)
                emitted.append(note("warm + emit", emit_build(Path(tmp) / f"emitted{i}", folder)))
                bare.append(note("bare mkdocs", bare_build(folder)))
                if args.zensical:
                    zensical.append(note("zensical", zensical_build(folder, args.zensical)))
            print_builds(cold, warm, edit, emitted, bare, zensical, args.repeat)
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br"))
        print(
            f"site on disk {total / 1e6:7.1f} MB in {sum(1 for _ in site.rglob('*.html'))} pages (without .gz/.br copies)"
        )
        vega = site / "assets/vendor/vega-bundle.js"
        print(
            f"vega bundle  {vega.stat().st_size / 1e3:7.0f} kB raw, {len(gzip.compress(vega.read_bytes())) / 1e3:5.0f} kB gzip (loaded only when a reader asks for an interactive chart)"
        )
        if not args.no_browser:
            browser_figures(site)
            lighthouse(site, default_lighthouse(), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
