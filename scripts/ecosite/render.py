"""HTML fragments shared by the generated pages: numbers, tables, charts.

Data text reaches them only through the escaping boundary in escape.py (re-exported here).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from markupsafe import Markup

from .charts import Chart
from .escape import blank, html_text, script_json, slug, slugify, text, yaml_title  # noqa: F401  (the boundary)


def number(value) -> str:
    """A number exactly as stored (no rounding, no scientific notation, no trailing zeros)."""
    if blank(value):
        return ""
    if isinstance(value, (int,)) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    return format(Decimal(str(value)).normalize(), "f")


def pct(value, digits: int = 2) -> str:
    return "" if blank(value) else f"{value:.{digits}f}%"


def observation(obs: dict | None, unit: str = "") -> str:
    """An observation as a reader would say it: '≥ 80%' or '完成省级下达指标'."""
    if not obs:
        return "—"
    parts = []
    if not blank(obs.get("value")):
        q = obs.get("qualifier")
        parts.append(f"{'' if blank(q) else q}{number(obs['value'])}{'' if blank(unit) else unit}")
    if not blank(obs.get("value_text_zh")):
        parts.append(str(obs["value_text_zh"]) if not parts else f"（{obs['value_text_zh']}）")
    return " ".join(parts) or "—"


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    numeric: set[str] | None = None,
    row_attrs=None,
    cls: str = "data-table",
    labelled: bool = False,
) -> Markup:
    """An accessible HTML table; every cell escaped. `row_attrs(row)` may add data-* attributes for filtering;
    `labelled` gives each cell its column name (data-label), so a phone can show rows as cards."""
    numeric = numeric or {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    # The wrapper scrolls sideways on narrow screens; tabindex lets keyboard users scroll it too.
    label = html_text(caption or "数据表")
    out = [f'<div class="table-wrap" tabindex="0" role="region" aria-label="{label}"><table class="{cls}">']
    if caption:
        out.append(f"<caption>{html_text(caption)}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(f'<th scope="col">{html_text(str(c))}</th>' for c in frame.columns)
        + "</tr></thead><tbody>"
    )
    for _, row in frame.iterrows():
        attrs = "".join(f' {k}="{html_text(str(v))}"' for k, v in (row_attrs(row) if row_attrs else {}).items())
        cells = []
        for c in frame.columns:
            value = row[c]
            label = f' data-label="{html_text(str(c))}"' if labelled else ""
            if isinstance(value, Markup):
                cells.append(f"<td{label}>{value}</td>")
            elif c in numeric and not blank(value):
                cells.append(f'<td class="num" data-sort="{float(value)}"{label}>{html_text(number(value))}</td>')
            else:
                cells.append(f"<td{label}>{'' if blank(value) else html_text(str(value))}</td>")
        out.append(f"<tr{attrs}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))


def chart_figure(chart: Chart, root: str) -> Markup:
    """Inline SVG (visible without JavaScript), caption, data table and links, in one figure."""
    slug(chart.id, "图表 id")
    svg = chart.svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    links = " · ".join(
        f'<a href="{root}{html_text(src)}">{html_text(src.rsplit("/", 1)[-1])}</a>' for src in chart.sources
    )
    label = f"{chart.title}。{chart.summary}"
    return Markup(
        f'<figure class="chart" id="chart-{chart.id}" data-spec="{root}charts/{chart.id}.vl.json">'
        f'<div class="chart-view" role="img" aria-label="{html_text(label)}">{svg}</div>'
        f"<figcaption><strong>{html_text(chart.title)}</strong><br>{html_text(chart.summary)}</figcaption>"
        f'<details class="chart-data"><summary>查看图表数据（表格）</summary>{table(chart.table, caption=chart.title)}'
        f'<p class="chart-links">本图数据：<a href="{root}charts/{chart.id}.csv" download>CSV</a> · 图片：<a href="{root}charts/{chart.id}.svg" download>SVG</a>'
        f' · <a href="{root}charts/{chart.id}.png" download>PNG</a> · 来源表：{links} · <a href="{root}charts/{chart.id}.vl.json">图表定义</a></p></details>'
        "</figure>"
    )


def section_link(sections, root: str, values=(), words=None) -> Markup:
    """Each cited report section as a link to it on the report pages, escaped.

    `values` are the numbers cited from it: they travel in the query (?v=) so the
    page's script marks them on arrival; without script the section's cited numbers
    are marked anyway. Several sections ("一(二)1(1); 一(二)2(1)") become several links.
    `words` (interface.Words) gives the page's language: English pages label a link 1.2.1(1), the Chinese heading
    path staying in its title.
    """
    from .interface import section_number
    from .reportdoc import section_href, split_sections

    lang = words.lang if words else "zh"
    title = words.plain("view-report") if words else "查看报告原文"

    links = []
    for s in split_sections(sections):
        try:
            href = root + section_href(s, [v for v in values if not blank(v)])
        except ValueError:  # not a heading path: shown as text (the validator reports it)
            links.append(html_text(s))
            continue
        label, tip = section_number(s, lang), title if lang == "zh" else f"{title}: {s}"
        links.append(f'<a class="src-link" href="{html_text(href)}" title="{html_text(tip)}">{html_text(label)}</a>')
    return Markup(("；" if lang == "zh" else "; ").join(links))


NO_TARGET_ZH = "报告未给出原规划目标"


def value_card(ind: dict, parts: list[dict] | None = None) -> Markup:
    """The indicator at a glance, on every indicator page: latest value (with year) beside the plan target, as data.

    It is the page's visual when there is nothing to plot (a single value, or text such as 完成省级下达指标), and
    puts a text target next to the chart where a chart cannot draw it. No target is said in words, never left "—".
    """
    unit = "" if blank(ind.get("unit")) else ind["unit"]

    def cell(obs, role: str) -> str:
        if not obs:
            return '<span class="vc-none">' + ("暂无数据" if role == "latest" else NO_TARGET_ZH) + "</span>"
        value = html_text(observation(obs, unit))
        return f'{value}<span class="vc-year">{int(obs["year"])}年</span>'

    blocks = [
        f'<div class="vc-item"><span class="vc-label">最新值</span><span class="vc-value">{cell(ind.get("latest"), "latest")}</span></div>',
        f'<div class="vc-item vc-target"><span class="vc-label">规划目标</span><span class="vc-value">{cell(ind.get("target"), "target")}</span></div>',
    ]
    if not ind.get("latest") and parts:
        rows = "".join(
            f"<li>{html_text(p['name_zh'])}：{html_text(observation(p.get('latest'), p.get('unit') or ''))}"
            f"{'' if not p.get('latest') else '（' + str(int(p['latest']['year'])) + '年）'}"
            f" → 目标 {html_text(observation(p.get('target'), p.get('unit') or '') if p.get('target') else NO_TARGET_ZH)}</li>"
            for p in parts
        )
        # the parts carry the targets, so the parent's own (absent) target is not listed as missing
        blocks = [
            f'<div class="vc-item vc-parts"><span class="vc-label">各分项最新值与目标</span><ul>{rows}</ul></div>'
        ]
    pct_ = ind.get("progress_pct")
    if not blank(pct_):
        width = max(0.0, min(100.0, float(pct_)))
        blocks.append(
            f'<div class="vc-item vc-progress"><span class="vc-label">进度（本站重算）{float(pct_):.2f}%</span>'
            f'<span class="vc-bar" aria-hidden="true"><span style="width:{width:.1f}%"></span></span></div>'
        )
    return Markup(f'<div class="value-card" role="group" aria-label="最新值与规划目标">{"".join(blocks)}</div>')
