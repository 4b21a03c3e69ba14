"""The build's inputs are arguments (ecosite.config.Config), never read from the environment by the package."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path

import pytest

from ecosite.config import Config
from ecosite.paths import DATAPACKAGES, ROOT

PACKAGE = ROOT / "scripts" / "ecosite"


def test_no_package_module_reads_the_environment():
    """Only entry points turn the environment into a Config (Config.from_env, called by the console entry points
    declared in pyproject.toml and by the mkdocs hooks when mkdocs runs on its own)."""
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    entry_points = {PACKAGE / (target.split(":")[0].removeprefix("ecosite.") + ".py") for target in scripts.values()}
    assert entry_points and all(p.exists() for p in entry_points), entry_points
    offenders = []
    for path in sorted(set(PACKAGE.rglob("*.py")) - entry_points):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"os\.environ|getenv\(", line) and not (path.name == "config.py" and "from_env" in line):
                if path.name == "config.py" and re.search(r"env = os\.environ if environ is None", line):
                    continue
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_config_is_frozen_and_explicit(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOSITE_DATA", str(tmp_path))
    plain = Config()
    assert plain.data == DATAPACKAGES and plain.lang == "zh" and plain.site_url == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        plain.site_url = "https://example.org/"  # type: ignore[misc]
    assert Config.from_env().data == Path(tmp_path).resolve()
    assert Config.from_env(data=DATAPACKAGES).data == DATAPACKAGES
    with pytest.raises(ValueError):
        Config(lang="fr")
