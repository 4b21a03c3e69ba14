"""What an output reads: the build's inputs, and what the outputs before it made.

`ecosite.outputs` (the registry) runs the outputs in build order; each is called with a `Job`: the `Inputs` of the
build (the derived tables, the site URL and the facts taken from git), the `Made` so far (the downloads list, the
JSON-LD each page carries, the pages and charts already made), the language it renders and the charts charts.py
drew for it. This module is neutral ground: outputs import it, never the registry and never each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .changelog import Revision
from .derive import Derived
from .vocab import Lang

if TYPE_CHECKING:  # types only: outputs import this module, not the other way round
    from .charts import Chart
    from .downloads import Download


def data_date(d: Derived, changed: dict[str, str] | None) -> str:
    """The date of the last data change: newest commit date of a package, else the source report's month."""
    if changed:
        return max(changed.values())
    published = str(d.current_source["published"])
    return published + "-01" if len(published) == 7 else published


@dataclass(frozen=True)
class Inputs:
    derived: Derived
    site_url: str = ""
    changed: dict[str, str] = field(default_factory=dict)  # package → date of its last data change (git)
    first: dict[str, str] = field(default_factory=dict)  # package → date of its first data commit (git)
    revisions: list[Revision] = field(
        default_factory=list
    )  # changelog.history: data changes (changelog page, Atom feed)

    @property
    def data_date(self) -> str:
        return data_date(self.derived, self.changed)


@dataclass
class Made:
    """What the outputs have made so far, in registry order (downloads first, then the pages that list them)."""

    downloads: list[Download] = field(default_factory=list)  # every file under data/ and api/, the feed
    jsonld: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # page path → schema.org objects it carries
    pages: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → {path inside docs: Markdown}
    charts: list[Chart] = field(default_factory=list)  # every chart the pages show, both languages
    _by_path: dict[str, Download] | None = field(default=None, repr=False)

    def download(self, path: str) -> Download:
        """One download by its path under the site root (KeyError when no output made it)."""
        if self._by_path is None or len(self._by_path) != len(self.downloads):
            self._by_path = {dl.path: dl for dl in self.downloads}
        return self._by_path[path]


@dataclass(frozen=True)
class Job:
    """One call of one output: the build's inputs, what earlier outputs made, the language (None for outputs that
    are one set for both languages, such as the downloads) and the charts charts.py drew for it (slot → charts)."""

    inputs: Inputs
    made: Made
    lang: Lang | None = None
    charts: dict[str, list[Chart]] = field(default_factory=dict)

    @property
    def d(self) -> Derived:
        return self.inputs.derived
