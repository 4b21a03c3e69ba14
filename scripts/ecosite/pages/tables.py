"""Tables that more than one family of pages shows: the indicator table (home, indicator index), key figures and
projects under a report section (columns, areas; the figures and projects pages)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from .. import interface
from ..derive import Derived
from ..render import blank, number, observation, section_link, table, unit_gap
from ..values import text_or_empty
from .common import root_of


def indicator_table(d: Derived, rows: pd.DataFrame, page: str, words: interface.Words, compact: bool = False) -> Markup:
    root, lang, col = root_of(page), words.lang, words.plain
    if not compact:
        rows = rows.sort_values(
            ["list", "position"], key=lambda s: s.map({"main": 0, "chapter": 1}) if s.name == "list" else s
        )
    name = f"name_{lang}"
    parents = set(d.indicators["parent_id"].dropna())
    frame = pd.DataFrame(
        {
            col("col-indicator"): [
                Markup(f'<a href="{root}indicators/{r.id}/">{Markup.escape(getattr(r, name))}</a>')
                for r in rows.itertuples()
            ],
            col("col-conclusion"): [
                Markup(f'<span class="badge badge-{r.status}">{d.labels.label("status", r.status, lang)}</span>')
                if isinstance(r.status, str)
                else ""
                for r in rows.itertuples()
            ],
            col("col-nature"): [
                d.labels.names("nature", lang).get(x, "") if isinstance(x, str) else "" for x in rows["nature"]
            ],
            col("col-category"): rows[f"category_{lang}"].tolist(),
            col("col-list"): [
                interface.LIST_SEP[lang].join(d.labels.label("list", n, lang) for n in x) for x in rows["lists"]
            ],
            col("col-latest"): [value_cell(r, "latest", words, r.id in parents) for r in rows.itertuples()],
            col("col-target"): [value_cell(r, "target", words, r.id in parents) for r in rows.itertuples()],
            col("col-progress"): rows["progress_pct"].round(2).tolist(),
        }
    )
    if compact:
        frame = frame.drop(columns=[col("col-nature"), col("col-list")])

    def attrs(row):
        r = rows.iloc[frame.index.get_loc(row.name)]
        return {
            "data-status": r["status"] or "",
            "data-nature": r["nature"] if isinstance(r["nature"], str) else "none",
            "data-category": r["category_id"],
            "data-lists": " ".join(r["lists"]),
        }

    # On phones site.css shows each row as a card (cells labelled by data-label); nature, category and list give way.
    return table(
        frame,
        numeric={col("col-progress")},
        row_attrs=attrs,
        cls="data-table sortable indicator-table",
        labelled=True,
        words=words,
    )


def value_cell(row, role: str, words: interface.Words, has_parts: bool) -> str:
    """An indicator's latest value or target for a table cell; parents point to their parts."""
    obs = getattr(row, role)
    if obs is None and has_parts:
        return words.plain("see-parts")
    text = observation(obs, words.unit(text_or_empty(row.unit)), words.lang)
    if not (obs and role == "latest"):
        return text
    return text + (f"（{obs['year']}）" if words.lang == "zh" else f" ({obs['year']})")


def section_match(frame: pd.DataFrame, prefix: str) -> pd.Series:
    """Rows whose source_section (any of several) lies under a section prefix, e.g. 一(三)专栏7."""

    def under(sections: str) -> bool:
        for s in str(sections).split("; "):
            if s == prefix or (s.startswith(prefix) and not s[len(prefix) : len(prefix) + 1].isdigit()):
                return True
        return False

    return frame["source_section"].map(under)


def with_unit(value, unit, words: interface.Words, qualifier=None) -> str:
    """A number with its unit in the page's language ('25万千瓦'; '25 10,000 kW')."""
    if blank(value):
        return ""
    u = words.unit(None if blank(unit) else unit)
    q = "" if blank(qualifier) else qualifier
    gap = unit_gap(u, words.lang)
    return f"{q}{number(value, words.lang)}{gap}{u}"


def figure_rows(frame: pd.DataFrame, root: str, words: interface.Words) -> pd.DataFrame:
    lang = words.lang
    if lang == "zh":
        values = [
            f"{'' if blank(q) else q}{number(v)}" for q, v in zip(frame["qualifier"], frame["value"], strict=False)
        ]
        units = frame["unit"].tolist()
    else:  # the unit goes with the number (an English unit such as "10,000 tonnes" reads as one phrase)
        values = [
            with_unit(v, u, words, q)
            for q, v, u in zip(frame["qualifier"], frame["value"], frame["unit"], strict=False)
        ]
        units = None
    columns = {
        words.plain("col-item"): frame[f"item_{lang}"].tolist(),
        words.plain("col-value"): values,
        words.plain("col-unit"): units,
        words.plain("col-year"): [("" if blank(y) else int(y)) for y in frame["year"]],
        words.plain("col-section"): [
            section_link(s, root, [v], words) for s, v in zip(frame["source_section"], frame["value"], strict=False)
        ],
    }
    return pd.DataFrame({k: v for k, v in columns.items() if v is not None})


def figure_table(d: Derived, prefix: str, root: str, words: interface.Words) -> Markup | None:
    figs = d.tables["tasks"]["figures"]
    mine = figs[section_match(figs, prefix)]
    return table(figure_rows(mine, root, words), numeric=set(), words=words) if len(mine) else None


def project_rows(d: Derived, frame: pd.DataFrame, root: str, words: interface.Words) -> pd.DataFrame:
    p = d.tables["projects"]
    lang = words.lang
    cats = p["categories"].set_index("id")[f"name_{lang}"]
    stats = p["statuses"].set_index("id")[f"name_{lang}"]
    county = (
        frame["county"].tolist()
        if lang == "zh"
        else ["" if blank(c) else f"{d.labels.label('county', c, lang)} ({c})" for c in frame["county"]]
    )

    def amount(v, u) -> str:
        if lang != "zh":
            return with_unit(v, u, words)
        return f"{number(v)}{'' if blank(u) else u}" if not blank(v) else ""

    return pd.DataFrame(
        {
            words.plain("col-project"): frame[f"name_{lang}"].tolist(),
            words.plain("col-county"): county,
            words.plain("col-category"): frame["category"].map(cats).tolist(),
            words.plain("col-status"): frame["status"].map(stats).tolist(),
            words.plain("col-status-text"): frame[f"status_text_{lang}"].tolist(),
            words.plain("col-scale"): [
                amount(v, u) for v, u in zip(frame["capacity"], frame["capacity_unit"], strict=False)
            ],
            words.plain("col-investment"): [
                amount(v, u) for v, u in zip(frame["investment"], frame["investment_unit"], strict=False)
            ],
            words.plain("col-section"): [
                section_link(s, root, [c, i], words)
                for s, c, i in zip(frame["source_section"], frame["capacity"], frame["investment"], strict=False)
            ],
        }
    )


def project_table(d: Derived, prefix: str, root: str, words: interface.Words) -> Markup | None:
    projects = d.tables["projects"]["projects"]
    mine = projects[section_match(projects, prefix)]
    return table(project_rows(d, mine, root, words), numeric=set(), words=words) if len(mine) else None
