"""The home page: Chinese (index.md.j2: KPI cards with what they stand on, the status charts, the indicators that
need attention) and English (home.en.md.j2: every word from the data or the English code labels, every number
computed; the downloads it offers, with their sizes, come from the downloads output)."""

from __future__ import annotations

import pandas as pd

from ..derive import Derived
from ..inputs import Job
from .common import Pages, records
from .tables import indicator_table

PAGE = "index.md"
# Downloads the English home page offers, in this order, by Download.kind (paths and sizes come from the build).
HOME_DOWNLOADS = {
    "zip-all": "Everything in one ZIP: every package as CSV and JSON, with the workbook and the database",
    "xlsx": "Excel workbook, one sheet per table",
    "sqlite": "SQLite database (Datasette-ready)",
}


def page(job: Job) -> dict[str, str]:
    p, d = Pages(job), job.d
    charts = job.charts[PAGE]
    return {
        PAGE: p.render(
            PAGE,
            "index.md.j2",
            counts=d.counts(),
            milestones={r["id"]: r for r in records(d.tables["indicators"]["milestones"])},
            kpis=_kpis(d),
            context=_home_context(d),
            charts={
                "list": p.fig(charts[0], PAGE),
                "category": p.fig(charts[1], PAGE),
                "nature": p.fig(charts[2], PAGE),
            },
            attention=indicator_table(d, _attention(d), PAGE, p.T, compact=True),
        )
    }


def page_en(job: Job) -> dict[str, str]:
    """The English home page."""
    d, made = job.d, job.made
    sc = d.status_counts
    kpis = [
        {
            "status": s,
            "label": d.labels.label("status", s, "en"),
            **{lst: int(sc[(sc["list"] == lst) & (sc["status"] == s)]["count"].sum()) for lst in ("main", "chapter")},
        }
        for s in d.labels.codes("status")
    ]
    milestones = {r["id"]: r for r in d.tables["indicators"]["milestones"].to_dict("records")}
    by_kind = {dl.kind: dl for dl in made.downloads}
    downloads = [
        {"href": "../" + by_kind[k].path, "name": by_kind[k].label, "what": what, "size": _size(by_kind[k].size)}
        for k, what in HOME_DOWNLOADS.items()
        if k in by_kind
    ]
    api = next((dl for dl in made.downloads if dl.path == "api/indicators.json"), None)
    return {
        PAGE: Pages(job).render(
            PAGE,
            "home.en.md.j2",
            milestones=milestones,
            counts=d.counts(),
            kpis=kpis,
            LIST_EN=d.labels.names("list", "en"),
            NATURE_EN=d.labels.names("nature", "en"),
            downloads=downloads,
            api=api and "../" + api.path,
        )
    }


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} kB"


def _kpis(d: Derived) -> list[dict]:
    pivot = d.status_counts.pivot(index="status", columns="list", values="count").fillna(0)
    return [
        {"status": s, "main": int(pivot.loc[s].get("main", 0)), "chapter": int(pivot.loc[s].get("chapter", 0))}
        for s in d.labels.codes("status")
    ]


def _attention(d: Derived) -> pd.DataFrame:
    top = d.top_level()
    flagged = top["status"].isin(["accelerate", "adjust"]) | top["target_met"].eq(False)
    order = {"accelerate": 0, "adjust": 1, "on_track": 2, "exceeded": 3}
    return top[flagged].assign(_o=top["status"].map(order)).sort_values(["_o", "list", "position"])


def _home_context(d: Derived) -> dict:
    """What the home KPI cards stand on, from the data: the plan and its period, the evaluation (kind, month) and
    the years the indicators' latest values reach (year → how many top-level indicators end there)."""
    top = d.top_level()
    years = pd.Series([int(o["year"]) for o in top["latest"] if o]).value_counts()
    src = d.current_source
    return {
        "plan": d.plan,
        "evaluation": {
            "published": src["published"],
            "kind_zh": d.labels.label("sources.kind", src["kind"], "zh"),
            "year": int(str(src["published"])[:4]),
            "month": int(str(src["published"])[5:7]),
        },
        # most common year first, then the rest newest first
        "years": [{"year": int(y), "count": int(n)} for y, n in sorted(years.items(), key=lambda x: (-x[1], -x[0]))],
        "latest_year": int(years.index.max()) if len(years) else None,
        "indicators": len(top),
    }
