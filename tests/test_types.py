"""The type check (mypy, configured in pyproject.toml: strict on the model and its building blocks) passes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ecosite.paths import ROOT


def test_mypy_is_clean():
    pytest.importorskip("mypy", reason="mypy is not installed in this environment (pip install mypy)")
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
