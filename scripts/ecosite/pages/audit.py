"""The audit page: the report's self-contradictions (discrepancies, by kind) and every stated progress %
beside the one recomputed from the report's own numbers."""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from ..inputs import Job
from ..render import blank, number, pct, section_link, table
from .common import Pages, records

PAGE = "audit.md"


def page(job: Job) -> dict[str, str]:
    p, d = Pages(job), job.d
    lang, col, T = p.lang, p.T.plain, p.T
    root = p.root(PAGE)  # the report text at the site root
    kinds = d.labels.names("discrepancies.kind", lang)
    disc = d.tables["indicators"]["discrepancies"]
    names = d.indicators.set_index("id")[f"name_{lang}"]
    KIND = col("col-role")
    disc_frame = pd.DataFrame(
        {
            KIND: disc["kind"].map(kinds),
            col("col-note"): disc[f"description_{lang}"],
            col("col-values"): disc["values"] if lang == "zh" else disc[f"values_{lang}"],
            col("col-section"): [
                section_link(s, root, _numbers(v), T) for s, v in zip(disc["sections"], disc["values"], strict=False)
            ],
            col("col-indicator"): [names.get(i, "") if not blank(i) else "" for i in disc["indicator_id"]],
        }
    )
    a = d.audit
    parent = d.indicators.set_index("id")["parent_id"]

    def page_of(i: str) -> str:  # parts live on their parent's page
        return parent[i] if isinstance(parent[i], str) else i

    audit_frame = pd.DataFrame(
        {
            col("col-indicator"): [
                Markup(f'<a href="../indicators/{page_of(i)}/">{Markup.escape(names[i])}</a>') for i in a["id"]
            ],
            col("col-method"): a["progress_method"].map(
                {c: d.labels.description("progress_method", c, lang) for c in d.labels.codes("progress_method")}
            ),
            col("col-reported-progress"): [f"{number(x)}%" for x in a["reported_progress_pct"]],
            col("col-recomputed"): [pct(x) if not blank(x) else col("audit-not-computable") for x in a["progress_pct"]],
            col("col-result"): [
                col("audit-match") if ok else col("audit-mismatch-listed") if ids else col("audit-mismatch")
                for ok, ids in zip(a["progress_agrees"], a["discrepancy_ids"], strict=False)
            ],
        }
    )
    groups = [
        {
            "kind": k,
            "label": kinds[k],
            "note": d.labels.description("discrepancies.kind", k, lang),
            "count": int((disc["kind"] == k).sum()),
            "table": table(
                disc_frame[disc["kind"] == k].drop(columns=[KIND]), caption=kinds[k], numeric=set(), words=T
            ),
        }
        for k in kinds
        if (disc["kind"] == k).any()
    ]
    return {
        PAGE: p.render(
            PAGE,
            "audit.md.j2",
            discrepancies=records(disc),
            audit=records(a),
            groups=groups,
            audit_table=table(audit_frame, numeric=set(), words=T),
        )
    }


def _numbers(values) -> list[str]:
    """The numbers in a discrepancy's values text ("98.8%; 98.84%"), to be marked on the report page."""
    return [] if blank(values) else re.findall(r"\d+(?:\.\d+)?", str(values))
