"""The build's configuration: one frozen value passed through the pipeline.

No module of the package reads the environment. Only entry points (scripts/build.py, the CLI scripts, the mkdocs
hooks when mkdocs is run by hand) turn environment variables and arguments into a `Config`, with `from_env()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .paths import DATAPACKAGES, SITE

LANGS = ("zh", "en")


@dataclass(frozen=True)
class Config:
    """What one build reads and writes.

    data:     the folder holding the data packages (a copy in tests and previews)
    site_url: the published address ("" for a local build); links in 404.html, sitemaps and catalogue use it
    output:   the folder the site is written to
    lang:     the language of the pages generated ("zh"; "en" for the English edition)
    """

    data: Path = DATAPACKAGES
    site_url: str = ""
    output: Path = SITE
    lang: str = "zh"

    def __post_init__(self) -> None:
        if self.lang not in LANGS:
            raise ValueError(f"lang must be one of {LANGS}, not {self.lang!r}")
        object.__setattr__(self, "data", Path(self.data).resolve())
        object.__setattr__(self, "output", Path(self.output).absolute())

    def with_(self, **changes: Any) -> Config:
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Config:
        """For entry points only: ECOSITE_DATA (data folder), SITE_URL, ECOSITE_LANG; arguments override them."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {
            "data": Path(env.get("ECOSITE_DATA") or DATAPACKAGES),
            "site_url": env.get("SITE_URL", ""),
            "lang": env.get("ECOSITE_LANG") or "zh",
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


MKDOCS_KEY = "ecosite_config"


def from_mkdocs(mkdocs_config: Any, site_url: str | None = None) -> Config:
    """The Config a build attached to the mkdocs configuration (build.py does), or, when mkdocs runs on its own
    (`mkdocs build`/`serve`, the macros test), one made from the environment and the configuration's site_url."""
    attached = getattr(mkdocs_config, "get", lambda _k, _d=None: None)(MKDOCS_KEY)
    if isinstance(attached, Config):
        return attached
    return Config.from_env(site_url=mkdocs_config.site_url or "" if site_url is None else site_url)


def attach(mkdocs_config: Any, config: Config) -> None:
    mkdocs_config[MKDOCS_KEY] = config
