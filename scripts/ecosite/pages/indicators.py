"""The indicator index and one page per top-level indicator (its parts are shown on it).

The look-ups an indicator page needs (names, sources, assessments and discrepancies by indicator) are grouped once
per build and language (`Lookups`), so a page costs its own rows, not a pass over the tables (issue 13)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import citation as cite
from .. import interface
from ..datapages import indicator_page
from ..derive import Derived, group_rows
from ..inputs import Job
from ..render import blank, number, observation, pct, section_link, slug, table, unit_gap, value_card
from ..values import text_or_empty
from .common import Pages, records
from .tables import indicator_table

INDEX = "indicators/index.md"


def pages(job: Job) -> dict[str, str]:
    p, d = Pages(job), job.d
    out = {
        INDEX: p.render(
            INDEX,
            "indicators_index.md.j2",
            counts=d.counts(),
            categories=records(d.tables["indicators"]["categories"].sort_values("position")),
            table=indicator_table(d, d.top_level(), INDEX, p.T),
        )
    }
    look = Lookups.of(d, p.lang)
    for _, ind in d.top_level().iterrows():
        page = indicator_page(slug(ind["id"], "indicators.csv id"))
        out[page] = p.render(page, "indicator.md.j2", **_context(p, look, ind, page, job.charts[ind["id"]]))
    return out


@dataclass(frozen=True)
class Lookups:
    """What every indicator page looks up, grouped once per build and language."""

    names: pd.Series  # indicator id → name in the page's language
    sources: pd.DataFrame  # the evaluations, by id
    assessments: dict[str, pd.DataFrame]  # indicator id → its assessments, oldest report first
    no_assessments: pd.DataFrame  # the table's columns, no rows
    status_names: dict[str, str]  # status code → its label in the page's language
    discrepancies: pd.DataFrame  # the discrepancies table
    discrepancy_row: dict[str, int]  # discrepancy id → its row

    @classmethod
    def of(cls, d: Derived, lang: str) -> Lookups:
        t = d.tables["indicators"]
        sources = t["sources"].set_index("id")
        assessments = {
            i: rows.assign(_p=lambda f: f["source_id"].map(sources["published"])).sort_values("_p")
            for i, rows in group_rows(t["assessments"], "indicator_id").items()
        }
        disc = t["discrepancies"]
        return cls(
            names=d.indicators.set_index("id")[f"name_{lang}"],
            sources=sources,
            assessments=assessments,
            no_assessments=t["assessments"].iloc[0:0],
            status_names=d.labels.names("status", lang),
            discrepancies=disc,
            discrepancy_row={i: n for n, i in enumerate(disc["id"])},
        )

    def discrepancies_of(self, ids: set[str]) -> pd.DataFrame:
        """These discrepancies, in the table's order."""
        return self.discrepancies.iloc[sorted(self.discrepancy_row[i] for i in ids if i in self.discrepancy_row)]


def _context(p: Pages, look: Lookups, ind: pd.Series, page: str, charts: list) -> dict:
    d, words = p.d, p.T
    root = p.root(page)  # section links lead to the report text at the site root
    unit = words.unit(text_or_empty(ind["unit"]))
    parts = d.parts(ind["id"])
    ids = set(ind["discrepancy_ids"]) | {i for ids in parts["discrepancy_ids"] for i in ids}
    return {
        "ind": {
            k: (None if blank(v) else v) if not isinstance(v, (list, dict)) else v for k, v in ind.to_dict().items()
        },
        "unit": unit or None,
        "progress_text": _progress_text(d, ind, words),
        "gap_text": _gap_text(ind, unit, words),
        "plan_end": d.plan["end_year"],
        "recommendation": not blank(ind["recommendation_zh"]),
        "charts": [p.fig(c, page) for c in charts],
        "card": _card(ind, unit, parts, words),
        "parts": _parts_table(parts, words) if len(parts) else None,
        "observations": _observations_table(d, look, ind, parts, root, words),
        "history": _history_table(look, ind, root, words),
        "discrepancies": records(look.discrepancies_of(ids)),
        "citation": _citation(p, ind),
    }


def _progress_text(d: Derived, ind: pd.Series, T: interface.Words) -> str:
    method = ind["progress_method"]
    if ind["progress_pct"] is not None and not blank(ind["progress_pct"]):
        return f"{ind['progress_pct']:.2f}%"
    if method == "target_met" and ind["target_met"] is not None:
        return T.plain("progress-met" if ind["target_met"] else "progress-not-met")
    if method == "none":
        return T.plain("progress-na", why=d.labels.description("progress_method", "none", T.lang))
    return T.plain("progress-no-data")


def _gap_text(ind: pd.Series, unit: str, T: interface.Words) -> str:
    if ind["gap"] is None or blank(ind["gap"]):
        return T.plain("gap-not-numeric")
    if ind["gap"] == 0:
        return T.plain("gap-met")
    value = number(round(ind["gap"], 6), T.lang)
    return T.plain("gap-left", gap=f"{value}{unit}" if T.lang == "zh" else f"{value}{unit_gap(unit, T.lang)}{unit}")


def _card(ind: pd.Series, unit: str, parts: pd.DataFrame, words: interface.Words):
    shown = [
        {
            "name": part[f"name_{words.lang}"],
            "unit": None if blank(part["unit"]) else words.unit(part["unit"]),
            "latest": part["latest"],
            "target": part["target"],
        }
        for _, part in parts.iterrows()
    ]
    return value_card({**ind.to_dict(), "unit": unit}, shown, words)


def _observations_table(
    d: Derived, look: Lookups, ind: pd.Series, parts: pd.DataFrame, root: str, words: interface.Words
):
    """Every value of the indicator (and of its parts, named in a first column), with its report section."""
    lang, col = words.lang, words.plain
    obs = d.observations(ind["id"])
    rows = pd.concat([obs] + [d.observations(i) for i in parts["id"]]) if len(parts) else obs
    frame = pd.DataFrame(
        {
            col("col-indicator"): [look.names[i] for i in rows["indicator_id"]],
            col("col-year"): rows["year"].tolist(),
            col("col-role"): rows["role"].map(d.labels.names("role", lang)).tolist(),
            col("col-value"): [
                observation(r, "", lang) if not blank(r.get("value")) else "" for r in rows.to_dict("records")
            ],
            col("col-value-text"): rows[f"value_text_{lang}"].tolist(),
            col("col-derived"): [col("yes") if x else "" for x in rows["derived"]],
            col("col-note"): rows[f"note_{lang}"].tolist(),
            col("col-section"): [
                section_link(s, root, [] if r.get("derived") else [r.get("value")], words)
                for s, r in zip(rows["source_section"], rows.to_dict("records"), strict=False)
            ],
            col("col-source"): rows["source_id"].map(look.sources["published"]).tolist(),
        }
    )
    if not len(parts):
        frame = frame.drop(columns=[col("col-indicator")])
    return table(frame, numeric=set())


def _parts_table(parts: pd.DataFrame, words: interface.Words):
    lang, col = words.lang, words.plain

    def shown(o, u) -> str:
        return observation(o, words.unit(text_or_empty(u)), lang)

    year = (lambda y: f"（{y}）") if lang == "zh" else (lambda y: f" ({y})")
    return table(
        pd.DataFrame(
            {
                col("col-part"): parts[f"name_{lang}"].tolist(),
                col("col-latest"): [
                    shown(o, u) + (year(o["year"]) if o else "")
                    for o, u in zip(parts["latest"], parts["unit"], strict=False)
                ],
                col("col-target"): [shown(o, u) for o, u in zip(parts["target"], parts["unit"], strict=False)],
                col("col-progress"): [pct(x) if not blank(x) else "" for x in parts["progress_pct"]],
                col("col-progress-reported"): [
                    f"{number(x)}%" if not blank(x) else "" for x in parts["reported_progress_pct"]
                ],
            }
        ),
        numeric=set(),
        words=words,
    )


def _history_table(look: Lookups, ind: pd.Series, root: str, words: interface.Words):
    """The indicator's assessment in each evaluation report, oldest first."""
    lang, col = words.lang, words.plain
    asm = look.assessments.get(ind["id"], look.no_assessments)
    sources = look.sources
    bracket = (lambda t, p: f"{t}（{p}）") if lang == "zh" else (lambda t, p: f"{t} ({p})")
    return table(
        pd.DataFrame(
            {
                col("col-report"): [
                    bracket(sources.loc[s, f"title_{lang}"], sources.loc[s, "published"]) for s in asm["source_id"]
                ],
                col("col-conclusion"): [
                    look.status_names.get(x, "") if isinstance(x, str) else "" for x in asm["status"]
                ],
                col("col-reported-progress"): [
                    f"{number(x)}%" if not blank(x) else "" for x in asm["reported_progress_pct"]
                ],
                col("col-section"): [
                    section_link(s, root, [v], words)
                    for s, v in zip(asm["source_section"], asm["reported_progress_pct"], strict=False)
                ],
            }
        ),
        numeric=set(),
        words=words,
    )


def _citation(p: Pages, ind: pd.Series) -> dict[str, str]:
    """How to cite the indicator: text, BibTeX, RIS and CSL-JSON (English pages: the text in English)."""
    d, T, lang, site_url = p.d, p.T, p.lang, p.job.inputs.site_url
    url = f"{site_url.rstrip('/')}/indicators/{ind['id']}/" if site_url else f"/indicators/{ind['id']}/"
    work = cite.work(
        d,
        "indicators",
        url,
        p.job.inputs.data_date,
        key=f"kunming-eco-{ind['id']}",
        title=T.plain("indicator-of-plan", name=ind["name_zh"]) if lang == "zh" else None,
        title_en=ind["name_en"],
        section=ind["assessment_section"],
    )
    citation = cite.formats(work)
    citation["ris"] = citation["ris"].replace("\r\n", "\n")  # shown in a page; the .ris files keep CRLF
    if lang != "zh":  # the English citation text, from the same work; the file formats stay as they are
        source = d.current_source
        citation["text"] = T.plain(
            "cite-text",
            author=source["publisher_en"],
            report=source["title_en"],
            published=source["published"],
            section=interface.section_number(ind["assessment_section"], lang),
            publisher=work.publisher,
            title=T.plain("indicator-of-plan", name=ind["name_en"]),
            version=work.version,
            date=work.date,
            url=work.url,
            licence=work.licence,
        )
    return citation
