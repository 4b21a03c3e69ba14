"""The GitHub Actions workflow: actionlint-clean, same commands as the README, red never deploys."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import yaml

from ecosite.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint_is_clean():
    actionlint = shutil.which("actionlint") or str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "actionlint")
    result = subprocess.run([actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))


def test_steps_use_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = "\n".join(step.get("run", "") for step in _workflow()["jobs"]["build"]["steps"])
    for command in ("bash scripts/test.sh", "bash scripts/site.sh"):
        assert command in readme and command in runs, command
    assert "scripts/validate.py --github" in runs


def test_deploy_needs_the_build_and_least_privilege():
    wf = _workflow()
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages" and deploy["concurrency"]["cancel-in-progress"] is False
    assert wf["permissions"] == {}
    assert wf["jobs"]["build"]["permissions"]["contents"] == "read"
    for job in wf["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert "@v" in step["uses"], step["uses"]


def test_ci_entry_point_runs_the_readme_test_command():
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
