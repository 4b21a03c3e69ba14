"""The monitoring network: the charts (by medium, then each medium's items) and the table of every item."""

from __future__ import annotations

import pandas as pd

from ..inputs import Job
from ..labels import FIELDS
from ..render import blank, number, section_link, table
from .common import Pages

PAGE = "monitoring.md"


def page(job: Job) -> dict[str, str]:
    p = Pages(job)
    lang, col, T = p.lang, p.T.plain, p.T
    charts = job.charts[PAGE]
    net = job.d.network  # in the charts' order
    fields = FIELDS[lang]  # the table's first columns are named like the charts' data
    ITEM, COUNT, MEDIUM = fields["item"], fields["count"], fields["medium"]
    root = p.root(PAGE)
    frame = pd.DataFrame(
        {
            MEDIUM: net["medium"] if lang == "zh" else net["name_en"],
            ITEM: net[f"item_{lang}"],
            COUNT: [
                f"{'' if blank(q) else q}{number(c, lang)}"
                for q, c in zip(net["qualifier"], net["count"], strict=False)
            ],
            col("col-unit"): net[f"unit_{lang}"],
            col("col-year"): [("" if blank(y) else int(y)) for y in net["year"]],
            col("col-section"): [
                section_link(s, root, [c], T) for s, c in zip(net["source_section"], net["count"], strict=False)
            ],
            col("col-note"): net[f"note_{lang}"],
        }
    )
    return {
        PAGE: p.render(
            PAGE,
            "monitoring.md.j2",
            count=len(net),
            charts=[p.fig(c, PAGE) for c in charts],
            table=table(frame, numeric=set(), words=T),
        )
    }
