"""Same data, same bytes: downloads and API files do not depend on the clock, the process or the build."""

from __future__ import annotations

import gzip
import hashlib
import re
import subprocess
import time

from ecosite import changelog
from ecosite.changelog import LIMIT as CHANGELOG_LIMIT
from ecosite.derive import derive
from ecosite.downloads import build_downloads
from ecosite.load import load_tables
from ecosite.paths import DATAPACKAGES, ROOT
from ecosite.pipeline import last_data_change


def test_two_builds_give_byte_identical_files_under_data_and_api(site):
    d = derive(load_tables())
    changed = last_data_change(DATAPACKAGES)
    revisions = changelog.history(DATAPACKAGES, list(d.tables.packages), CHANGELOG_LIMIT)
    first = {dl.path: dl.sha256 for dl in build_downloads(d, changed, "", revisions)}
    time.sleep(2.1)  # zip and XLSX times have a 2-second resolution: let the clock move, so a stamp taken from it shows
    second = {dl.path: dl.sha256 for dl in build_downloads(d, changed, "", revisions)}
    assert first == second, sorted(p for p in first if first[p] != second.get(p))
    # …and equal to the files of the site built earlier by the real build (tests build in-process since issue 14;
    # another process, with another hash seed, is checked in test_downloads_do_not_depend_on_the_process)
    built = {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("data", "api")
        for p in (site / folder).rglob("*")
        if p.is_file() and p.suffix not in (".html", ".gz")
    }  # api/index.html is the API's doc page; .gz below
    published = {p: h for p, h in first.items() if p.startswith(("data/", "api/"))}
    assert built == published, sorted(set(built) ^ set(published)) or sorted(
        p for p in built if built[p] != published[p]
    )
    assert hashlib.sha256((site / "changes.atom").read_bytes()).hexdigest() == first["changes.atom"]
    # precompressed copies hold exactly their file (and carry no time stamp: gzip mtime 0)
    for gz in (p for folder in ("data", "api") for p in (site / folder).rglob("*.gz")):
        raw = gz.read_bytes()
        assert raw[4:8] == b"\0\0\0\0", f"{gz.name} carries a time stamp"
        assert gzip.decompress(raw) == gz.with_suffix("").read_bytes(), gz.name


def test_pages_carry_no_build_date_except_where_labelled(site):
    """Every ISO date in a page is a data date (a commit that changed data, a date in the data), never the build day.
    The validation page states its build time, labelled as such."""
    commits = set(
        subprocess.run(["git", "log", "--format=%cs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    )
    in_data = {
        m for p in DATAPACKAGES.rglob("*.csv") for m in re.findall(r"\d{4}-\d{2}-\d{2}", p.read_text(encoding="utf-8"))
    }
    allowed = commits | in_data | set(last_data_change(DATAPACKAGES).values())
    for page in site.rglob("*.html"):
        if page.parent.name == "validation":
            continue
        dates = set(re.findall(r"(?<![\d-])(20\d\d-[01]\d-[0-3]\d)(?![\d-])", page.read_text(encoding="utf-8")))
        assert dates <= allowed, (page.relative_to(site).as_posix(), dates - allowed)


def test_downloads_do_not_depend_on_the_process():
    """Another Python process with another hash seed (set and dict orders of str keys) makes the same bytes."""
    import json
    import os
    import sys

    code = (
        "import json; from ecosite import changelog; from ecosite.derive import derive; "
        "from ecosite.downloads import build_downloads; from ecosite.load import load_tables; "
        "from ecosite.changelog import LIMIT as CHANGELOG_LIMIT; from ecosite.paths import DATAPACKAGES; "
        "from ecosite.pipeline import last_data_change; d = derive(load_tables(DATAPACKAGES)); "
        "r = changelog.history(DATAPACKAGES, list(d.tables.packages), CHANGELOG_LIMIT); "
        "print(json.dumps({x.path: x.sha256 for x in build_downloads(d, last_data_change(DATAPACKAGES), '', r)}))"
    )
    runs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=dict(os.environ, PYTHONHASHSEED=seed),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[0] == runs[1], sorted(p for p in runs[0] if runs[0][p] != runs[1].get(p))
