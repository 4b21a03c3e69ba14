"""Chart specs (Altair), one function per chart, and their build-time SVG.

Each chart carries its title, a one-sentence summary (the text alternative) and
the table of the data it shows; `render.py` puts the three side by side.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from .derive import Derived
from .escape import slug, slugify
from .labels import FIELDS, STATUS_COLOURS
from .paths import CACHE
from .values import empty as _blank
from .values import text_or_empty
from .vocab import Lang

FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
# The whole chart (axes and labels included: autosize fit-x) is WIDTH px wide, so on a 390 px phone the SVG is shown at
# about its own size and 12 px chart text stays ≥ 11 CSS px (tests/test_charts.py measures this in Chromium).
WIDTH = 340
TEXT = 12  # smallest font size in any chart
AXIS_NOT_ZERO = "纵轴未从零开始"
AXIS_CUT_SHARE = 0.25  # a line chart cuts its axis only when its lowest value is ≥ this share of its highest


def _status_scale(status_names: dict[str, str]) -> alt.Scale:
    """The four statuses in their colours, in the schema's order (labels from the schema, colours from labels.py)."""
    return alt.Scale(domain=list(status_names.values()), range=[STATUS_COLOURS[s] for s in status_names])


@dataclass
class Chart:
    id: str  # file-safe name: charts/<id>.vl.json
    title: str
    summary: str  # one sentence, the chart's text alternative
    spec: dict
    table: pd.DataFrame  # what the chart shows, with Chinese column headers
    sources: list[str] = field(default_factory=list)  # data files behind it, relative to the site root

    def __post_init__(self):
        # The id becomes a file name and an HTML id: a slug or nothing (a '/' would make folders under charts/).
        slug(self.id, "图表 id")

    @property
    def svg(self) -> str:
        return to_svg(self.spec)

    @property
    def png(self) -> bytes:
        return to_png(self.spec)

    def plotted(self) -> pd.DataFrame:
        """The rows the chart draws: the spec's inline data (what Vega itself reads), for charts/<id>.csv.
        A layered chart (series, target rule, break note) has one dataset per layer: their rows, in layer order."""
        datasets = self.spec.get("datasets", {})
        if not datasets:
            raise ValueError(f"图表 {self.id} 没有内联数据")
        return pd.concat([pd.DataFrame(rows) for rows in datasets.values()], ignore_index=True)


def _config(chart: alt.TopLevelMixin) -> dict:
    # Schema validation (validate=True) costs seconds per build and vl-convert reports bad specs anyway.
    spec = (
        chart.configure(font=FONT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=TEXT, titleFontSize=TEXT, labelLimit=150)
        .configure_legend(labelFontSize=TEXT, titleFontSize=TEXT, labelLimit=WIDTH - 40)
        .configure_text(fontSize=TEXT)
        .configure_title(fontSize=15, subtitleFontSize=TEXT, anchor="start", limit=WIDTH)
        .to_dict(validate=False)
    )
    spec.pop("$schema", None)
    return spec


_CODE = hashlib.sha256(Path(__file__).read_bytes() + alt.__version__.encode()).hexdigest()[:12]


def _spec(inputs, build) -> dict:
    """The Vega-Lite spec of `build()`, cached on disk by a hash of the chart's input rows and of this file.

    Building Altair objects costs seconds per build even when nothing changed; a chart whose rows, labels
    and code are unchanged reuses its spec (and so its cached SVG) without touching Altair."""
    key = hashlib.sha256(
        (_CODE + json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=str)).encode()
    ).hexdigest()[:24]
    cached = CACHE / "specs" / f"{key}.json"
    if cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    spec = _config(build())
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    return spec


def to_svg(spec: dict) -> str:
    """SVG rendered by vl-convert, cached on disk by the spec's hash (warm rebuilds skip rendering)."""
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
    cached = CACHE / "svg" / f"{key}.svg"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    svg = vlc.vegalite_to_svg(spec)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(svg, encoding="utf-8")
    return svg


def to_png(spec: dict) -> bytes:
    """PNG (2× for sharp text) rendered at build time by vl-convert, cached like the SVG; readers need no renderer."""
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:24]
    cached = CACHE / "png" / f"{key}.png"
    if cached.exists():
        return cached.read_bytes()
    png = vlc.vegalite_to_png(spec, scale=2)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(png)
    return png


def _status_bars(
    frame: pd.DataFrame,
    group: str,
    group_title: str,
    title: str,
    sort: list[str],
    description: str,
    status_names: dict[str, str],
) -> alt.Chart:
    order = list(status_names)
    data = frame.assign(状态=frame["status"].map(status_names), order=frame["status"].map(order.index))
    return (
        alt.Chart(data, title=title, width=WIDTH, description=description, name="bars")
        .mark_bar()
        .encode(
            y=alt.Y(f"{group}:N", title=group_title, sort=sort),
            x=alt.X("count:Q", title="指标数（项）", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "状态:N",
                scale=_status_scale(status_names),
                legend=alt.Legend(title="评估结论", orient="bottom", columns=2),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{group}:N", title=group_title),
                alt.Tooltip("状态:N"),
                alt.Tooltip("count:Q", title="项数"),
            ],
        )
    )


def _status_sentence(frame: pd.DataFrame, key: str, labels: dict[str, str], status_names: dict[str, str]) -> str:
    parts = []
    for value, rows in frame.groupby(key, sort=False):
        total = int(rows["count"].sum())
        bits = "、".join(f"{int(r['count'])}项{status_names[r['status']]}" for _, r in rows.iterrows() if r["count"])
        parts.append(f"{labels.get(value, value)}共{total}项，其中{bits}")
    return "；".join(parts) + "。"


def _status_chart(
    chart_id: str,
    title: str,
    counts: pd.DataFrame,
    key: str,
    labels: dict[str, str],
    label_title: str,
    sources: list[str],
    status_names: dict[str, str],
    height: int | None = None,
) -> Chart:
    """Stacked bars of the four statuses per group (list, category or nature), with table and summary."""
    order = list(labels.values())
    frame = counts.assign(**{label_title: counts[key].map(labels)})

    def build():
        sentence = _status_sentence(counts, key, labels, status_names)
        chart = _status_bars(frame, label_title, label_title, title, order, sentence, status_names)
        return chart.properties(height=height) if height else chart

    table = (
        frame.pivot(index=label_title, columns="status", values="count")
        .reindex(order)[list(status_names)]
        .rename(columns=status_names)
    )
    table["合计"] = table.sum(axis=1)
    spec = _spec(["status", title, label_title, order, height, frame.to_dict("records")], build)
    return Chart(chart_id, title, describe(spec), spec, table.reset_index(), sources)


def status_by_list(d: Derived, lang: Lang = "zh") -> Chart:
    return _status_chart(
        "status-by-list",
        "各清单指标的评估结论",
        d.status_counts,
        "list",
        d.labels.names("list", lang),
        "指标清单",
        ["data/indicators/assessments.csv"],
        d.labels.names("status", lang),
        height=90,
    )


def status_by_category(d: Derived, lang: Lang = "zh") -> Chart:
    cats = d.tables["indicators"]["categories"].sort_values("position")
    return _status_chart(
        "status-by-category",
        "各类别指标的评估结论（主要指标与章节指标）",
        d.category_status,
        "category",
        dict(zip(cats["id"], cats["name_zh"], strict=False)),
        "类别",
        ["data/indicators/indicators.csv", "data/indicators/categories.csv"],
        d.labels.names("status", lang),
    )


def status_by_nature(d: Derived, lang: Lang = "zh") -> Chart:
    return _status_chart(
        "status-by-nature",
        "主要指标按属性的评估结论",
        d.nature_status,
        "nature",
        d.labels.names("nature", lang),
        "指标属性",
        ["data/indicators/indicators.csv", "data/indicators/assessments.csv"],
        d.labels.names("status", lang),
        height=90,
    )


def _words(d: Derived, lang: Lang):
    from .interface import Words

    return Words(d.tables["tasks"]["interface"], lang, d.tables["tasks"]["units"])


def _chart_id(base: str, lang: Lang) -> str:
    """English charts are files of their own (charts/<id>-en.*): one chart set at the site root serves both languages."""
    return base if lang == "zh" else f"{base}-{lang}"


def indicator_path(d: Derived, indicator_id: str, lang: Lang = "zh") -> Chart | None:
    """Baseline → latest with the numeric target drawn as a labelled rule; None when there is nothing numeric to draw.

    A value marked with `break_zh` starts a new segment: the line is broken there and a note drawn, so a change of
    statistical method never looks like a rise or fall. The caption is read back from the layers (`describe`).
    Every word comes from tasks/interface.csv in `lang`, field names included (Vega writes them into the SVG's
    labels); units from tasks/units.csv.
    """
    w = _words(d, lang)
    role_names = d.labels.names("role", lang)
    ind = d.indicator(indicator_id)
    name = ind[f"name_{lang}"]
    obs = d.observations(indicator_id)
    obs = obs[obs["value"].notna() & obs["role"].isin(["baseline", "actual", "target"])]
    if obs.empty or obs["role"].nunique() < 2:
        return None
    unit = w.unit(text_or_empty(ind["unit"]))
    sep = "" if lang == "zh" or not unit or unit == "%" else (" × " if unit[0].isdigit() else " ")
    f = FIELDS[lang]
    YEAR, ROLE, VALUE, QUAL = f["year"], f["role"], f["value"], f["qualifier"]
    SEG, LABEL, NOTE = f["segment"], f["label"], f["note"]
    breaks = (
        obs["break_zh"].map(lambda x: isinstance(x, str) and bool(x.strip()))
        if "break_zh" in obs
        else pd.Series(False, index=obs.index)
    )
    series = obs[obs["role"] != "target"].sort_values("year")
    targets = obs[obs["role"] == "target"].sort_values("year")
    years = sorted({str(y) for y in obs["year"]})
    data = pd.DataFrame(
        {
            YEAR: series["year"].astype(str),
            ROLE: series["role"].map(role_names),
            VALUE: series["value"],
            QUAL: series["qualifier"].fillna(""),
            SEG: breaks[series.index].cumsum().astype(int),
        }
    )
    data[LABEL] = [f"{t} {q}{_num(v)}" for t, q, v in zip(data[ROLE], data[QUAL], data[VALUE], strict=False)]
    lo, hi = float(obs["value"].min()), float(obs["value"].max())
    cut = lo > 0 and lo >= AXIS_CUT_SHARE * hi  # a zero-based axis would flatten the change; say so when cutting
    subtitle = ("；" if lang == "zh" else "; ").join(
        ([w.plain("unit-tag", unit=unit)] if unit else []) + ([w.plain("axis-not-zero")] if cut else [])
    )
    x = alt.X(f"{YEAR}:O", title=YEAR, axis=alt.Axis(labelAngle=0), scale=alt.Scale(domain=years))
    y = alt.Y(f"{VALUE}:Q", title=unit or VALUE, scale=alt.Scale(zero=not cut))
    tip = [f"{YEAR}:O", f"{ROLE}:N", alt.Tooltip(f"{VALUE}:Q", format=","), f"{QUAL}:N"]
    said = ("，" if lang == "zh" else "; ").join(
        w.plain("ch-said-item", year=r[YEAR], role=r[ROLE], value=f"{r[QUAL]}{_num(r[VALUE])}{sep}{unit}")
        for _, r in data.iterrows()
    )
    breaks_rows = obs[breaks & (obs["role"] != "target")]

    def build():
        layers = [
            alt.Chart(
                data,
                description=w.plain("ch-said", name=name, items=said) if said else w.plain("ch-name-only", name=name),
                name="series",
            )
            .mark_line(point=alt.OverlayMarkDef(size=80, color="#0969da"), color="#0969da")
            .encode(x=x, y=y, detail=f"{SEG}:N", tooltip=tip),
            alt.Chart(data, name="series-labels").mark_text(dy=-12, fontSize=12).encode(x=x, y=y, text=f"{LABEL}:N"),
        ]
        for _, t in targets.iterrows():
            q = t["qualifier"] if isinstance(t["qualifier"], str) else ""
            label = w.plain("ch-target-label", year=t["year"], value=f"{q}{_num(t['value'])}{sep}{unit}")
            tdata = pd.DataFrame(
                {
                    YEAR: [str(t["year"])],
                    VALUE: [t["value"]],
                    ROLE: [role_names["target"]],
                    LABEL: [label],
                    QUAL: [text_or_empty(t["qualifier"])],
                }
            )
            layers += [
                alt.Chart(tdata, description=w.plain("ch-target-desc", label=label), name="target")
                .mark_rule(strokeDash=[6, 4], color="#cf222e", size=2)
                .encode(y=y),
                alt.Chart(tdata, name="target-point")
                .mark_point(shape="diamond", size=120, filled=True, color="#cf222e")
                .encode(x=x, y=y, tooltip=tip),
                alt.Chart(tdata, name="target-label")
                .mark_text(dy=14, align="right", fontSize=12, color="#a40e26")
                .encode(x=x, y=y, text=f"{LABEL}:N"),
            ]
        for _, b in breaks_rows.iterrows():
            bdata = pd.DataFrame({YEAR: [str(b["year"])], NOTE: [w.plain("ch-break-label", year=b["year"])]})
            layers += [
                alt.Chart(
                    bdata,
                    description=w.plain(
                        "ch-break-desc", year=b["year"], note=b[f"break_{lang}"].rstrip("。").rstrip(".")
                    ),
                    name="break",
                )
                .mark_rule(color="#57606a", strokeDash=[2, 3])
                .encode(x=x),
                alt.Chart(bdata, name="break-label")
                .mark_text(align="right", baseline="top", dx=-4, y=2, fontSize=TEXT, color="#424a53")
                .encode(x=x, text=f"{NOTE}:N"),
            ]
        return alt.layer(*layers).properties(width=WIDTH, height=240, title=alt.Title(name, subtitle=subtitle or ""))

    spec = _spec(
        [
            "path",
            name,
            unit,
            years,
            cut,
            data.to_dict("records"),
            targets[["year", "value", "qualifier"]].to_dict("records"),
            breaks_rows[["year", f"break_{lang}"]].to_dict("records"),
        ],
        build,
    )
    table = pd.concat(
        [
            data,
            pd.DataFrame(
                {
                    YEAR: targets["year"].astype(str),
                    ROLE: role_names["target"],
                    VALUE: targets["value"],
                    QUAL: targets["qualifier"].fillna(""),
                }
            ),
        ]
    )[[YEAR, ROLE, QUAL, VALUE]]
    table = table.rename(columns={VALUE: w.plain("ch-value-unit", unit=unit) if unit else VALUE})
    return Chart(
        _chart_id(f"indicator-{indicator_id}", lang),
        w.plain("ch-path-title", name=name),
        describe(spec, w.plain("ch-axis-note")),
        spec,
        table,
        [f"api/indicators/{indicator_id}.json", "data/indicators/observations.csv"],
    )


def _num(value) -> str:
    return f"{value:,.6g}" if abs(value) >= 10000 else f"{value:.6g}"


def describe(spec: dict, axis_note: str = AXIS_NOT_ZERO + "。") -> str:
    """The caption and text alternative, read from the spec that draws the chart: each layer's `description`,
    plus the axis note (in the chart's language) when an axis does not start at zero. Nothing here can mention a
    mark that is not drawn."""
    units = spec.get("layer", [spec])
    said = [u["description"] for u in units if u.get("description")]
    if any(_scale(u, ch).get("zero") is False for u in units for ch in ("x", "y")):
        said.append(axis_note)
    return ("" if axis_note.endswith("。") else " ").join(said)


def _scale(unit: dict, channel: str) -> dict:
    enc = unit.get("encoding", {}).get(channel)
    return (enc.get("scale") or {}) if isinstance(enc, dict) else {}


def parts_bars(d: Derived, indicator_id: str, lang: Lang = "zh") -> Chart | None:
    """Latest value against target for each part (e.g. the four pollutants)."""
    w = _words(d, lang)
    role_names = d.labels.names("role", lang)
    f = FIELDS[lang]
    PART, ROLE, VALUE, UNIT = f["part"], f["role"], f["value"], f["unit"]
    parts = d.parts(indicator_id)
    rows = []
    for _, part in parts.iterrows():
        for role, obs in (("actual", part["latest"]), ("target", part["target"])):
            if obs is not None and pd.notna(obs.get("value")):
                rows.append(
                    {
                        PART: part[f"name_{lang}"],
                        ROLE: w.plain("ch-role-year", role=role_names[role], year=obs["year"]),
                        VALUE: obs["value"],
                        UNIT: w.unit(part["unit"]) if lang != "zh" else part["unit"],
                    }
                )
    if not rows:
        return None
    data = pd.DataFrame(rows)
    ind = d.indicator(indicator_id)
    name = ind[f"name_{lang}"]
    unit = w.unit(text_or_empty(ind["unit"]))

    def gap(u) -> str:
        return "" if lang == "zh" or not u or u == "%" else (" × " if u[0].isdigit() else " ")

    items = ("；" if lang == "zh" else "; ").join(
        w.plain(
            "ch-part-item", part=r[PART], role=r[ROLE], value=f"{_num(r[VALUE])}{gap(r[UNIT] or '')}{r[UNIT] or ''}"
        )
        for _, r in data.iterrows()
    )
    summary = w.plain("ch-parts-summary", name=name, items=items)
    # Parts of one indicator share its unit, so one axis (the same scale) serves them all.
    spec = _spec(
        ["parts", name, unit, list(parts[f"name_{lang}"]), data.to_dict("records")],
        lambda: (
            alt.Chart(
                data,
                width=WIDTH,
                title=alt.Title(name, subtitle=w.plain("ch-parts-subtitle")),
                description=summary,
                name="bars",
            )
            .mark_bar()
            .encode(
                y=alt.Y(f"{PART}:N", title=None, sort=list(parts[f"name_{lang}"])),
                yOffset=f"{ROLE}:N",
                x=alt.X(f"{VALUE}:Q", title=unit or VALUE),
                color=alt.Color(
                    f"{ROLE}:N",
                    legend=alt.Legend(title=None, orient="bottom"),
                    scale=alt.Scale(range=["#0969da", "#cf222e"]),
                ),
                tooltip=[f"{PART}:N", f"{ROLE}:N", alt.Tooltip(f"{VALUE}:Q", format=","), f"{UNIT}:N"],
            )
        ),
    )
    return Chart(
        _chart_id(f"parts-{indicator_id}", lang),
        w.plain("ch-parts-title", name=name),
        describe(spec, w.plain("ch-axis-note")),
        spec,
        data,
        [f"api/indicators/{indicator_id}.json", "data/indicators/observations.csv"],
    )


def count_bars(
    chart_id: str,
    title: str,
    frame: pd.DataFrame,
    label: str,
    value: str,
    unit: str,
    sources: list[str],
    sort: list[str] | None = None,
    lang: Lang = "zh",
    words=None,
) -> Chart:
    """Horizontal bars of one number per label: projects by category, figures of one group, …

    Each label is written above its bar, across the chart's full width, instead of on an axis beside it: long
    labels (监测点位, 项目类别) then need neither truncation nor a narrow plot on a phone.
    """
    enc = dict(
        # an explicit order (largest first unless given): every layer, the row labels too, sorts the same way
        y=alt.Y(
            f"{label}:N", title=None, sort=sort or list(frame.sort_values(value, ascending=False)[label]), axis=None
        ),
        x=alt.X(f"{value}:Q", title=unit),
        tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=",")],
    )
    height = 40 * len(frame)
    ordered = frame.sort_values(value, ascending=False) if not sort else frame
    if lang == "zh":
        summary = (
            f"{title}："
            + "，".join(f"{r[label]}{_num(r[value])}{unit}" for _, r in ordered.head(12).iterrows())
            + ("等。" if len(frame) > 12 else "。")
        )
    else:  # `words` (interface.Words) in the chart's language; `unit` is already that language's
        gap = "" if not unit or unit == "%" else (" × " if unit[0].isdigit() else " ")
        items = "; ".join(f"{r[label]}: {_num(r[value])}{gap}{unit}" for _, r in ordered.head(12).iterrows())
        summary = words.plain("ch-count-more" if len(frame) > 12 else "ch-count-summary", title=title, items=items)

    def build():
        bars = (
            alt.Chart(frame, height=height, description=summary, name="bars")
            .mark_bar(color="#0969da", height={"band": 0.4}, yOffset=6)
            .encode(**enc)
        )
        text = (
            alt.Chart(frame, name="bar-labels")
            .mark_text(align="left", dx=3, dy=6, fontSize=TEXT)
            .encode(y=enc["y"], x=f"{value}:Q", text=alt.Text(f"{value}:Q", format=","))
        )
        names = (
            alt.Chart(frame, name="row-labels")
            .mark_text(align="left", baseline="bottom", dy=-3, fontSize=TEXT, limit=WIDTH - 10)
            .encode(y=enc["y"], x=alt.value(0), text=f"{label}:N")
        )
        return alt.layer(bars, text, names).properties(width=WIDTH, title=title)

    spec = _spec(["count", title, label, value, unit, sort, frame.to_dict("records")], build)
    note = AXIS_NOT_ZERO + "。" if lang == "zh" else words.plain("ch-axis-note")
    return Chart(_chart_id(chart_id, lang), title, describe(spec, note), spec, frame, sources)


# ---- Each page family's charts -------------------------------------------------------------------------------
# The output registry (ecosite.outputs) draws them before the pages that show them and hands them over as
# {slot: [Chart]}: the page's path, an indicator id or a topic id. Pages never build chart data themselves.


def home(d: Derived, lang: Lang = "zh") -> dict[str, list[Chart]]:
    return {"index.md": [status_by_list(d, lang), status_by_category(d, lang), status_by_nature(d, lang)]}


def indicators(d: Derived, lang: Lang = "zh") -> dict[str, list[Chart]]:
    """Each top-level indicator's charts (its path and its parts' bars, where there is something to draw), by id."""
    return {
        i: [c for c in (indicator_path(d, i, lang), parts_bars(d, i, lang)) if c is not None]
        for i in d.top_level()["id"]
    }


def projects(d: Derived, lang: Lang = "zh") -> dict[str, list[Chart]]:
    """Projects by category, by status (in the code list's order) and by county."""
    p = d.tables["projects"]
    words = _words(d, lang)
    col = words.plain
    rows = p["projects"]
    cats, statuses = p["categories"].sort_values("position"), p["statuses"].sort_values("position")
    src = ["data/projects/projects.csv"]
    f = FIELDS[lang]  # chart fields: fixed names (each chart's CSV columns), not interface text
    N, CAT, STATUS, COUNTY = f["projects"], f["category"], f["status"], f["county"]
    name = f"name_{lang}"
    by_cat = (
        rows.groupby("category")
        .size()
        .rename(N)
        .reset_index()
        .assign(**{CAT: lambda f: f["category"].map(cats.set_index("id")[name])})
    )
    by_status = (
        rows.groupby("status")
        .size()
        .rename(N)
        .reset_index()
        .assign(**{STATUS: lambda f: f["status"].map(statuses.set_index("id")[name])})
    )
    status_order = [s for s in statuses[name] if s in set(by_status[STATUS])]
    # charts carry no Chinese on English pages (the table and the filter add the original name in brackets)
    county = (lambda c: c) if lang == "zh" else (lambda c: d.labels.label("county", c, lang))
    by_county = (
        rows.assign(county=[col("county-unstated") if _blank(c) else county(c) for c in rows["county"]])
        .groupby("county")
        .size()
        .rename(N)
        .reset_index()
        .rename(columns={"county": COUNTY})
    )
    count = words.unit("个")
    opts = {"lang": lang, "words": words}
    return {
        "projects.md": [
            count_bars(
                "projects-by-category", col("chart-projects-by-category"), by_cat[[CAT, N]], CAT, N, count, src, **opts
            ),
            count_bars(
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
            count_bars("projects-by-county", col("chart-projects-by-county"), by_county, COUNTY, N, count, src, **opts),
        ]
    }


def monitoring(d: Derived, lang: Lang = "zh") -> dict[str, list[Chart]]:
    """Items by medium (the overview first), then one chart of counts per medium."""
    words = _words(d, lang)
    col = words.plain
    net = d.network
    medium_name = net["medium"] if lang == "zh" else net["name_en"]
    src = ["data/monitoring/network.csv"]
    f = FIELDS[lang]  # chart fields: fixed names (each chart's CSV columns), not interface text
    ITEM, COUNT, MEDIUM, N = f["item"], f["count"], f["medium"], f["projects"]
    left, right = ("（", "）") if lang == "zh" else (" (", ")")
    charts, ids = [], set()
    opts = {"lang": lang, "words": words}
    for medium, rows in net.groupby("medium", sort=False):
        # An empty unit must not become "nan"/null in a label: only add the brackets when there is a unit.
        frame = pd.DataFrame(
            {
                ITEM: [
                    i if _blank(u) else f"{i}{left}{u}{right}"
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
            count_bars(chart_id, col("chart-monitoring-medium", medium=shown), frame, ITEM, COUNT, "", src, **opts)
        )
    by_medium = (net.assign(medium=medium_name).groupby("medium", sort=False).size().rename(N).reset_index()).rename(
        columns={"medium": MEDIUM}
    )
    overview = count_bars(
        "monitoring-by-medium",
        col("chart-monitoring-by-medium"),
        by_medium,
        MEDIUM,
        N,
        words.unit("项") if lang == "zh" else "",
        src,
        sort=list(by_medium[MEDIUM]),
        **opts,
    )
    return {"monitoring.md": [overview] + charts}


def figures(d: Derived, lang: Lang = "zh") -> dict[str, list[Chart]]:
    """Key figures: one chart per chart group, by topic id (topics in their order; a topic without groups has none)."""
    tk = d.tables["tasks"]
    words = _words(d, lang)
    figs = tk["figures"]
    titles = tk["chart_groups"].set_index("id")[f"title_{lang}"]
    ITEM, VALUE = FIELDS[lang]["item"], FIELDS[lang]["value"]  # chart fields (each chart's CSV columns)
    out: dict[str, list[Chart]] = {}
    for topic in tk["topics"].sort_values("position")["id"]:
        rows = figs[figs["topic"] == topic]
        out[topic] = [
            count_bars(
                f"figures-{group}",
                titles[group],
                frame,
                ITEM,
                VALUE,
                words.unit(members["unit"].iloc[0]),
                ["data/tasks/figures.csv"],
                sort=list(frame[ITEM]),
                lang=lang,
                words=words,
            )
            for group, members in rows[rows["chart_group"].notna()].groupby("chart_group", sort=False)
            for frame in [pd.DataFrame({ITEM: members[f"item_{lang}"].tolist(), VALUE: members["value"].tolist()})]
        ]
    return out
