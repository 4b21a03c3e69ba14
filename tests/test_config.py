"""The build's inputs are arguments (ecosite.config.Config), never read from the environment by the package."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from ecosite.config import Config
from ecosite.paths import DATAPACKAGES, ROOT

PACKAGE = ROOT / "scripts" / "ecosite"


def test_no_package_module_reads_the_environment():
    """Only entry points turn the environment into a Config (Config.from_env, called by build.py, the CLI scripts
    and the mkdocs hooks when mkdocs runs on its own)."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
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
