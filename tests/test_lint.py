"""The code stays linted and formatted: the same ruff checks pre-commit and CI run, as a test a red build names."""

import subprocess
import sys
from pathlib import Path

import pytest

from ecosite.paths import ROOT

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    "args",
    [["check", "--output-format", "concise"], ["format", "--check"]],
    ids=["lint", "format"],
)
def test_ruff_finds_nothing(args):
    done = subprocess.run([str(RUFF), *args, "scripts", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"ruff {' '.join(args)} (fix with `make format`):\n{done.stdout}{done.stderr}"


def test_ruff_would_catch_a_mistake(tmp_path):
    """The configuration is live: an unused import and a misformatted line are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nx = {'a':1}\n")
    lint = subprocess.run(
        [str(RUFF), "check", "--config", str(ROOT / "pyproject.toml"), str(bad)], capture_output=True, text=True
    )
    fmt = subprocess.run(
        [str(RUFF), "format", "--check", "--config", str(ROOT / "pyproject.toml"), str(bad)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode != 0 and "F401" in lint.stdout
    assert fmt.returncode != 0
