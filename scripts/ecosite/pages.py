"""Markdown pages generated from the data, one template per kind of page.

`generate(derived)` returns {path inside docs: markdown text} and the charts
used, so the mkdocs hook can add them to the site without writing into docs/.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import charts as ch
from . import citation as cite
from . import interface, sourcepages
from .derive import Derived
from .paths import ROOT
from .render import (
    blank,
    chart_figure,
    number,
    observation,
    pct,
    section_link,
    slug,
    slugify,
    table,
    text,
    unit_gap,
    value_card,
    yaml_title,
)
from .values import text_or_empty
from .vocab import Labels, Lang

TEMPLATES = ROOT / "scripts" / "ecosite" / "templates"


@dataclass
class Generated:
    pages: dict[str, str] = field(default_factory=dict)
    charts: list[ch.Chart] = field(default_factory=list)
    revisions: list = field(default_factory=list)  # data changes from git (changelog page and Atom feed)


def _env(labels: Labels, lang: Lang = "zh") -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=text, num=number, pct=pct, yaml_title=yaml_title, src=section_link)
    env.globals.update(
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
    return env


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if blank(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _root(page: str) -> str:
    """Relative prefix from a page's URL back to the site root (directory URLs)."""
    parts = page.removesuffix(".md").split("/")
    depth = len(parts) - (1 if parts[-1] == "index" else 0)
    return "../" * depth


def generate(d: Derived, site_url: str = "", data_date: str | None = None, lang: Lang = "zh") -> Generated:
    """`data_date`: the last data change (ISO date), used in citations; the source report's month when unknown.

    `lang`: the page's language: the codes' words (labels from the schemas), the charts, the interface text
    (tasks/interface.csv, `T` in the templates) and the data's text columns (`row|tr("name")`)."""
    from .downloads import data_date as fallback_date

    env, out = _env(d.labels, lang), Generated()
    T = interface.install(env, d.tables["tasks"]["interface"], lang, d.tables["tasks"]["units"])
    data_date = data_date or fallback_date(d, None)

    def add(page: str, template: str, used: list[ch.Chart] = (), **context):
        out.charts.extend(used)
        # root: the whole site's root (downloads, API, charts, the Chinese report text); lroot: this language's root
        root = _root(page) + ("../" if lang == "en" else "")
        out.pages[page] = env.get_template(template).render(
            root=root, lroot=_root(page), source=d.current_source, **context
        )

    up = "../" if lang == "en" else ""  # from the English site's root to the whole site's (charts, downloads, report)

    def fig(chart: ch.Chart | None, page: str):
        return None if chart is None else chart_figure(chart, _root(page) + up, T)

    t = d.tables
    counts = d.counts()

    # Home
    home = [ch.status_by_list(d, lang), ch.status_by_category(d, lang), ch.status_by_nature(d, lang)]
    milestones = {r["id"]: r for r in _records(t["indicators"]["milestones"])}
    kpis = _kpis(d)
    add(
        "index.md",
        "index.md.j2",
        home,
        counts=counts,
        milestones=milestones,
        kpis=kpis,
        context=_home_context(d),
        charts={
            "list": fig(home[0], "index.md"),
            "category": fig(home[1], "index.md"),
            "nature": fig(home[2], "index.md"),
        },
        attention=_indicator_table(d, _attention(d), "index.md", T, compact=True),
    )

    # Indicators
    cats = _records(t["indicators"]["categories"].sort_values("position"))
    add(
        "indicators/index.md",
        "indicators_index.md.j2",
        counts=counts,
        categories=cats,
        table=_indicator_table(d, d.top_level(), "indicators/index.md", T),
    )
    for _, ind in d.top_level().iterrows():
        page = f"indicators/{slug(ind['id'], 'indicators.csv id')}.md"
        used = [c for c in (ch.indicator_path(d, ind["id"], lang), ch.parts_bars(d, ind["id"], lang)) if c is not None]
        add(page, "indicator.md.j2", used, **_indicator_context(d, ind, page, used, site_url, data_date, T))

    # Tasks
    tk = t["tasks"]
    areas = (
        tk["areas"]
        .sort_values("number")
        .assign(task_count=lambda a: a["id"].map(tk["major_tasks"].groupby("area_id").size()).fillna(0).astype(int))
    )
    add(
        "tasks/index.md",
        "tasks_index.md.j2",
        columns=_records(tk["columns"].sort_values("number")),
        areas=_records(areas),
        column_task_count=len(tk["column_tasks"]),
        major_task_count=len(tk["major_tasks"]),
        report_sections=_records(tk["report_sections"]),
    )
    for col in _records(tk["columns"]):
        page = f"tasks/{slug(col['id'], 'columns.csv id')}.md"
        prefix = col["source_section"]
        add(
            page,
            "column.md.j2",
            col=col,
            tasks=_records(tk["column_tasks"][tk["column_tasks"]["column_id"] == col["id"]].sort_values("number")),
            figures=_figure_table(d, prefix, _root(page) + up, T),
            projects=_project_table(d, prefix, _root(page) + up, T),
        )
    for area in _records(areas):
        page = f"tasks/{slug(area['id'], 'areas.csv id')}.md"
        prefix = area["source_section"]
        add(
            page,
            "area.md.j2",
            area=area,
            tasks=_records(tk["major_tasks"][tk["major_tasks"]["area_id"] == area["id"]].sort_values("position")),
            figures=_figure_table(d, prefix, _root(page) + up, T),
            projects=_project_table(d, prefix, _root(page) + up, T),
        )
    add("report.md", "report.md.j2", sections=_records(tk["report_sections"]))

    # The report itself, section by section (every source_section links here)
    source_pages = sourcepages.build(t.frames, T)
    listing = [{"page": p, "title": c["title"]} for p, c in source_pages.items()]
    doc = _records(t["report"]["document"])[0]
    for p, ctx in source_pages.items():
        add(f"source/{p}.md", "source.md.j2", ctx=ctx, pages=listing, doc=doc)

    # Projects, monitoring, figures, audit, dictionary
    _projects_page(d, add, fig, T)
    _monitoring_page(d, add, fig, T)
    _figures_page(d, add, fig, T)
    _audit_page(d, add, T)
    out.pages["data-dictionary.md"] = dictionary_page(d)
    out.pages["validation.md"] = validation_page(d, data_date)
    from . import changelog

    out.revisions = changelog.history(d.tables.root, list(d.tables.packages), CHANGELOG_LIMIT)
    out.pages["changelog.md"] = changelog_page(d, revisions=out.revisions)
    return out


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


def _indicator_table(
    d: Derived, rows: pd.DataFrame, page: str, words: interface.Words, compact: bool = False
) -> Markup:
    root, lang, col = _root(page), words.lang, words.plain
    if not compact:
        rows = rows.sort_values(
            ["list", "position"], key=lambda s: s.map({"main": 0, "chapter": 1}) if s.name == "list" else s
        )
    name = f"name_{lang}"
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
            col("col-latest"): [_value_cell(d, r, "latest", words) for r in rows.itertuples()],
            col("col-target"): [_value_cell(d, r, "target", words) for r in rows.itertuples()],
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


def _value_cell(d: Derived, row, role: str, words: interface.Words) -> str:
    """An indicator's latest value or target for a table cell; parents point to their parts."""
    obs = getattr(row, role)
    if obs is None and (d.indicators["parent_id"] == row.id).any():
        return words.plain("see-parts")
    text = observation(obs, words.unit(text_or_empty(row.unit)), words.lang)
    if not (obs and role == "latest"):
        return text
    return text + (f"（{obs['year']}）" if words.lang == "zh" else f" ({obs['year']})")


def _indicator_context(
    d: Derived, ind: pd.Series, page: str, used: list, site_url: str, data_date: str, words: interface.Words
) -> dict:
    lang, T = words.lang, words
    root = _root(page) + ("../" if lang != "zh" else "")  # section links lead to the report text at the site root
    unit = words.unit(text_or_empty(ind["unit"]))
    method = ind["progress_method"]
    if ind["progress_pct"] is not None and not blank(ind["progress_pct"]):
        progress_text = f"{ind['progress_pct']:.2f}%"
    elif method == "target_met" and ind["target_met"] is not None:
        progress_text = T.plain("progress-met" if ind["target_met"] else "progress-not-met")
    else:
        progress_text = (
            T.plain("progress-na", why=d.labels.description("progress_method", "none", lang))
            if method == "none"
            else T.plain("progress-no-data")
        )
    if ind["gap"] is None or blank(ind["gap"]):
        gap_text = T.plain("gap-not-numeric")
    elif ind["gap"] == 0:
        gap_text = T.plain("gap-met")
    else:
        value = number(round(ind["gap"], 6), lang)
        gap_text = T.plain("gap-left", gap=f"{value}{unit}" if lang == "zh" else f"{value}{unit_gap(unit, lang)}{unit}")
    obs = d.observations(ind["id"])
    parts = d.parts(ind["id"])
    obs_all = pd.concat([obs] + [d.observations(p) for p in parts["id"]]) if len(parts) else obs
    names = d.indicators.set_index("id")[f"name_{lang}"]
    sources = d.tables["indicators"]["sources"].set_index("id")
    col = T.plain
    obs_frame = pd.DataFrame(
        {
            col("col-indicator"): [names[i] for i in obs_all["indicator_id"]],
            col("col-year"): obs_all["year"].tolist(),
            col("col-role"): obs_all["role"].map(d.labels.names("role", lang)).tolist(),
            col("col-value"): [
                observation(r, "", lang) if not blank(r.get("value")) else "" for r in obs_all.to_dict("records")
            ],
            col("col-value-text"): obs_all[f"value_text_{lang}"].tolist(),
            col("col-derived"): [col("yes") if x else "" for x in obs_all["derived"]],
            col("col-note"): obs_all[f"note_{lang}"].tolist(),
            col("col-section"): [
                section_link(s, root, [] if r.get("derived") else [r.get("value")], words)
                for s, r in zip(obs_all["source_section"], obs_all.to_dict("records"), strict=False)
            ],
            col("col-source"): obs_all["source_id"].map(sources["published"]).tolist(),
        }
    )
    if not len(parts):
        obs_frame = obs_frame.drop(columns=[col("col-indicator")])
    parts_table = None
    if len(parts):

        def shown(o, u) -> str:
            return observation(o, words.unit(text_or_empty(u)), lang)

        year = (lambda y: f"（{y}）") if lang == "zh" else (lambda y: f" ({y})")
        parts_table = table(
            pd.DataFrame(
                {
                    col("col-part"): parts[f"name_{lang}"].tolist(),
                    col("col-latest"): [
                        shown(p, u) + (year(p["year"]) if p else "")
                        for p, u in zip(parts["latest"], parts["unit"], strict=False)
                    ],
                    col("col-target"): [shown(p, u) for p, u in zip(parts["target"], parts["unit"], strict=False)],
                    col("col-progress"): [pct(x) if not blank(x) else "" for x in parts["progress_pct"]],
                    col("col-progress-reported"): [
                        f"{number(x)}%" if not blank(x) else "" for x in parts["reported_progress_pct"]
                    ],
                }
            ),
            numeric=set(),
            words=words,
        )
    asm = d.tables["indicators"]["assessments"]
    asm = (
        asm[asm["indicator_id"] == ind["id"]]
        .assign(_p=lambda f: f["source_id"].map(sources["published"]))
        .sort_values("_p")
    )
    bracket = (lambda t, p: f"{t}（{p}）") if lang == "zh" else (lambda t, p: f"{t} ({p})")
    history = table(
        pd.DataFrame(
            {
                col("col-report"): [
                    bracket(sources.loc[s, f"title_{lang}"], sources.loc[s, "published"]) for s in asm["source_id"]
                ],
                col("col-conclusion"): [
                    d.labels.names("status", lang).get(x, "") if isinstance(x, str) else "" for x in asm["status"]
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
    disc = d.tables["indicators"]["discrepancies"]
    ids = set(ind["discrepancy_ids"]) | {i for p in parts["discrepancy_ids"] for i in p}
    url = f"{site_url.rstrip('/')}/indicators/{ind['id']}/" if site_url else f"/indicators/{ind['id']}/"
    work = cite.work(
        d,
        "indicators",
        url,
        data_date,
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
    return {
        "ind": {
            k: (None if blank(v) else v) if not isinstance(v, (list, dict)) else v for k, v in ind.to_dict().items()
        },
        "unit": unit or None,
        "progress_text": progress_text,
        "gap_text": gap_text,
        "plan_end": d.plan["end_year"],
        "recommendation": not blank(ind["recommendation_zh"]),
        "charts": [chart_figure(c, root, words) for c in used],
        "card": value_card(
            {**ind.to_dict(), "unit": unit},
            [
                {
                    "name": p[f"name_{words.lang}"],
                    "unit": None if blank(p["unit"]) else words.unit(p["unit"]),
                    "latest": p["latest"],
                    "target": p["target"],
                }
                for _, p in parts.iterrows()
            ],
            words,
        ),
        "parts": parts_table,
        "observations": table(obs_frame, numeric=set()),
        "history": history,
        "discrepancies": _records(disc[disc["id"].isin(ids)]),
        "citation": citation,
    }


def _section_match(frame: pd.DataFrame, prefix: str) -> pd.Series:
    """Rows whose source_section (any of several) lies under a section prefix, e.g. 一(三)专栏7."""

    def under(sections: str) -> bool:
        for s in str(sections).split("; "):
            if s == prefix or (s.startswith(prefix) and not s[len(prefix) : len(prefix) + 1].isdigit()):
                return True
        return False

    return frame["source_section"].map(under)


def _with_unit(value, unit, words: interface.Words, qualifier=None) -> str:
    """A number with its unit in the page's language ('25万千瓦'; '25 10,000 kW')."""
    if blank(value):
        return ""
    u = words.unit(None if blank(unit) else unit)
    q = "" if blank(qualifier) else qualifier
    gap = unit_gap(u, words.lang)
    return f"{q}{number(value, words.lang)}{gap}{u}"


def _figure_rows(frame: pd.DataFrame, root: str, words: interface.Words) -> pd.DataFrame:
    lang = words.lang
    if lang == "zh":
        values = [
            f"{'' if blank(q) else q}{number(v)}" for q, v in zip(frame["qualifier"], frame["value"], strict=False)
        ]
        units = frame["unit"].tolist()
    else:  # the unit goes with the number (an English unit such as "10,000 tonnes" reads as one phrase)
        values = [
            _with_unit(v, u, words, q)
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


def _figure_table(d: Derived, prefix: str, root: str, words: interface.Words) -> Markup | None:
    figs = d.tables["tasks"]["figures"]
    mine = figs[_section_match(figs, prefix)]
    return table(_figure_rows(mine, root, words), numeric=set(), words=words) if len(mine) else None


def _project_rows(d: Derived, frame: pd.DataFrame, root: str, words: interface.Words) -> pd.DataFrame:
    p = d.tables["projects"]
    lang = words.lang
    cats = p["categories"].set_index("id")[f"name_{lang}"]
    stats = p["statuses"].set_index("id")[f"name_{lang}"]
    county = (
        frame["county"].tolist()
        if lang == "zh"
        else ["" if blank(c) else f"{d.labels.label('county', c, lang)} ({c})" for c in frame["county"]]
    )
    return pd.DataFrame(
        {
            words.plain("col-project"): frame[f"name_{lang}"].tolist(),
            words.plain("col-county"): county,
            words.plain("col-category"): frame["category"].map(cats).tolist(),
            words.plain("col-status"): frame["status"].map(stats).tolist(),
            words.plain("col-status-text"): frame[f"status_text_{lang}"].tolist(),
            words.plain("col-scale"): [
                _with_unit(v, u, words)
                if lang != "zh"
                else (f"{number(v)}{'' if blank(u) else u}" if not blank(v) else "")
                for v, u in zip(frame["capacity"], frame["capacity_unit"], strict=False)
            ],
            words.plain("col-investment"): [
                _with_unit(v, u, words)
                if lang != "zh"
                else (f"{number(v)}{'' if blank(u) else u}" if not blank(v) else "")
                for v, u in zip(frame["investment"], frame["investment_unit"], strict=False)
            ],
            words.plain("col-section"): [
                section_link(s, root, [c, i], words)
                for s, c, i in zip(frame["source_section"], frame["capacity"], frame["investment"], strict=False)
            ],
        }
    )


def _project_table(d: Derived, prefix: str, root: str, words: interface.Words) -> Markup | None:
    projects = d.tables["projects"]["projects"]
    mine = projects[_section_match(projects, prefix)]
    return table(_project_rows(d, mine, root, words), numeric=set(), words=words) if len(mine) else None


def _projects_page(d: Derived, add, fig, T: interface.Words) -> None:
    p = d.tables["projects"]
    lang, col = T.lang, T.plain
    projects = p["projects"]
    cats, statuses = p["categories"].sort_values("position"), p["statuses"].sort_values("position")
    rows = _project_rows(d, projects, _root("projects.md") + ("../" if lang != "zh" else ""), T)

    def attrs(row):
        r = projects.iloc[row.name]
        return {
            "data-category": r["category"],
            "data-status": r["status"],
            "data-county": "" if blank(r["county"]) else r["county"],
        }

    counties = sorted(projects["county"].dropna().unique())
    src = ["data/projects/projects.csv"]
    f = ch.FIELDS[lang]  # chart fields: fixed names (each chart's CSV columns), not interface text
    N, CAT, STATUS, COUNTY = f["projects"], f["category"], f["status"], f["county"]
    name = f"name_{lang}"
    by_cat = (
        projects.groupby("category")
        .size()
        .rename(N)
        .reset_index()
        .assign(**{CAT: lambda f: f["category"].map(cats.set_index("id")[name])})
    )
    by_status = (
        projects.groupby("status")
        .size()
        .rename(N)
        .reset_index()
        .assign(**{STATUS: lambda f: f["status"].map(statuses.set_index("id")[name])})
    )
    status_order = [s for s in statuses[name] if s in set(by_status[STATUS])]
    county_name = (lambda c: c) if lang == "zh" else (lambda c: f"{d.labels.label('county', c, lang)} ({c})")
    # charts carry no Chinese on English pages (the table and the filter add the original name in brackets)
    chart_county = (lambda c: c) if lang == "zh" else (lambda c: d.labels.label("county", c, lang))
    by_county = (
        projects.assign(county=[col("county-unstated") if blank(c) else chart_county(c) for c in projects["county"]])
        .groupby("county")
        .size()
        .rename(N)
        .reset_index()
        .rename(columns={"county": COUNTY})
    )
    count = T.unit("个")
    opts = {"lang": lang, "words": T}
    charts = [
        ch.count_bars(
            "projects-by-category", col("chart-projects-by-category"), by_cat[[CAT, N]], CAT, N, count, src, **opts
        ),
        ch.count_bars(
            "projects-by-status",
            col("chart-projects-by-status"),
            by_status[[STATUS, N]],
            STATUS,
            N,
            count,
            src,
            sort=status_order,
            **opts,
        ),
        ch.count_bars("projects-by-county", col("chart-projects-by-county"), by_county, COUNTY, N, count, src, **opts),
    ]
    add(
        "projects.md",
        "projects.md.j2",
        charts,
        count=len(projects),
        categories=_records(cats),
        statuses=_records(statuses),
        counties=[{"value": c, "name": county_name(c)} for c in counties],
        # On phones site.css shows each project as a card (cells labelled by data-label).
        table=table(rows, numeric=set(), row_attrs=attrs, cls="data-table sortable card-table", labelled=True, words=T),
        charts=[fig(c, "projects.md") for c in charts],
        summary=_projects_summary(d),
    )


def _monitoring_page(d: Derived, add, fig, T: interface.Words) -> None:
    m = d.tables["monitoring"]
    lang, col = T.lang, T.plain
    media = m["media"].sort_values("position")
    net = m["network"].merge(media, on="medium").sort_values(["position", "count"], ascending=[True, False])
    medium_name = net["medium"] if lang == "zh" else net["name_en"]
    src = ["data/monitoring/network.csv"]
    f = ch.FIELDS[lang]  # chart fields: fixed names (each chart's CSV columns), not interface text
    ITEM, COUNT, MEDIUM, N = f["item"], f["count"], f["medium"], f["projects"]
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    charts, ids = [], set()
    opts = {"lang": lang, "words": T}
    for medium, rows in net.groupby("medium", sort=False):
        # An empty unit must not become "nan"/null in a label: only add the brackets when there is a unit.
        frame = pd.DataFrame(
            {
                ITEM: [
                    i if blank(u) else f"{i}{left}{u}{right}"
                    for i, u in zip(rows[f"item_{lang}"], rows[f"unit_{lang}"], strict=False)
                ],
                COUNT: rows["count"].tolist(),
            }
        )
        # A chart id (file name, HTML id) is a slug made from the English name, never the free text itself.
        chart_id = "monitoring-" + slugify(rows["name_en"].iloc[0], f"medium-{len(ids) + 1}")
        chart_id = chart_id if chart_id not in ids else f"{chart_id}-{len(ids) + 1}"
        ids.add(chart_id)
        shown = medium if lang == "zh" else rows["name_en"].iloc[0]
        charts.append(
            ch.count_bars(chart_id, col("chart-monitoring-medium", medium=shown), frame, ITEM, COUNT, "", src, **opts)
        )
    by_medium = (net.assign(medium=medium_name).groupby("medium", sort=False).size().rename(N).reset_index()).rename(
        columns={"medium": MEDIUM}
    )
    overview = ch.count_bars(
        "monitoring-by-medium",
        col("chart-monitoring-by-medium"),
        by_medium,
        MEDIUM,
        N,
        T.unit("项") if lang == "zh" else "",
        src,
        sort=list(by_medium[MEDIUM]),
        **opts,
    )
    root = _root("monitoring.md") + ("../" if lang != "zh" else "")
    table_frame = pd.DataFrame(
        {
            MEDIUM: medium_name,
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
    used = [overview] + charts
    add(
        "monitoring.md",
        "monitoring.md.j2",
        used,
        count=len(net),
        charts=[fig(c, "monitoring.md") for c in used],
        table=table(table_frame, numeric=set(), words=T),
    )


def _figures_page(d: Derived, add, fig, T: interface.Words) -> None:
    tk = d.tables["tasks"]
    lang = T.lang
    topics = tk["topics"].sort_values("position")
    figs = tk["figures"]
    titles = tk["chart_groups"].set_index("id")[f"title_{lang}"]
    ITEM, VALUE = ch.FIELDS[lang]["item"], ch.FIELDS[lang]["value"]  # chart fields (each chart's CSV columns)
    groups, used = [], []
    for _, topic in topics.iterrows():
        rows = figs[figs["topic"] == topic["id"]]
        if rows.empty:
            continue
        charts = []
        for group, members in rows[rows["chart_group"].notna()].groupby("chart_group", sort=False):
            frame = pd.DataFrame({ITEM: members[f"item_{lang}"].tolist(), VALUE: members["value"].tolist()})
            charts.append(
                ch.count_bars(
                    f"figures-{group}",
                    titles[group],
                    frame,
                    ITEM,
                    VALUE,
                    T.unit(members["unit"].iloc[0]),
                    ["data/tasks/figures.csv"],
                    sort=list(frame[ITEM]),
                    lang=lang,
                    words=T,
                )
            )
        used += charts
        groups.append(
            {
                "id": slug(topic["id"], "topics.csv id"),  # the topic index links to #topic-<id>
                "count": len(rows),
                "name_zh": topic["name_zh"],
                "name_en": topic["name_en"],
                "charts": [fig(c, "figures.md") for c in charts],
                "table": table(
                    _figure_rows(rows, _root("figures.md") + ("../" if lang != "zh" else ""), T),
                    numeric=set(),
                    words=T,
                ),
            }
        )
    add("figures.md", "figures.md.j2", used, count=len(figs), groups=groups)


def _audit_page(d: Derived, add, T: interface.Words) -> None:
    lang, col = T.lang, T.plain
    root = "../" + ("../" if lang != "zh" else "")  # the report text at the site root
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
    audit_frame = pd.DataFrame(
        {
            col("col-indicator"): [
                Markup(f'<a href="../indicators/{_page_of(d, i)}/">{Markup.escape(names[i])}</a>') for i in a["id"]
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
    add(
        "audit.md",
        "audit.md.j2",
        discrepancies=_records(disc),
        audit=_records(a),
        groups=groups,
        audit_table=table(audit_frame, numeric=set(), words=T),
    )


def _numbers(values) -> list[str]:
    """The numbers in a discrepancy's values text ("98.8%; 98.84%"), to be marked on the report page."""
    import re

    return [] if blank(values) else re.findall(r"\d+(?:\.\d+)?", str(values))


def _page_of(d: Derived, indicator_id: str) -> str:
    """Parts live on their parent's page."""
    row = d.indicator(indicator_id)
    return row["parent_id"] if isinstance(row["parent_id"], str) else indicator_id


VOCABULARIES = {("indicators", "qualifiers"), ("projects", "status_wording")}


def dictionary_page(d: Derived) -> str:
    """The data dictionary, read from the hand-written schemas (never typed twice)."""
    packages = []
    for name, package in d.tables.packages.items():
        resources = []
        for r in package.resources:
            fields = r.schema.fields
            frame = pd.DataFrame(
                {
                    "列 Column": [Markup(f"<code>{Markup.escape(f.name)}</code>") for f in fields],
                    "中文名": [f.to_dict().get("title_zh", "") for f in fields],
                    "Title": [f.title or "" for f in fields],
                    "类型 Type": [f.type for f in fields],
                    "必填 Required": ["是 yes" if f.required else "" for f in fields],
                    "说明": [f.to_dict().get("description_zh", "") for f in fields],
                    "Description": [f.description or "" for f in fields],
                    "取值/约束 Constraints": [_constraints(f) for f in fields],
                }
            )
            desc = r.to_dict()
            resources.append(
                {
                    "name": r.name,
                    "title_zh": desc.get("title_zh", r.title),
                    "description_zh": desc.get("description_zh", ""),
                    "description": r.description or "",
                    "primary_key": ", ".join(r.schema.primary_key),
                    "table": table(frame, numeric=set()),
                    # Definitions written once in the data are shown here in full (qualifier symbols, status wording).
                    "values": table(
                        d.tables[name][r.name], caption=f"{desc.get('title_zh', r.title)}：全部取值", numeric=set()
                    )
                    if (name, r.name) in VOCABULARIES
                    else None,
                }
            )
        pd_ = package.to_dict()
        packages.append(
            {
                "dir": name,
                "title": package.title,
                "title_zh": pd_.get("title_zh", package.title),
                "version": package.version,
                "license": ", ".join(lic.get("name", "") for lic in pd_.get("licenses", [])),
                "description_zh": pd_.get("description_zh", ""),
                "resources": resources,
            }
        )
    return _env(d.labels).get_template("dictionary.md.j2").render(packages=packages)


def _constraints(f) -> str:
    c = f.to_dict().get("constraints", {})
    bits = []
    if "enum" in c:
        bits.append(" | ".join(map(str, c["enum"])))
    if "minimum" in c:
        bits.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        bits.append(f"≤ {c['maximum']}")
    if c.get("unique"):
        bits.append("唯一 unique")
    return "；".join(bits)


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
CITATION_KIND_ZH = {"citation.bib": "BibTeX", "citation.ris": "RIS", "citation.csl.json": "CSL-JSON"}


def _size(n: int) -> str:
    return f"{n} 字节" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _package_citation(d: Derived, name: str, site_url: str, date: str) -> dict[str, str]:
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return cite.formats(cite.work(d, name, f"{base}data/{name}/", date))


def downloads_page(d: Derived, downloads: list, site_url: str, changed: dict[str, str]) -> str:
    """The downloads page: every file with its size, checksum and version, grouped by package and table,
    with reading examples (pandas, R, DuckDB, datasette) and ready citations."""
    from .downloads import data_date

    versions = {name: p.version for name, p in d.tables.packages.items()}

    def entry(dl, label=None):
        package = dl.path.split("/")[1] if dl.path.startswith("data/") and dl.path.count("/") >= 2 else None
        return {
            "path": "../" + dl.path,
            "label": label or dl.label,
            "kind_zh": KIND_ZH[dl.kind],
            "size": _size(dl.size),
            "sha256": dl.sha256,
            "version": versions.get(package or "", "、".join(f"{n} {v}" for n, v in versions.items())),
        }

    by_path = {dl.path: dl for dl in downloads}
    base = site_url.rstrip("/") + "/" if site_url else ""
    when = data_date(d, changed)
    packages = []
    for name, package in d.tables.packages.items():
        resources = []
        for r in package.resources:
            files = [entry(by_path[f"data/{name}/{r.name}.{ext}"]) for ext in ("csv", "excel.csv", "json")]
            resources.append(
                {
                    "name": r.name,
                    "title_zh": r.custom.get("title_zh", r.title),
                    "rows": len(d.tables[name][r.name]),
                    "files": files,
                    "url": f"{base}data/{name}/{r.name}.csv",
                    "table": f"{name}__{r.name}",
                }
            )
        citation = _package_citation(d, name, site_url, changed.get(name, when))
        citation["ris"] = citation["ris"].replace("\r\n", "\n")  # shown in the page; the .ris file keeps CRLF
        packages.append(
            {
                "citation": citation["text"],
                "formats": citation,
                "dir": name,
                "title_zh": package.custom.get("title_zh", package.title),
                "description_zh": package.custom.get("description_zh", ""),
                "version": package.version,
                "changed": changed.get(name, "—"),
                "files": [entry(by_path[f"data/{name}/{f}"]) for f in ("datapackage.json", f"{name}.zip")]
                + [entry(by_path[f"data/{name}/{f}"], f"{f}（{k}）") for f, k in CITATION_KIND_ZH.items()],
                "resources": resources,
            }
        )
    everything = [entry(dl) for dl in downloads if dl.kind in ("zip-all", "xlsx", "sqlite", "datasette", "feed")]
    api = [entry(dl) for dl in downloads if dl.kind == "api-schema" or dl.path == "api/indicators.json"]
    names = d.indicators.set_index("id")["name_zh"]
    indicators = [
        {
            "id": i,
            "name_zh": names[i],
            "csv": entry(by_path[f"data/indicators/{i}.csv"]),
            "json": entry(by_path[f"data/indicators/{i}.json"]),
        }
        for i in d.indicators["id"]
    ]
    return (
        _env(d.labels)
        .get_template("downloads.md.j2")
        .render(
            packages=packages,
            everything=everything,
            api=api,
            indicators=indicators,
            base=base or "https://example.org/",
            data_date=when,
        )
    )


def validation_page(d: Derived, data_date: str) -> str:
    """The public validation report: what was checked, on which tables, with what result."""

    from .rules import RULE_TITLES_ZH, RULES

    resources, rows, cells, constraints, fks = [], 0, 0, 0, 0
    for name, package in d.tables.packages.items():
        for r in package.resources:
            frame = d.tables[name][r.name]
            rows += len(frame)
            cells += frame.size
            constraints += sum(len(f.to_dict().get("constraints", {})) for f in r.schema.fields)
            fks += len(r.schema.foreign_keys)
            resources.append(
                {
                    "package": name,
                    "version": package.version,
                    "name": r.name,
                    "title_zh": r.to_dict().get("title_zh", r.title),
                    "rows": len(frame),
                    "columns": len(r.schema.fields),
                }
            )
    return (
        _env(d.labels)
        .get_template("validation.md.j2")
        .render(
            resources=resources,
            rules=[RULE_TITLES_ZH[rule.__name__] for rule in RULES],
            totals={"rows": rows, "cells": cells, "constraints": constraints, "foreign_keys": fks},
            data_date=data_date,  # not the wall clock: the same data give the same page, byte for byte
        )
    )


CHANGELOG_LIMIT = 30


def changelog_page(d: Derived, limit: int = CHANGELOG_LIMIT, revisions: list | None = None) -> str:
    from . import changelog

    if revisions is None:
        revisions = changelog.history(d.tables.root, list(d.tables.packages), limit)
    return _env(d.labels).get_template("changelog.md.j2").render(revisions=revisions, limit=limit, many=changelog.MANY)


# Which data package each data page presents, and the tables its download block offers.
# The first page of a package is its landing page (its canonical schema.org Dataset).
DATA_PAGES = {
    "indicators/index.md": ("indicators", ["indicators", "observations", "assessments"]),
    "projects.md": ("projects", ["projects"]),
    "monitoring.md": ("monitoring", ["network"]),
    "tasks/index.md": ("tasks", ["columns", "column_tasks", "areas", "major_tasks"]),
    "figures.md": ("tasks", ["figures"]),
    "audit.md": ("indicators", ["discrepancies"]),
    "source/index.md": ("report", ["document", "sections", "lines"]),
}


def add_downloads_and_catalogue(
    pages: dict[str, str],
    d: Derived,
    downloads: list,
    site_url: str,
    changed: dict[str, str] | None = None,
    first: dict[str, str] | None = None,
) -> None:
    """Give every data page its download block; the package's landing page its canonical schema.org Dataset,
    each indicator page a small Dataset that is part of it, and the downloads page the catalogue of all four.
    Each package's Dataset is built once, not once per page."""
    from .catalogue import data_catalog, dataset, indicator_dataset, landing, script_tag
    from .downloads import data_date

    changed, first = changed or {}, first or {}
    when = data_date(d, changed)
    by_path = {dl.path: dl for dl in downloads}
    canonical = {}
    for name in d.tables.packages:
        last = changed.get(name, when)
        canonical[name] = dataset(
            d,
            name,
            downloads,
            site_url,
            (first.get(name, last), last),
            _package_citation(d, name, site_url, last)["text"],
        )
    landings = {landing(name): name for name in d.tables.packages}
    for page, (package, resources) in DATA_PAGES.items():
        root = _root(page)
        items = []
        for r in resources:
            files = [by_path[f"data/{package}/{r}.{ext}"] for ext in ("csv", "excel.csv", "json")]
            links = " · ".join(f'<a href="{root}{f.path}">{KIND_ZH[f.kind].split("，")[0]}</a>' for f in files)
            items.append(f"<li><code>{r}</code>：{links}</li>")
        items.append(f'<li><a href="{root}data/kunming-eco-data-all.zip">下载全部数据（ZIP）</a></li>')
        block = (
            f'<div class="download-block"><p><strong>下载本页数据</strong>（<a href="{root}downloads/#{package}">全部格式、校验值与引用方式</a>）</p>'
            f"<ul>{''.join(items)}</ul></div>"
        )
        pages[page] = pages[page].rstrip() + "\n\n" + block + "\n"
        url_path = page.removesuffix(".md").removesuffix("index").rstrip("/") + "/"
        if landings.get(url_path) == package:
            pages[page] += "\n" + str(script_tag(canonical[package])) + "\n"
    info = d.indicators.set_index("id", drop=False)
    for page in list(pages):
        if page.startswith("indicators/") and page != "indicators/index.md":
            ind = info.loc[page.removeprefix("indicators/").removesuffix(".md")]
            pages[page] = (
                pages[page].rstrip()
                + "\n\n"
                + str(script_tag(indicator_dataset(d, ind, canonical["indicators"], by_path, site_url)))
                + "\n"
            )
    pages["downloads.md"] = (
        pages["downloads.md"].rstrip()
        + "\n\n"
        + str(script_tag(data_catalog(list(canonical.values()), site_url)))
        + "\n"
    )


# ---- Issue 9: context for the home cards and the projects summary (small, self-contained helpers) ----------------


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


def _projects_summary(d: Derived) -> dict:
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
