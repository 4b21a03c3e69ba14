"""The evaluation report itself, as data: split by heading path, numbers found and marked.

The report text lives in `datapackages/report/` (one row per line of the
original text in `lines.csv`, one row per heading path in `sections.csv`).
`split()` turns the plain text into those rows (used once by
`scripts/import_report.py`, and by a test that the stored rows still follow
from the stored text); everything else reads the data package.

Section ids are heading paths as the data cite them: 一(二)1(1), 一(三)专栏7(3),
三(一)2. A section's text holds its sub-sections' text too, so a value cited to
一(五) is found anywhere in 一(五).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd

L1 = re.compile(r"^([一二三四])、")
L2 = re.compile(r"^\(([一二三四五])\)")
COLUMN = re.compile(r"^专栏(\d+)")
L3 = re.compile(r"^(\d+)、")
L4 = re.compile(r"^\s*\((\d+)\)")
DIGIT = {c: str(i) for i, c in enumerate("一二三四五六七八九", start=1)}
COVER, CONTENTS = "封面", "目录"


@dataclass
class Section:
    id: str
    parent_id: str | None
    level: int
    heading_zh: str
    position: int


def split(lines: list[str]) -> tuple[list[Section], list[str]]:
    """Sections in reading order and, per line of the text, the id of its deepest section."""
    # The table of contents repeats the headings; the body starts at the second "一、".
    body_start = [i for i, line in enumerate(lines) if line.startswith("一、")][1]
    contents_at = next(i for i, line in enumerate(lines) if line.strip() == CONTENTS)
    sections = [Section(COVER, None, 0, lines[0], 1), Section(CONTENTS, None, 0, CONTENTS, 2)]
    owner = [COVER] * contents_at + [CONTENTS] * (body_start - contents_at)
    l1 = l2 = col = l3 = l4 = ""
    for line in lines[body_start:]:
        level = None
        if m := L1.match(line):
            l1, l2, col, l3, l4, level = m.group(1), "", "", "", "", 1
        elif m := L2.match(line):
            l2, col, l3, l4, level = f"({m.group(1)})", "", "", "", 2
        elif m := COLUMN.match(line):
            col, l3, l4, level = f"专栏{m.group(1)}", "", "", 3
        elif m := L3.match(line):
            l3, l4, level = m.group(1), "", 4
        elif m := L4.match(line):
            l4, level = f"({m.group(1)})", 5
        path = l1 + l2 + col + l3 + l4
        if level is not None:
            parent = next((p for p in (l1 + l2 + col + l3, l1 + l2 + col, l1 + l2, l1) if p and p != path), None)
            sections.append(Section(path, parent, level, line.strip(), len(sections) + 1))
        owner.append(path)
    return sections, owner


def anchor(section: str) -> str:
    """An ASCII anchor for a heading path: 一(四)7(6) → s-1-4-7-6, 一(三)专栏16(1) → s-1-3-c16-1."""
    if section == COVER:
        return "cover"
    if section == CONTENTS:
        return "contents"
    parts = []
    for token in re.findall(r"专栏\d+|\([一二三四五六七八九\d]+\)|[一二三四]|\d+", section):
        token = token.strip("()")
        parts.append("c" + token[2:] if token.startswith("专栏") else DIGIT.get(token, token))
    return "s-" + "-".join(parts)


def page(section: str) -> str:
    """The site page (under source/) a section is shown on: chapter 一 has one page per part, 二–四 one each."""
    if section in (COVER, CONTENTS):
        return "index"
    m = re.match(r"([一二三四])(?:\(([一二三四五])\))?", section)
    if m is None:
        raise ValueError(f"not a heading path: {section!r}")
    chapter = DIGIT[m.group(1)]
    if chapter == "1":
        return f"1-{DIGIT[m.group(2)] if m.group(2) else '1'}"
    return chapter


def value_key(value) -> str:
    """A number as a plain string: 64.20 → 64.2, 1,120,751.19 → 1120751.19 (used in links and marks)."""
    try:
        d = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return str(value).strip()
    text = format(d.normalize(), "f")
    return text


CHINESE_NUMERALS = {str(i): c for i, c in enumerate("一二三四五六七八九十", start=1)}


def _pattern(value: str) -> str:
    value = value_key(value)
    if "." in value:
        whole, frac = value.split(".")
        return re.escape(whole) + r"\." + re.escape(frac) + "0*"
    # An integer may be printed 5.0, but 2 is not the 2 of 2.9.
    return re.escape(value) + r"(?:\.0+)?(?!\.\d)"


def number_spans(text: str, value, numerals: bool = True) -> list[tuple[int, int]]:
    """Where the number stands in the text as the report prints it (64.2 matches 64.20, 10 matches
    neither 100 nor 1.10, 1120751.19 matches 1,120,751.19); small counts also as Chinese numerals (三处)."""
    # Thousands separators and stray spaces are skipped by matching on a cleaned copy mapped back to the original.
    keep, clean = _cleaned(text)
    spans = [
        (keep[m.start()], keep[m.end() - 1] + 1)
        for m in re.finditer(rf"(?<![\d.]){_pattern(str(value))}(?![\d])", clean)
    ]
    if spans or not numerals:
        return spans
    numeral = CHINESE_NUMERALS.get(value_key(value))
    if numeral is None:
        return []
    # Not an ordinal: 第二, 二是 and 一系列 are not counts.
    return [
        m.span() for m in re.finditer(rf"(?<![一二三四五六七八九十第]){numeral}(?![一二三四五六七八九十是系])", text)
    ]


@functools.lru_cache(maxsize=1024)
def _cleaned(text: str) -> tuple[tuple[int, ...], str]:
    """The text without commas and spaces, and where each remaining character stood. Cached: the rules look up
    every cited number in the few hundred section texts, so each text is cleaned once, not once per number."""
    keep = tuple(i for i, c in enumerate(text) if c not in ", ")
    return keep, "".join(text[i] for i in keep)


def number_in(text: str, value) -> bool:
    return bool(number_spans(text, value))


def section_texts(sections: pd.DataFrame, lines: pd.DataFrame) -> dict[str, str]:
    """Section id → its text, sub-sections included."""
    parent = dict(zip(sections["id"], sections["parent_id"], strict=False))
    texts: dict[str, list[str]] = {s: [] for s in sections["id"]}
    for section, line in zip(lines["section_id"], lines["text_zh"], strict=False):
        s = section
        while isinstance(s, str) and s:
            texts[s].append(line)
            s = parent.get(s)
    return {k: "\n".join(v) for k, v in texts.items()}


# Every (package, resource, value column, section column) whose value is a number cited to a report section.
CITED_NUMBERS = [
    ("tasks", "figures", "value", "source_section"),
    ("monitoring", "network", "count", "source_section"),
    ("projects", "projects", "capacity", "source_section"),
    ("projects", "projects", "investment", "source_section"),
    ("indicators", "observations", "value", "source_section"),
    ("indicators", "assessments", "reported_progress_pct", "source_section"),
    ("indicators", "plan", "start_year", "source_section"),
    ("indicators", "plan", "end_year", "source_section"),
    ("indicators", "stated_counts", "count", "source_section"),
    ("tasks", "stated_counts", "count", "source_section"),
]


def cited(frames: dict[str, dict[str, pd.DataFrame]]) -> list[tuple[str, str, int, str, list[str]]]:
    """Every cited number: (package, resource, CSV line, value key, sections). Derived observations are
    our arithmetic, not the report's, so they are left out."""
    out = []
    for package, resource, column, where in CITED_NUMBERS:
        frame = frames[package][resource]
        for i, row in frame.iterrows():
            value = row[column]
            if (
                value is None
                or (isinstance(value, float) and pd.isna(value))
                or value is pd.NA
                or str(value).strip() == ""
            ):
                continue
            if "derived" in frame.columns and str(row["derived"]).lower() == "true":
                continue
            out.append((package, resource, int(i) + 2, value_key(value), str(row[where]).split("; ")))
    return out


def split_sections(value) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return []
    return [s.strip() for s in str(value).split(";") if s.strip()]


def section_href(section: str, values=()) -> str:
    """Site-relative URL of a section on the report pages, with the cited values for the page script to mark."""
    from urllib.parse import urlencode

    keys = [
        value_key(v) for v in values if v is not None and not (isinstance(v, float) and pd.isna(v)) and str(v).strip()
    ]
    query = ("?" + urlencode([("v", k) for k in keys])) if keys else ""
    p = page(section)
    return f"source/{'' if p == 'index' else p + '/'}{query}#{anchor(section)}"
