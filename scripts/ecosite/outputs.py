"""The output registry: everything the site publishes, in build order, walked once per build by `run()`.

Each output is a function from a `Job` (ecosite.inputs: the build's inputs, what earlier outputs made, the language,
the charts charts.py drew for it) to files or pages. Order matters only where an output reads what another made:
the downloads come first, then the JSON-LD that lists them, then the pages that show both (download blocks, the
downloads page, the English home's sizes). Nothing is patched after rendering: a page is complete when its output
returns it.

To add a page kind: write a module in pages/ with a `page(job)` (or `pages(job)`) returning {path: Markdown}, its
template in templates/, and register it below with its languages and, if it shows charts, the charts.py function
that draws them (called with (derived, lang) before the page; the page gets the result as `job.charts`).
To add a download kind: add it to downloads.build_downloads (the downloads page and the blocks list what it made).
To add a language: give interface.csv and the data's `*_xx` columns the language, then add it to the `langs` of
each output that is ready in it (see ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from . import catalogue, charts, downloads
from .charts import Chart
from .derive import Derived
from .inputs import Inputs, Job, Made
from .pages import (
    audit,
    changelog,
    dictionary,
    figures,
    home,
    indicators,
    monitoring,
    projects,
    source,
    tasks,
    validation,
)
from .pages import downloads as downloads_page
from .vocab import Lang

BOTH: tuple[Lang, ...] = ("zh", "en")
ZH: tuple[Lang, ...] = ("zh",)
EN: tuple[Lang, ...] = ("en",)


@dataclass(frozen=True)
class Output:
    name: str
    make: Callable[[Job], Any]
    into: Literal["downloads", "jsonld", "pages"]  # where its product goes in Made: files, {page: objects}, pages
    langs: tuple[Lang, ...] | None = None  # None: one product for both languages (the files)
    charts: Callable[[Derived, Lang], dict[str, list[Chart]]] | None = None  # the pages' charts, drawn by charts.py


OUTPUTS: tuple[Output, ...] = (
    Output("downloads", downloads.output, "downloads"),
    Output("catalogue", catalogue.output, "jsonld"),
    Output("home", home.page, "pages", ZH, charts.home),
    Output("home-en", home.page_en, "pages", EN),
    Output("indicators", indicators.pages, "pages", BOTH, charts.indicators),
    Output("tasks", tasks.pages, "pages", BOTH),
    Output("source", source.pages, "pages", BOTH),
    Output("projects", projects.page, "pages", BOTH, charts.projects),
    Output("monitoring", monitoring.page, "pages", BOTH, charts.monitoring),
    Output("figures", figures.page, "pages", BOTH, charts.figures),
    Output("audit", audit.page, "pages", BOTH),
    Output("dictionary", dictionary.page, "pages", ZH),
    Output("validation", validation.page, "pages", ZH),
    Output("changelog", changelog.page, "pages", ZH),
    Output("downloads-page", downloads_page.page, "pages", ZH),
)


def run(
    inputs: Inputs,
    outputs: tuple[Output, ...] = OUTPUTS,
    langs: tuple[Lang, ...] = BOTH,
    on_output: Callable[[Output, Lang | None, Callable[[], None]], None] | None = None,
) -> Made:
    """Every output once, in order, in each of `langs` it has. `on_output(output, lang, call)` may wrap each call
    (the benchmark times them)."""
    made = Made()
    for out in outputs:
        for lang in out.langs or (None,):
            if lang is not None and lang not in langs:
                continue

            def call(out: Output = out, lang: Lang | None = lang) -> None:
                drawn = out.charts(inputs.derived, lang) if out.charts and lang else {}
                product = out.make(Job(inputs, made, lang, drawn))
                _keep(made, out, lang, product, drawn)

            if on_output:
                on_output(out, lang, call)
            else:
                call()
    return made


def _keep(made: Made, out: Output, lang: Lang | None, product: Any, drawn: dict[str, list[Chart]]) -> None:
    if out.into == "downloads":
        made.downloads.extend(product)
    elif out.into == "jsonld":
        made.jsonld.update(product)
    elif out.into == "pages" and lang:
        made.pages.setdefault(lang, {}).update(product)
        made.charts.extend(c for slot in drawn.values() for c in slot)
    else:
        raise ValueError(f"输出 {out.name!r} 的去向 {out.into!r} 不明（downloads、jsonld 或 pages）")
