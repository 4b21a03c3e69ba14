"""The projects page: the summary first (counts by status, investment where stated), the charts, then the
filterable table (cards on phones)."""

from __future__ import annotations

from ..derive import Derived
from ..inputs import Job
from ..render import blank, number, table
from .common import Pages, records
from .tables import project_rows

PAGE = "projects.md"


def page(job: Job) -> dict[str, str]:
    p, d = Pages(job), job.d
    lang = p.lang
    tables = d.tables["projects"]
    projects = tables["projects"]
    rows = project_rows(d, projects, p.root(PAGE), p.T)

    def attrs(row):
        r = projects.iloc[row.name]
        return {
            "data-category": r["category"],
            "data-status": r["status"],
            "data-county": "" if blank(r["county"]) else r["county"],
        }

    county_name = (lambda c: c) if lang == "zh" else (lambda c: f"{d.labels.label('county', c, lang)} ({c})")
    charts = job.charts[PAGE]
    return {
        PAGE: p.render(
            PAGE,
            "projects.md.j2",
            count=len(projects),
            categories=records(tables["categories"].sort_values("position")),
            statuses=records(tables["statuses"].sort_values("position")),
            counties=[{"value": c, "name": county_name(c)} for c in sorted(projects["county"].dropna().unique())],
            # On phones site.css shows each project as a card (cells labelled by data-label).
            table=table(
                rows, numeric=set(), row_attrs=attrs, cls="data-table sortable card-table", labelled=True, words=p.T
            ),
            charts=[p.fig(c, PAGE) for c in charts],
            summary=_summary(d),
        )
    }


def _summary(d: Derived) -> dict:
    """Counts for the top of the projects page: by status (in the code list's order) and where investment is stated."""
    p = d.tables["projects"]
    projects = p["projects"]
    statuses = p["statuses"].sort_values("position").set_index("id")
    by_status = projects["status"].value_counts()
    invest = projects[projects["investment"].notna()]
    return {
        "count": len(projects),
        "statuses": [
            {"id": k, "name_zh": r["name_zh"], "name_en": r["name_en"], "count": int(by_status.get(k, 0))}
            for k, r in statuses.iterrows()
        ],
        "counties": int(projects["county"].nunique()),
        "investment": [
            {"unit": u, "count": len(g), "total": number(round(float(g["investment"].sum()), 6))}
            for u, g in invest.groupby("investment_unit")
        ],
        "investment_count": len(invest),
    }
