"""The site's own words in both languages: every heading, sentence, column header, button label and chart phrase that
a generated page or chart shows and that is not data comes from `datapackages/tasks/interface.csv` (id, text_zh,
text_en, note), never from a template or a module.

`Words(frame, lang)` is what templates call as `T("id", name=value)`: the text in the page's language with its
`{placeholders}` filled. Both the text and the values are escaped (a value that is already Markup, such as a section
link, stays markup), so data text cannot become markup through an interface sentence. `.plain()` gives the bare
text for places that escape it themselves (table headers, chart titles).

Also here: the language rules that are not words — the separator of a run-on list, and a report section number as
English pages show it (一(二)1(1) → 1.2.1(1); the Chinese heading path stays in the link's title).
"""

from __future__ import annotations

import re

import pandas as pd
from markupsafe import Markup

from .escape import text as md_text

LANGS = ("zh", "en")
LIST_SEP = {"zh": "、", "en": ", "}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")  # {count}, {section}: what the site fills in


class Words:
    def __init__(self, frame: pd.DataFrame, lang: str, units: pd.DataFrame | None = None):
        if lang not in LANGS:
            raise ValueError(f"界面文字没有语言 {lang!r}（只有 zh、en）")
        self.lang = lang
        self._text = dict(zip(frame["id"], frame[f"text_{lang}"], strict=True))
        # English units from tasks/units.csv; a plain count (个, 座 …) has no English unit: the item names it.
        self._units = (
            {}
            if units is None
            else {u: ("" if pd.isna(e) else e) for u, e in zip(units["unit"], units["unit_en"], strict=True)}
        )

    def unit(self, unit) -> str:
        """A unit in this language (Chinese pages: as stored; English pages: its tasks/units.csv rendering)."""
        if unit is None or (isinstance(unit, float) and pd.isna(unit)) or unit == "":
            return ""
        if self.lang == "zh":
            return unit
        # A unit missing from units.csv is shown as stored; on English pages tests/test_english.py then finds its
        # Han characters outside brackets and names the page.
        return self._units.get(unit, unit)

    def _get(self, id_: str, fill: dict) -> str:
        try:
            text = self._text[id_]
        except KeyError:
            raise KeyError(
                f"tasks/interface.csv 没有 id 为 {id_!r} 的界面文字：请在该表中补上这一行（中英文）"
            ) from None
        wanted = set(PLACEHOLDER.findall(text))
        if not wanted <= set(fill):
            raise KeyError(f"tasks/interface.csv 的 {id_!r} 需要占位符 {sorted(wanted)}，页面给出的是 {sorted(fill)}")
        return text

    def plain(self, id_: str, **fill) -> str:
        text = self._get(id_, fill)
        # Only {name} placeholders are filled; any other brace in the text stays as written.
        return PLACEHOLDER.sub(lambda m: str(fill[m.group(1)]), text)

    def __call__(self, id_: str, **fill) -> Markup:
        """The text escaped for HTML and Markdown alike (it may stand in a Markdown heading), its placeholders filled
        with the values escaped the same way (Markup values, such as a link, kept)."""
        text = self._get(id_, fill)
        out = []
        for i, part in enumerate(PLACEHOLDER.split(text)):
            if i % 2:  # a placeholder's name
                value = fill[part]
                out.append(str(value) if isinstance(value, Markup) else str(md_text(str(value))))
            else:  # md_text drops a blank value, so a lone space between two placeholders is kept as it is
                out.append(str(md_text(part)) if part.strip() else part)
        return Markup("".join(out))

    def join(self, items) -> str:
        return LIST_SEP[self.lang].join(str(i) for i in items)


def field(row, name: str, lang: str):
    """A data row's text in one language: `name_zh` or `name_en` (the validator makes sure the English is there)."""
    return row[f"{name}_{lang}"]


_DIGIT = {c: str(i) for i, c in enumerate("一二三四五六七八九十", start=1)}
_SECTION = re.compile(
    r"(?P<top>[一二三四])(?:\((?P<sub>[一二三四五])\))?(?:专栏(?P<col>1[0-6]|[1-9]))?(?P<num>[1-9])?(?:\((?P<item>[1-9])\))?"
)


def section_number(section: str, lang: str) -> str:
    """A report heading path as a reader of `lang` reads it: 一(三)专栏7 2(1) stays Chinese on Chinese pages;
    English pages show 1.3 special column 7.2(1). Anything that is not a heading path is returned unchanged."""
    if lang == "zh":
        return section
    if ";" in section:  # several sections: "一(二)1(4); 三(一)3"
        return "; ".join(section_number(s, lang) for s in section.split(";"))
    m = _SECTION.fullmatch(section.strip())
    if not m:
        return section
    out = _DIGIT[m["top"]]
    if m["sub"]:
        out += "." + _DIGIT[m["sub"]]
    if m["col"]:
        out += f" special column {m['col']}"
        if m["num"]:
            out += "." + m["num"]
    elif m["num"]:
        out += "." + m["num"]
    if m["item"]:
        out += f"({m['item']})"
    return out


def install(env, frame: pd.DataFrame, lang: str, units: pd.DataFrame | None = None) -> Words:
    """Give a page environment its language: `T` (interface text), `lang`, the `tr` filter (a row's text column in
    this language: `row|tr("name")`) and the `src` filter (section links labelled for this language)."""
    from .render import observation, section_link

    words = Words(frame, lang, units)
    env.globals.update(T=words, lang=lang, obs=lambda o, unit="": observation(o, unit, lang))
    env.filters.update(
        tr=lambda row, name: field(row, name, lang),
        src=lambda sections, root, values=(): section_link(sections, root, values, words),
        section_no=lambda section: section_number(section, lang),
        unit=words.unit,
    )
    return words


def text(id_: str, lang: str = "zh", root=None) -> str:
    """One interface text read straight from tasks/interface.csv (tests, and callers without a build)."""
    import csv

    from .paths import DATAPACKAGES

    path = (root or DATAPACKAGES) / "tasks" / "interface.csv"
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["id"] == id_:
                return row[f"text_{lang}"]
    raise KeyError(f"tasks/interface.csv 没有 id 为 {id_!r} 的界面文字")
