"""The README's preview (`scripts/site.sh serve` → build.py --serve) as an editor uses it.

One server process for the module, on a copy of the data: it starts from the leftovers of a killed build,
then a CSV is saved with a mistake (the problem list appears, the last good site stays served), then fixed
(the site is rebuilt). Two real builds in all.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from ecosite.paths import ROOT

WAIT = 900  # seconds; a real build on a busy 2-core machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


class Preview:
    def __init__(self, data_root: Path, site_dir: Path, log: Path):
        self.data_root, self.site_dir, self.log = data_root, site_dir, log
        self.url = f"http://127.0.0.1:{free_port()}/"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ECOSITE_DATA=str(data_root), SITE_URL="")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ecosite.publish",
                "--serve",
                "--site-dir",
                str(site_dir),
                "--dev-addr",
                self.url[7:-1],
            ],
            cwd=ROOT,
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, condition, what: str):
        deadline = time.monotonic() + WAIT
        while True:
            try:
                if condition():
                    return
            except OSError:  # not listening yet
                pass
            assert self.process.poll() is None, f"preview exited while waiting for {what}:\n{self.output()}"
            assert time.monotonic() < deadline, f"gave up waiting for {what}:\n{self.output()}"
            time.sleep(1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    import shutil

    from ecosite.paths import DATAPACKAGES

    tmp = tmp_path_factory.mktemp("preview")
    data_root = tmp / "datapackages"
    shutil.copytree(DATAPACKAGES, data_root)
    # What a build killed mid-swap by the old build.py left: site.old beside site/, and a temp folder.
    site_dir = tmp / "out" / "site"
    for folder in (site_dir, site_dir.with_name("site.old"), site_dir.with_name(".site-killed")):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("leftover", encoding="utf-8")
    server = Preview(data_root, site_dir, tmp / "preview.log")
    try:
        server.wait_for(lambda: "leftover" not in get(server.url), "the first build")
        yield server
    finally:
        server.stop()


def test_preview_starts_after_a_killed_build_without_manual_cleanup(preview):
    assert "indicators/" in get(preview.url)
    assert sorted(p.name for p in preview.site_dir.parent.iterdir()) == [".site.lock", "site"]


def test_preview_prints_the_problem_list_keeps_the_last_site_and_recovers(preview):
    obs = preview.data_root / "indicators" / "observations.csv"
    good = obs.read_text(encoding="utf-8")
    assert "pm25,2023,actual,20.5," in good
    page = preview.url + "indicators/pm25/"
    assert "20.5" in get(page)

    obs.write_text(good.replace("pm25,2023,actual,20.5,", "pm25,2023,actual,20.5ug,"), encoding="utf-8")
    # The same lines validate.py prints for this data.
    validate = subprocess.run(
        [str(Path(sys.executable).with_name("ecosite-validate")), "--root", str(preview.data_root)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validate.returncode == 1
    expected = [line for line in validate.stderr.splitlines() if line.startswith("  - ")]
    assert expected and any("observations.csv" in line for line in expected)
    preview.wait_for(lambda: all(line in preview.output() for line in expected), "the problem list")
    assert "Aborted with a BuildError" not in preview.output()
    assert "20.5" in get(page), "the last good site must still be served"

    # The validator checks every number against the report text it cites, so the (stored) report says 19.7 first.
    lines = preview.data_root / "report" / "lines.csv"
    lines.write_text(
        lines.read_text(encoding="utf-8").replace("平均浓度20.5微克", "平均浓度19.7微克"), encoding="utf-8"
    )
    obs.write_text(good.replace("pm25,2023,actual,20.5,", "pm25,2023,actual,19.7,"), encoding="utf-8")
    preview.wait_for(lambda: "19.7" in get(page), "the rebuild after the fix")
    assert "Traceback" not in preview.output()
