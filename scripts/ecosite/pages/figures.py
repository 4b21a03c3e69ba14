"""Key figures: a topic index, then per topic its charts and the table of its figures."""

from __future__ import annotations

from ..inputs import Job
from ..render import slug, table
from .common import Pages
from .tables import figure_rows

PAGE = "figures.md"


def page(job: Job) -> dict[str, str]:
    p, tk = Pages(job), job.d.tables["tasks"]
    figs = tk["figures"]
    groups = []
    for _, topic in tk["topics"].sort_values("position").iterrows():
        rows = figs[figs["topic"] == topic["id"]]
        if rows.empty:
            continue
        groups.append(
            {
                "id": slug(topic["id"], "topics.csv id"),  # the topic index links to #topic-<id>
                "count": len(rows),
                "name_zh": topic["name_zh"],
                "name_en": topic["name_en"],
                "charts": [p.fig(c, PAGE) for c in job.charts.get(topic["id"], [])],
                "table": table(figure_rows(rows, p.root(PAGE), p.T), numeric=set(), words=p.T),
            }
        )
    return {PAGE: p.render(PAGE, "figures.md.j2", count=len(figs), groups=groups)}
