"""HTML fragments shared by the generated pages: numbers, tables, charts.

Data text reaches them only through the escaping boundary in escape.py (re-exported here).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pandas as pd
from markupsafe import Markup

if TYPE_CHECKING:  # a type only: helpers do not depend on outputs (tests/test_architecture.py)
    from .charts import Chart
from .escape import blank, html_text, script_json, slug, slugify, text, yaml_title  # noqa: F401  (the boundary)


def number(value, lang: str = "zh") -> str:
    """A number exactly as stored (no rounding, no scientific notation, no trailing zeros). Thousands separators:
    from 10,000 on Chinese pages (Chinese counts in 万), from 1,000 on English pages."""
    if blank(value):
        return ""
    if isinstance(value, (int,)) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}" if abs(value) >= (10000 if lang == "zh" else 1000) else str(int(value))
    plain = format(Decimal(str(value)).normalize(), "f")
    if lang != "zh" and abs(value) >= 1000:
        whole, _, frac = plain.partition(".")
        return f"{int(whole):,}" + ("." + frac if frac else "")
    return plain


def unit_gap(unit: str, lang: str) -> str:
    """What stands between a number and its unit: nothing in Chinese (25万千瓦) and before %; in English a space, or
    ' × ' before a unit that is itself a multiple (25 × 10,000 kW, the English of 25万千瓦)."""
    if lang == "zh" or not unit or unit == "%":
        return ""
    return " × " if unit[0].isdigit() else " "


def pct(value, digits: int = 2) -> str:
    return "" if blank(value) else f"{value:.{digits}f}%"


def observation(obs: dict | None, unit: str = "", lang: str = "zh") -> str:
    """An observation as a reader would say it: '≥ 80%' or '完成省级下达指标' (English pages: the English wording and
    unit, which the caller gives, a space before any unit but %)."""
    if not obs:
        return "—"
    parts = []
    if not blank(obs.get("value")):
        q = obs.get("qualifier")
        gap = unit_gap("" if blank(unit) else unit, lang)
        parts.append(f"{'' if blank(q) else q}{number(obs['value'], lang)}{gap}{'' if blank(unit) else unit}")
    wording = obs.get(f"value_text_{lang}")
    if not blank(wording):
        parts.append(str(wording) if not parts else (f"（{wording}）" if lang == "zh" else f"({wording})"))
    return " ".join(parts) or "—"


def table(
    frame: pd.DataFrame,
    caption: str | None = None,
    numeric: set[str] | None = None,
    row_attrs=None,
    cls: str = "data-table",
    labelled: bool = False,
    words=None,
) -> Markup:
    """An accessible HTML table; every cell escaped. `row_attrs(row)` may add data-* attributes for filtering;
    `labelled` gives each cell its column name (data-label), so a phone can show rows as cards."""
    numeric = numeric or {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    # The wrapper scrolls sideways on narrow screens; tabindex lets keyboard users scroll it too.
    label = html_text(caption or (words.plain("data-table") if words else "数据表"))
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
                shown = number(value, words.lang if words else "zh")
                cells.append(f'<td class="num" data-sort="{float(value)}"{label}>{html_text(shown)}</td>')
            else:
                cells.append(f"<td{label}>{'' if blank(value) else html_text(str(value))}</td>")
        out.append(f"<tr{attrs}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("".join(out))


def jsonld_script(data: dict | list) -> Markup:
    """A JSON-LD block safe to put in HTML: escape.script_json writes `<`, `>`, `&`, U+2028/2029 as \\u escapes,
    so data text can neither end the block nor open a comment that swallows the scripts after it."""
    return Markup(f'<script type="application/ld+json">\n{script_json(data)}\n</script>')


def chart_figure(chart: Chart, root: str, words) -> Markup:
    """Inline SVG (visible without JavaScript), caption, data table and links, in one figure. `words`
    (interface.Words) gives the figure's own words in the page's language; chart files live under charts/ at the
    site root, which `root` reaches from the page."""
    slug(chart.id, "图表 id")
    svg = chart.svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    links = Markup(" · ").join(
        Markup(f'<a href="{root}{html_text(src)}">{html_text(src.rsplit("/", 1)[-1])}</a>') for src in chart.sources
    )
    stop = "。" if words.lang == "zh" else ". "
    label = f"{chart.title}{stop}{chart.summary}".strip()
    files = {
        "csv": Markup(f'<a href="{root}charts/{chart.id}.csv" download>CSV</a>'),
        "svg": Markup(f'<a href="{root}charts/{chart.id}.svg" download>SVG</a>'),
        "png": Markup(f'<a href="{root}charts/{chart.id}.png" download>PNG</a>'),
        "spec": Markup(f'<a href="{root}charts/{chart.id}.vl.json">{words("chart-spec")}</a>'),
    }
    return Markup(
        f'<figure class="chart" id="chart-{chart.id}" data-spec="{root}charts/{chart.id}.vl.json">'
        f'<div class="chart-view" role="img" aria-label="{html_text(label)}">{svg}</div>'
        f"<figcaption><strong>{html_text(chart.title)}</strong><br>{html_text(chart.summary)}</figcaption>"
        f'<details class="chart-data"><summary>{words("chart-data")}</summary>'
        f"{table(chart.table, caption=chart.title, words=words)}"
        f'<p class="chart-links">{words("chart-links", sources=links, **files)}</p></details>'
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


def value_card(ind: dict, parts: list[dict] | None, words) -> Markup:
    """The indicator at a glance, on every indicator page: latest value (with year) beside the plan target, as data.

    It is the page's visual when there is nothing to plot (a single value, or text such as 完成省级下达指标), and
    puts a text target next to the chart where a chart cannot draw it. No target is said in words, never left "—".
    `words` (interface.Words): the card's words in the page's language; `ind["unit"]` and the parts' units are
    already in that language, and the parts carry their name in it as "name".
    """
    lang = words.lang
    unit = "" if blank(ind.get("unit")) else ind["unit"]

    def cell(obs, role: str) -> str:
        if not obs:
            return f'<span class="vc-none">{words("no-data" if role == "latest" else "no-target")}</span>'
        value = html_text(observation(obs, unit, lang))
        return f'{value}<span class="vc-year">{words("vc-year", year=int(obs["year"]))}</span>'

    blocks = [
        f'<div class="vc-item"><span class="vc-label">{words("latest")}</span><span class="vc-value">{cell(ind.get("latest"), "latest")}</span></div>',
        f'<div class="vc-item vc-target"><span class="vc-label">{words("target")}</span><span class="vc-value">{cell(ind.get("target"), "target")}</span></div>',
    ]
    if not ind.get("latest") and parts:
        colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
        rows = "".join(
            f"<li>{html_text(p['name'])}{colon}{html_text(observation(p.get('latest'), p.get('unit') or '', lang))}"
            f"{'' if not p.get('latest') else html_text(left + words.plain('vc-year', year=int(p['latest']['year'])) + right)}"
            f" {_arrow(p, words)}</li>"
            for p in parts
        )
        # the parts carry the targets, so the parent's own (absent) target is not listed as missing
        blocks = [
            f'<div class="vc-item vc-parts"><span class="vc-label">{words("vc-parts")}</span><ul>{rows}</ul></div>'
        ]
    pct_ = ind.get("progress_pct")
    if not blank(pct_):
        width = max(0.0, min(100.0, float(pct_)))
        sep = "" if lang == "zh" else " "
        blocks.append(
            f'<div class="vc-item vc-progress"><span class="vc-label">{words("progress-ours")}{sep}{float(pct_):.2f}%</span>'
            f'<span class="vc-bar" aria-hidden="true"><span style="width:{width:.1f}%"></span></span></div>'
        )
    return Markup(f'<div class="value-card" role="group" aria-label="{words("vc-label")}">{"".join(blocks)}</div>')


def _arrow(part: dict, words) -> str:
    """'→ target …' for a part in the value card (its target, or the sentence that there is none)."""
    unit = part.get("unit") or ""
    target = observation(part["target"], unit, words.lang) if part.get("target") else words.plain("no-target")
    return str(words("vc-target-arrow", target=target))
