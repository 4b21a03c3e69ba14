"""Scale benchmark: the whole build on a synthetic copy of the data N times as large (not a test).

    .venv/bin/python scripts/bench_build.py --scale 10
    .venv/bin/python scripts/bench_scale.py --scale 10 [--profile DIR]

`synthesize()` writes a copy of datapackages/ in which every row that the site turns into a page, a table
row or a chart mark is repeated N times under new ids: indicators (with their observations, assessments,
cross-listings and discrepancies), key figures, projects, monitoring items and special-column tasks. Keys
stay consistent (copies point to copies), every foreign key stays valid, and every number still stands in
the report section it cites, because the copies cite the same sections with the same values; names get a
copy mark every few characters, so no two copies share a long run of text (the validator treats names that
do as the same thing entered twice). The report itself, the code lists and the plan's fixed structure
(16 special columns, 7 areas, 27 major tasks, whose counts the report states) are not copied. The report's
stated indicator counts are moved to a second, synthetic evaluation round (not in the stored report text, so
its counts are not looked up there) with every count ×N and one assessment per indicator.

`run_stages()` then runs the pipeline stage by stage in one process and prints wall and CPU seconds, seconds
per page and the peak resident memory after each stage (resource.getrusage; it only grows): validate, derive,
charts (time inside ecosite.charts, wherever it is called from), pages and downloads (one pass of the output
registry, ecosite.outputs, each output's time counted in one of them: downloads = files, catalogue, API, XLSX,
SQLite and the downloads page) and mkdocs (markdown, theme, search index, writing and compressing
files). Compare ×1, ×10 and ×50: a stage whose time per page grows with N grows faster than the data.
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SYNTHETIC_SOURCE = "synthetic-round"


# ---- synthetic data ---------------------------------------------------------------------------------------


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _mark(k: int) -> str:
    """One rare Han character per copy (CJK extension A), unique to copy k."""
    return chr(0x3400 + k)


def _name(text: str, k: int, limit: int) -> str:
    """The name with copy k's mark after every fifth character: two copies share runs of at most five."""
    if not text:
        return text
    m = _mark(k)
    out = "".join(c + (m if i % 5 == 4 else "") for i, c in enumerate(text))
    return (m + out)[:limit].rstrip()


def _en(text: str, k: int) -> str:
    return f"{text} (copy {k})" if text else text


def _id(value: str, k: int) -> str:
    return f"{value}-x{k}" if value else value


def synthesize(source: Path, target: Path, n: int) -> dict[str, int]:
    """Copy `source` (a datapackages folder) to `target` with the data repeated n times; returns row counts."""
    shutil.copytree(source, target)
    ind, tasks, proj, mon = (target / p for p in ("indicators", "tasks", "projects", "monitoring"))
    copies = range(1, n)

    def scale(path: Path, copy_row) -> int:
        header, rows = _read(path)
        out = list(rows)
        for k in copies:
            out += [copy_row(dict(r), k) for r in rows]
        _write(path, header, out)
        return len(out)

    counts = {}

    def indicator(r, k):
        r["id"], r["parent_id"] = _id(r["id"], k), _id(r["parent_id"], k)
        r["position"] = str(int(r["position"]) + 1000 * k)
        r["name_zh"], r["name_en"] = _name(r["name_zh"], k, 60), _en(r["name_en"], k)
        r["aliases"] = ""  # aliases name one indicator each
        return r

    counts["indicators"] = scale(ind / "indicators.csv", indicator)
    counts["observations"] = scale(
        ind / "observations.csv", lambda r, k: {**r, "indicator_id": _id(r["indicator_id"], k)}
    )

    def cross(r, k):
        return {**r, "indicator_id": _id(r["indicator_id"], k), "position": str(int(r["position"]) + 1000 * k)}

    scale(ind / "cross_listings.csv", cross)

    def discrepancy(r, k):
        return {**r, "id": _id(r["id"], k), "indicator_id": _id(r["indicator_id"], k)}

    scale(ind / "discrepancies.csv", discrepancy)
    counts["assessments"] = scale(
        ind / "assessments.csv", lambda r, k: {**r, "indicator_id": _id(r["indicator_id"], k)}
    )

    # The stated counts (31 indicators in the main list, …) are printed in the report and checked against it;
    # ×n they are not. They move to a synthetic later round, which every indicator is assessed in too.
    header, sources = _read(ind / "sources.csv")
    first = dict(sources[0])
    first.update(id=SYNTHETIC_SOURCE, kind="other", published="2024-12", url="")
    first["title_zh"] = first["title_zh"][:70] + "（合成）"
    first["title_en"] += " (synthetic)"
    _write(ind / "sources.csv", header, sources + [first])
    header, rows = _read(ind / "assessments.csv")
    _write(ind / "assessments.csv", header, rows + [{**r, "source_id": SYNTHETIC_SOURCE} for r in rows])
    header, rows = _read(ind / "stated_counts.csv")
    _write(
        ind / "stated_counts.csv",
        header,
        [{**r, "source_id": SYNTHETIC_SOURCE, "count": str(int(r["count"]) * n)} for r in rows],
    )

    def figure(r, k):
        return {**r, "id": _id(r["id"], k), "item_zh": _name(r["item_zh"], k, 80), "item_en": _en(r["item_en"], k)}

    counts["figures"] = scale(tasks / "figures.csv", figure)

    def column_task(r, k):
        r.update(id=_id(r["id"], k), number=str(int(r["number"]) + 100 * k))
        r["name_zh"], r["name_en"] = _name(r["name_zh"], k, 60), _en(r["name_en"], k)
        return r

    counts["column_tasks"] = scale(tasks / "column_tasks.csv", column_task)

    def project(r, k):
        return {**r, "id": _id(r["id"], k), "name_zh": _name(r["name_zh"], k, 60), "name_en": _en(r["name_en"], k)}

    counts["projects"] = scale(proj / "projects.csv", project)

    def network(r, k):
        return {**r, "id": _id(r["id"], k), "item_zh": _name(r["item_zh"], k, 80), "item_en": _en(r["item_en"], k)}

    counts["network"] = scale(mon / "network.csv", network)
    return counts


# ---- stages -------------------------------------------------------------------------------------------------


class Clock:
    """Wall and CPU seconds, and the process's peak resident memory (MB) so far."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def stop(self) -> tuple[float, float, float]:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return time.perf_counter() - self.wall, time.process_time() - self.cpu, rss


class ChartTimer:
    """Time spent inside ecosite.charts (outermost call only), attributed to a charts stage of its own."""

    def __init__(self, module):
        self.wall = self.cpu = 0.0
        self.depth = 0
        for name, value in list(vars(module).items()):
            if (
                callable(value)
                and getattr(value, "__module__", None) == module.__name__
                and not isinstance(value, type)
            ):
                setattr(module, name, self._wrap(value))

    def _wrap(self, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.wall += time.perf_counter() - wall
                self.cpu += time.process_time() - cpu
                self.depth -= 1

        return timed

    def take(self) -> tuple[float, float]:
        out = (self.wall, self.cpu)
        self.wall = self.cpu = 0.0
        return out


STAGES = ("validate", "derive", "pages", "downloads", "mkdocs")  # charts is timed inside pages and mkdocs
# Outputs of the registry (ecosite.outputs) counted as the downloads stage; every other output is a page.
DOWNLOAD_OUTPUTS = ("downloads", "catalogue", "downloads-page")


def run_stages(profile: Path | None = None, until: str = "mkdocs") -> dict[str, tuple[float, float, float]]:
    """Run the pipeline on $ECOSITE_DATA stage by stage, then mkdocs on the result; print and return the stages."""
    import cProfile

    from ecosite import charts

    timer = ChartTimer(charts)  # before the registry is imported, so it holds the timed chart functions
    # Cold for the data: the copies are byte-identical from run to run, so the content caches of
    # ecosite.buildcache (validation passes, tables) would make a second run look free.
    from ecosite import buildcache, changelog, outputs, pipeline

    buildcache.has = lambda kind, key: False
    buildcache.load = lambda kind, key: None
    from ecosite.config import Config
    from ecosite.derive import derive
    from ecosite.inputs import Inputs
    from ecosite.load import load_tables
    from ecosite.model import build_model
    from ecosite.problems import DataInvalid
    from ecosite.validate import validate_all

    config = Config.from_env()  # the entry point's data folder ($ECOSITE_DATA, the synthetic copy)
    DATAPACKAGES = config.data
    stages: dict[str, tuple[float, float, float]] = {}
    state: dict = {}
    profiles: dict[str, cProfile.Profile] = {}

    def add(name: str, fn) -> None:
        """Run fn and add its time to stage `name` (the registry's outputs add up into two stages)."""
        prof = profiles.setdefault(name, cProfile.Profile()) if profile else None
        clock = Clock()
        if prof:
            prof.enable()
        fn()
        if prof:
            prof.disable()
        wall, cpu, rss = clock.stop()
        chart_wall, chart_cpu = timer.take()
        if chart_wall:
            w, c, r = stages.get("charts", (0.0, 0.0, 0.0))
            stages["charts"] = (w + chart_wall, c + chart_cpu, max(r, rss))
        w, c, _ = stages.get(name, (0.0, 0.0, 0.0))
        stages[name] = (w + wall - chart_wall, c + cpu - chart_cpu, rss)

    def validate():
        problems = validate_all(DATAPACKAGES)
        if problems:
            raise DataInvalid(problems)

    def derive_():
        state["derived"] = derive(load_tables(DATAPACKAGES))

    def outputs_():
        """The registry once, Chinese outputs only (as the mkdocs stage builds the Chinese site), as the build runs
        it: each output's time goes to the downloads or the pages stage; git's facts count as pages."""

        def facts():
            d = state["derived"]
            state["inputs"] = Inputs(
                d,
                "",
                pipeline.last_data_change(DATAPACKAGES),
                pipeline.last_data_change(DATAPACKAGES, first=True),
                changelog.history(DATAPACKAGES, list(d.tables.packages), changelog.LIMIT),
            )

        add("pages", facts)

        def each(out, lang, call) -> None:
            add("downloads" if out.name in DOWNLOAD_OUTPUTS else "pages", call)

        state["made"] = outputs.run(state["inputs"], langs=("zh",), on_output=each)

    def mkdocs():
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        key = (DATAPACKAGES, config.site_url, config.lang, pipeline.fingerprint(DATAPACKAGES))
        made, d = state["made"], state["derived"]
        pipeline._memo.clear()
        pipeline._memo[key] = pipeline.Build(
            d,
            made.pages["zh"],
            pipeline._unique(made.charts),
            made.downloads,
            key[-1],
            config,
            state["inputs"].changed,
            build_model(d),
        )
        with tempfile.TemporaryDirectory() as site:
            cwd = os.getcwd()
            os.chdir(ROOT)
            try:
                build(load_config(str(ROOT / "mkdocs.yml"), site_dir=site))
            finally:
                os.chdir(cwd)
            state["pages"] = sum(1 for _ in Path(site).rglob("*.html"))

    import logging

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    # The pages and downloads stages are one pass of the output registry (downloads first, then the pages that list
    # them): --until pages and --until downloads both stop after it.
    for names, fn in (
        (("validate",), validate),
        (("derive",), derive_),
        (("pages", "downloads"), outputs_),
        (("mkdocs",), mkdocs),
    ):
        if fn is outputs_:
            fn()
        else:
            add(names[0], fn)
        if until in names:
            break
    if profile:
        for name, prof in profiles.items():
            prof.dump_stats(profile / f"{name}.prof")
    order = ["validate", "derive", "charts", "pages", "downloads", "mkdocs"]
    result = {k: stages[k] for k in order if k in stages}
    pages_count = state.get("pages") or (len(state["made"].pages.get("zh", {})) if "made" in state else None)
    print(
        json.dumps(
            {
                "pages": pages_count,
                "rows": len(state["derived"].indicators) if "derived" in state else None,
                "stages": result,
            }
        )
    )
    return result


# ---- driver -------------------------------------------------------------------------------------------------


def run_scale(n: int, profile: Path | None = None, until: str = "mkdocs") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "datapackages"
        start = time.perf_counter()
        counts = synthesize(ROOT / "datapackages", data, n)
        print(
            f"×{n} synthetic data in {time.perf_counter() - start:.1f} s: "
            + ", ".join(f"{v} {k}" for k, v in counts.items()),
            flush=True,
        )
        env = dict(os.environ, ECOSITE_DATA=str(data), NO_MKDOCS_2_WARNING="1")
        cmd = [sys.executable, str(Path(__file__).resolve()), "--stages", "--until", until]
        if profile:
            profile.mkdir(parents=True, exist_ok=True)
            cmd += ["--profile", str(profile)]
        out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        if out.returncode != 0:
            print(out.stdout[-3000:], out.stderr[-3000:], sep="\n")
            return out.returncode
        report = json.loads(out.stdout.strip().splitlines()[-1])
        pages = report["pages"]  # HTML pages after mkdocs; Markdown pages generated when stopped earlier; else none

        def per_page(cpu: float) -> str:
            return f"{cpu / pages * 1e3:12.1f}" if pages else f"{'-':>12}"

        print(f"{'stage':10} {'wall s':>8} {'cpu s':>8} {'cpu ms/page':>12} {'peak RSS MB':>12}   ({pages} pages)")
        total_wall = total_cpu = 0.0
        for name, (wall, cpu, rss) in report["stages"].items():
            total_wall, total_cpu = total_wall + wall, total_cpu + cpu
            print(f"{name:10} {wall:8.1f} {cpu:8.1f} {per_page(cpu)} {rss:12.0f}")
        print(f"{'total':10} {total_wall:8.1f} {total_cpu:8.1f} {per_page(total_cpu)}", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="copies of the data (1 = the real data)")
    parser.add_argument("--profile", type=Path, help="write a cProfile file per stage into this folder")
    parser.add_argument("--until", choices=STAGES, default="mkdocs", help="stop after this stage")
    parser.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.stages:
        run_stages(args.profile, args.until)
        return 0
    return run_scale(args.scale, args.profile, args.until)


if __name__ == "__main__":
    sys.exit(main())
