"""English pages generated from the data while the page model has no English yet (issue 12).

Today: the English home page only. Every word that is not vocabulary of this page comes from the data (`*_en`
columns, English code labels in labels.py); every number is computed. Data text is escaped by the template's
autoescape (the same escaping as escape.html_text) and stays inside HTML blocks, where Markdown does not apply.
When the page model renders English pages (`lang="en"`), `pipeline.pages_for()` takes them from there and this
module goes away.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .paths import ROOT

TEMPLATES = ROOT / "scripts" / "ecosite" / "templates"
# Downloads the home page offers, in this order, by Download.kind (paths and sizes come from the build).
HOME_DOWNLOADS = {
    "zip-all": "Everything in one ZIP: every package as CSV and JSON, with the workbook and the database",
    "xlsx": "Excel workbook, one sheet per table",
    "sqlite": "SQLite database (Datasette-ready)",
}


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} kB"


def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def home(build) -> str:
    d = build.derived
    t = d.tables
    sc = d.status_counts
    kpis = [
        {
            "status": s,
            "label": d.labels.label("status", s, "en"),
            **{lst: int(sc[(sc["list"] == lst) & (sc["status"] == s)]["count"].sum()) for lst in ("main", "chapter")},
        }
        for s in d.labels.codes("status")
    ]
    milestones = {r["id"]: r for r in t["indicators"]["milestones"].to_dict("records")}
    by_kind = {dl.kind: dl for dl in build.downloads}
    downloads = [
        {"href": "../" + by_kind[k].path, "name": by_kind[k].label, "what": what, "size": _size(by_kind[k].size)}
        for k, what in HOME_DOWNLOADS.items()
        if k in by_kind
    ]
    api = next((dl for dl in build.downloads if dl.path == "api/indicators.json"), None)
    return (
        _env()
        .get_template("home.en.md.j2")
        .render(
            source=d.current_source,
            milestones=milestones,
            counts=d.counts(),
            kpis=kpis,
            LIST_EN=d.labels.names("list", "en"),
            NATURE_EN=d.labels.names("nature", "en"),
            downloads=downloads,
            api=api and "../" + api.path,
        )
    )


def pages(build) -> dict[str, str]:
    """{path inside docs/en: Markdown} of the English pages generated today."""
    return {"index.md": home(build)}
