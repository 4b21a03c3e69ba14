"""A build killed at any moment, or run twice at once, never wedges or loses the site.

The kill and concurrency tests replace mkdocs with a tiny fake site (the swap, lock and clean-up are what is
tested, and they do not depend on what was rendered) and stop the process with SIGKILL at each named point of
ecosite/publish.py. The real build runs in test_preview.py, which starts from the leftovers of a killed build.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ecosite.paths import ROOT

# Runs ecosite.publish.main() with mkdocs replaced by a fake site of FILES pages, all holding MARK, and with
# SIGKILL at the checkpoint named by KILL_AT. HOLD names a file the fake render waits for (concurrency test).
DRIVER = r"""
import os, signal, sys, time
from pathlib import Path
from ecosite import publish as build

def checkpoint(name):
    if name == os.environ.get("KILL_AT"):
        os.kill(os.getpid(), signal.SIGKILL)

def fake_render(staging, config=None, strict=True, emission=None):
    if os.environ.get("HOLD"):
        Path(os.environ["HOLD"] + ".started").touch()
        while not Path(os.environ["HOLD"]).exists():
            time.sleep(0.05)
    for i in range(int(os.environ["FILES"])):
        (staging / f"page{i}.html").write_text(os.environ["MARK"])
    (staging / "index.html").write_text(os.environ["MARK"])

build._checkpoint = checkpoint
build.render = fake_render
sys.exit(build.main(["--site-dir", sys.argv[1]]))
"""
FILES = 30


def run(site_dir: Path, mark: str, kill_at: str = "", swap: str = "", hold: Path | None = None, wait: bool = True):
    env = dict(os.environ, MARK=mark, KILL_AT=kill_at, FILES=str(FILES), HOLD=str(hold or ""))
    env.pop("ECOSITE_SWAP", None)
    if swap:
        env["ECOSITE_SWAP"] = swap
    process = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(site_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if not wait:
        return process
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def site_mark(site_dir: Path) -> str:
    """The one mark every file of the site holds; fails on a missing, partial or mixed site."""
    files = sorted(site_dir.iterdir())
    assert len(files) == FILES + 1, f"{site_dir} has {len(files)} files"
    marks = {f.read_text() for f in files}
    assert len(marks) == 1, marks
    return marks.pop()


def leftovers(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.parent.iterdir() if p.name not in (site_dir.name, f".{site_dir.name}.lock"))


# (checkpoint, swap mode): every point where a kill leaves something different on disk.
KILL_POINTS = [
    ("staging", ""),  # temp folder made, nothing rendered
    ("rendered", ""),  # the new site is complete in the temp folder, not swapped in
    ("swapped", ""),  # atomic exchange done, the old site (now in the temp folder) not yet removed
    ("between-renames", "rename"),  # fallback swap: site/ renamed to site.old, the new site not yet renamed
    ("swapped", "rename"),  # fallback swap done, site.old not yet removed
]


@pytest.mark.parametrize("point,swap", KILL_POINTS, ids=[f"{p}-{s or 'exchange'}" for p, s in KILL_POINTS])
def test_a_killed_build_leaves_old_or_new_site_and_the_next_build_cleans_up(tmp_path, point, swap):
    site_dir = tmp_path / "site"
    assert run(site_dir, "old").returncode == 0
    killed = run(site_dir, "new", kill_at=point, swap=swap)
    assert killed.returncode == -9, killed.stderr  # really killed at that point, no clean-up ran

    if point == "between-renames":
        # The one moment the fallback has no site/: the old site is whole in site.old, and the next build puts it back.
        assert not site_dir.exists() and site_mark(site_dir.with_name("site.old")) == "old"
    else:
        assert site_mark(site_dir) == ("new" if point == "swapped" else "old")
    assert leftovers(site_dir), "the kill should have left something to clean up"

    after = run(site_dir, "next", swap=swap)
    assert after.returncode == 0, after.stderr
    assert site_mark(site_dir) == "next"
    assert leftovers(site_dir) == []


def test_recovery_restores_the_old_site_before_building(tmp_path):
    """Killed between the renames, then the next build fails: the old site must be back, not lost."""
    from ecosite import publish as build

    site_dir = tmp_path / "site"
    old = tmp_path / "site.old"
    old.mkdir()
    (old / "index.html").write_text("old")
    (tmp_path / ".site-stale").mkdir()
    build.recover(site_dir)
    assert (site_dir / "index.html").read_text() == "old"
    assert leftovers(site_dir) == []


def test_two_builds_at_once_take_turns_and_both_succeed(tmp_path):
    site_dir = tmp_path / "out" / "site"
    hold = tmp_path / "release-first"
    first = run(site_dir, "first", hold=hold, wait=False)
    try:
        deadline = time.monotonic() + 120
        while not Path(str(hold) + ".started").exists():  # the first build holds the lock and is rendering
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        second = run(site_dir, "second", wait=False)
        # The second build must wait for the lock and say so; it must not start its own swap meanwhile.
        waiting = ""
        while "另一个构建正在生成" not in waiting:
            assert second.poll() is None and time.monotonic() < deadline, second.communicate()
            waiting += second.stderr.readline()
        hold.touch()
        out1, err1 = first.communicate(timeout=120)
        out2, err2 = second.communicate(timeout=120)
    finally:
        for p in (first, locals().get("second")):
            if p is not None and p.poll() is None:
                p.kill()
    assert first.returncode == 0, err1
    assert second.returncode == 0, waiting + err2
    assert "上一个构建已结束，开始构建" in err2
    assert site_mark(site_dir) == "second"
    assert leftovers(site_dir) == []
