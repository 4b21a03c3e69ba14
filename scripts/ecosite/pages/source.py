"""The report itself as site pages (source/…): chapter 一 one page per part, chapters 二–四 one page each.

Every section has an anchor (sections.anchor); every number the data cite from a
section is wrapped in <mark data-v="…"> there, so a reader who follows a
source_section link sees the sentence and the number. The text is escaped here,
at one boundary, and written as raw HTML blocks (Markdown does not touch them).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ..inputs import Job
from ..reportdoc import cited, number_spans, section_texts, split_sections, value_key
from .common import Pages, records


def pages(job: Job) -> dict[str, str]:
    p = Pages(job)
    contexts = build(job.d.tables.frames, p.T)
    listing = [{"page": page, "title": c["title"]} for page, c in contexts.items()]
    doc = records(job.d.tables["report"]["document"])[0]
    return {
        f"source/{page}.md": p.render(f"source/{page}.md", "source.md.j2", ctx=ctx, pages=listing, doc=doc)
        for page, ctx in contexts.items()
    }


def _marks(text: str, values: set[tuple[str, bool]]) -> str:
    """Wrap the cited numbers; a value is sought as a Chinese numeral (三处) only where its section never prints it in digits."""
    spans: list[tuple[int, int, str]] = []
    for v, numerals in sorted(values, key=lambda x: len(x[0]), reverse=True):
        for a, b in number_spans(text, v, numerals):
            if all(b <= x or a >= y for x, y, _ in spans):  # longest numbers first; no nesting
                spans.append((a, b, v))
    out, at = [], 0
    for a, b, v in sorted(spans):
        out.append(html.escape(text[at:a]))
        out.append(f'<mark class="cited" data-v="{html.escape(v)}">{html.escape(text[a:b])}</mark>')
        at = b
    out.append(html.escape(text[at:]))
    return "".join(out)


def build(frames: dict[str, dict[str, pd.DataFrame]], words) -> dict[str, dict]:
    """Context for each report page: {page: {title, toc, blocks (HTML lines), parts}}, titles in the language of
    `words` (interface.Words). The text is Chinese in both languages; `parts` (the chapters and parts on the page,
    levels 1-2, with our English title) is what the English twin of a report page lists."""
    rep = frames["report"]
    sections = rep["sections"].sort_values("position")
    lines = rep["lines"].sort_values("line")
    parent = dict(zip(sections["id"], sections["parent_id"], strict=False))
    by_id = sections.set_index("id")

    def lineage(s):
        out = []
        while isinstance(s, str) and s:
            out.append(s)
            s = parent.get(s)
        return out

    texts = section_texts(sections, lines)
    values: dict[str, set[tuple[str, bool]]] = {}
    for *_, value, secs in cited(frames):
        for s in secs:
            if s in texts:
                values.setdefault(s, set()).add((value, not number_spans(texts[s], value, numerals=False)))
    # A discrepancy's numbers are marked where the report prints them (our recomputed values are not in the text).
    disc = frames["indicators"]["discrepancies"]
    for secs, text in zip(disc["sections"], disc["values"], strict=False):
        for value in re.findall(r"\d+(?:\.\d+)?", str(text)):
            for s in split_sections(secs):
                if s in texts and number_spans(texts[s], value, numerals=False):
                    values.setdefault(s, set()).add((value_key(value), False))
    by_page: dict[str, dict] = {}
    seen_heading: set[str] = set()
    for _, line in lines.iterrows():
        owner = line["section_id"]
        sec = by_id.loc[owner]
        page = sec["page"]
        ctx = by_page.setdefault(page, {"page": page, "toc": [], "blocks": []})
        chain = lineage(owner)
        mine = set().union(*(values.get(s, set()) for s in chain))
        text = "" if not isinstance(line["text_zh"], str) else line["text_zh"]
        body = _marks(text, mine)
        inside = " ".join(by_id.loc[s, "anchor"] for s in chain)
        heading = owner not in seen_heading and text.strip() == sec["heading_zh"]
        if heading:
            seen_heading.add(owner)
            level = int(sec["level"])
            if level <= 3:
                ctx["toc"].append({"anchor": sec["anchor"], "id": owner, "heading": text, "level": level})
                if level <= 2:
                    ctx.setdefault("parts", []).append(
                        {"anchor": sec["anchor"], "id": owner, "title_en": sec["title_en"], "level": level}
                    )
            tag = {0: "h2", 1: "h2", 2: "h2", 3: "h3"}.get(level, "h4" if len(text) <= 40 else "p")
            cls = f"src-head level-{level}"
            ctx["blocks"].append(
                f'<{tag} id="{sec["anchor"]}" class="{cls}" data-in="{inside}" data-section="{html.escape(owner)}">'
                f'{body} <a class="src-anchor" href="#{sec["anchor"]}" aria-label="{html.escape(words.plain("source-anchor", section=owner))}">¶</a></{tag}>'
            )
        elif text:
            ctx["blocks"].append(f'<p class="src-line" data-in="{inside}" data-line="{int(line["line"])}">{body}</p>')
    for page, ctx in by_page.items():
        ctx.setdefault("parts", [])
        first = next((t for t in ctx["parts"] if t["level"] in (1, 2)), None)
        if page == "index" or first is None:
            ctx["title"] = words.plain("source-index-title")
        else:
            heading = first["title_en"] if words.lang == "en" else by_id.loc[first["id"], "heading_zh"]
            ctx["title"] = words.plain("source-title", heading=heading)
    order = sorted(by_page, key=lambda p: (p != "index", p))
    return {p: by_page[p] for p in order}
