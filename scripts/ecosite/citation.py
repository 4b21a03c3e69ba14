"""How to cite a data package or one indicator: plain text, BibTeX, RIS and CSL-JSON.

No access date is written in: it would freeze the build day into the file (the
reader's reference manager, or the page's script, adds the day they looked).
Names come from the package descriptor (`contributors`) and the sources table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .model import licence_of


@dataclass
class Work:
    key: str  # BibTeX key / CSL id, a slug
    title: str  # Chinese title
    title_en: str
    version: str
    url: str
    date: str  # YYYY-MM-DD, the last data change
    author: str  # the bureau whose report the numbers come from
    publisher: str  # the open-data project that compiled them
    report: str  # the report's title and month
    licence: str = ""  # from the package descriptor (the report package keeps the bureau's own terms)
    section: str | None = None


def work(
    d,
    package: str,
    url: str,
    date: str,
    key: str | None = None,
    title: str | None = None,
    title_en: str | None = None,
    section: str | None = None,
) -> Work:
    p = d.tables.packages[package]
    desc = p.to_dict()
    source = d.current_source
    roles = {r: c["title"] for c in desc.get("contributors", []) for r in c.get("roles", [])}
    return Work(
        key=key or desc["name"],
        title=title or desc.get("title_zh", p.title),
        title_en=title_en or p.title,
        version=p.version,
        url=url,
        date=date,
        author=source["publisher_zh"],
        publisher=roles.get("publisher", "Kunming eco-progress open data project"),
        report=f"《{source['title_zh']}》（{source['published']}）",
        licence=_licence(desc),
        section=section,
    )


def package(d, name: str, site_url: str, date: str) -> Work:
    """The work of one data package, cited at its folder's address (data/<name>/)."""
    base = site_url.rstrip("/") + "/" if site_url else "/"
    return work(d, name, f"{base}data/{name}/", date)


def _licence(descriptor: dict) -> str:
    licence = licence_of(descriptor)
    return licence.short if licence else ""


def text(w: Work) -> str:
    where = f"，第 {w.section} 部分" if w.section else ""
    return (
        f"{w.author}：{w.report}{where}；{w.publisher} 整理：{w.title}，版本 {w.version}（{w.date}），"
        f"{w.url}，{w.licence}。"
    )


def _bib(value: str) -> str:
    # Braces and backslashes are BibTeX syntax; data text never holds them, but a title must not break the entry.
    return re.sub(r"[{}\\]", "", value)


def bibtex(w: Work) -> str:
    year = w.date[:4]
    note = (
        f"Version {w.version}. Compiled from {w.report}"
        + (f", section {w.section}" if w.section else "")
        + f". {w.licence}"
    )
    return (
        f"@misc{{{w.key},\n  author = {{{{{_bib(w.author)}}}}},\n  title = {{{_bib(w.title)} ({_bib(w.title_en)})}},\n"
        f"  publisher = {{{_bib(w.publisher)}}},\n  year = {{{year}}},\n  date = {{{w.date}}},\n  version = {{{_bib(w.version)}}},\n"
        f"  url = {{{w.url}}},\n  note = {{{_bib(note)}}}\n}}\n"
    )


def ris(w: Work) -> str:
    lines = [
        "TY  - DATA",
        f"AU  - {w.author}",
        f"TI  - {w.title}",
        f"T2  - {w.title_en}",
        f"PB  - {w.publisher}",
        f"PY  - {w.date[:4]}",
        f"DA  - {w.date.replace('-', '/')}",
        f"ET  - {w.version}",
        f"UR  - {w.url}",
        f"N1  - {w.report}" + (f"，第 {w.section} 部分" if w.section else "") + f"；{w.licence}",
        "ER  - ",
    ]
    return "\r\n".join(lines) + "\r\n"  # RIS is specified with CRLF line ends


def csl(w: Work) -> dict:
    y, m, d = (int(x) for x in w.date.split("-"))
    return {
        "id": w.key,
        "type": "dataset",
        "title": w.title,
        "title-short": w.title_en,
        "author": [{"literal": w.author}],
        "publisher": w.publisher,
        "version": w.version,
        "URL": w.url,
        "issued": {"date-parts": [[y, m, d]]},
        "note": w.report + (f"，第 {w.section} 部分" if w.section else "") + f"；{w.licence}",
    }


def formats(w: Work) -> dict[str, str]:
    """Every format as text, by name (for pages and files)."""
    return {
        "text": text(w),
        "bibtex": bibtex(w),
        "ris": ris(w),
        "csl": json.dumps([csl(w)], ensure_ascii=False, indent=1) + "\n",
    }
