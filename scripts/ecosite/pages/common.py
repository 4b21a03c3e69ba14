"""What every page family shares: the Jinja environment, the interface words, root prefixes, and the end of a data
page (its download block and JSON-LD, rendered by the page's own template through `_macros.md.j2`)."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import interface
from ..datapages import DATA_PAGES
from ..derive import Derived
from ..inputs import Job
from ..paths import ROOT
from ..render import blank, chart_figure, jsonld_script, number, observation, pct, section_link, text, yaml_title
from ..vocab import Labels, Lang

TEMPLATES = ROOT / "scripts" / "ecosite" / "templates"

# Download kinds as the downloads page names them (Download.kind → words).
KIND_ZH = {
    "csv": "CSV，UTF-8",
    "excel-csv": "Excel 用 CSV，UTF-8 带 BOM",
    "json": "JSON 记录",
    "datapackage": "数据包描述",
    "zip": "整个数据包 ZIP",
    "xlsx": "Excel 工作簿",
    "sqlite": "SQLite 数据库",
    "api": "JSON API",
    "api-schema": "JSON Schema",
    "citation": "引用格式",
    "indicator-csv": "CSV，UTF-8",
    "indicator-json": "JSON 记录",
    "zip-all": "全部数据 ZIP",
    "datasette": "datasette 元数据",
    "feed": "Atom 源：数据更新",
}


def env(labels: Labels, lang: Lang = "zh") -> Environment:
    out = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    out.filters.update(md=text, num=number, pct=pct, yaml_title=yaml_title, src=section_link, jsonld=jsonld_script)
    out.globals.update(
        # The codes' words, from the schemas (vocab.Labels), in the page's language. The template names are those
        # of the dicts labels.py once held.
        STATUS_ZH=labels.names("status", lang),
        NATURE_ZH=labels.names("nature", lang),
        LIST_ZH=labels.names("list", lang),
        ROLE_ZH=labels.names("role", lang),
        METHOD_ZH={c.value: c.description.get(lang) for c in labels.categories("progress_method")},
        RECOMMENDATION_ZH=labels.names("recommendation_kind", lang),
        DISCREPANCY_KIND_ZH=labels.names("discrepancies.kind", lang),
        obs=observation,
    )
    return out


def records(frame) -> list[dict]:
    return [{k: (None if blank(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def root_of(page: str) -> str:
    """Relative prefix from a page's URL back to its language's root (directory URLs)."""
    parts = page.removesuffix(".md").split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


class Pages:
    """One language's page environment for one output: Jinja with the interface words (`T`), the language's root
    prefixes, and `render()`, which gives every template the same context (root, lroot, source, the page's end)."""

    def __init__(self, job: Job):
        self.job = job
        self.d: Derived = job.d
        self.lang: Lang = job.lang or "zh"
        self.env = env(self.d.labels, self.lang)
        tasks = self.d.tables["tasks"]
        self.T = interface.install(self.env, tasks["interface"], self.lang, tasks["units"])
        # from the English site's root to the whole site's (charts, downloads, the report text)
        self.up = "../" if self.lang == "en" else ""

    def root(self, page: str) -> str:
        """The whole site's root from a page: downloads, API, charts and the Chinese report text live there."""
        return root_of(page) + self.up

    def fig(self, chart, page: str) -> Markup | None:
        return None if chart is None else chart_figure(chart, self.root(page), self.T)

    def render(self, page: str, template: str, **context) -> str:
        # root: the whole site's root (downloads, API, charts, the Chinese report text); lroot: this language's root
        return self.env.get_template(template).render(
            root=self.root(page),
            lroot=root_of(page),
            source=self.d.current_source,
            data_block=self.download_block(page),
            jsonld=self.job.made.jsonld.get(page, []) if self.lang == "zh" else [],
            **context,
        )

    def download_block(self, page: str) -> dict | None:
        """What the download block at the end of a data page offers (macro `download_block` in _macros.md.j2):
        each of the page's tables as CSV, Excel CSV and JSON, from the downloads the downloads output made.
        Chinese pages only, for now (its words are Chinese)."""
        if page not in DATA_PAGES or self.lang != "zh":
            return None
        package, resources = DATA_PAGES[page]
        made = self.job.made
        return {
            "package": package,
            "resources": [
                {
                    "name": r,
                    "files": [
                        {"path": dl.path, "label": KIND_ZH[dl.kind].split("，")[0]}
                        for dl in (made.download(f"data/{package}/{r}.{ext}") for ext in ("csv", "excel.csv", "json"))
                    ],
                }
                for r in resources
            ],
        }
