"""From any number to its sentence in one click.

Every `source_section` the site shows is a link to that section of the report
pages (source/…), the section exists there, and every number the link carries
(?v=) is marked inside that section. The browser test follows a sample of 20
links and checks the reader lands on the section with the value marked.
"""

from __future__ import annotations

import functools
import random
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlparse

import pytest


class _Links(HTMLParser):
    """src-link anchors, ids, cited marks (with the sections they lie in) and the cells of 章节 columns."""

    def __init__(self):
        super().__init__()
        self.links, self.ids, self.marks = [], set(), []
        self._in: list[str] = []  # data-in of the enclosing block, while inside one
        self._stack: list[str] = []
        self._mark: dict | None = None
        self._headers: list[str] = []
        self._col = -1
        self._cell: dict | None = None
        self.section_cells: list[dict] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "src-link" in (a.get("class") or "").split():
            self.links.append(a["href"])
            if self._cell is not None:
                self._cell["links"] += 1
        if "data-in" in a:
            self._in = a["data-in"].split()
        if tag == "mark" and "cited" in (a.get("class") or ""):
            self.marks.append({"v": a.get("data-v"), "in": list(self._in)})
        if tag == "tr":
            self._col = -1
        if tag in ("th", "td"):
            self._col += 1
            if tag == "td" and self._col < len(self._headers) and self._headers[self._col] == "章节":
                self._cell = {"text": "", "links": 0}
            elif tag == "th":
                self._cell = {"th": True, "text": ""}
        if tag == "thead":
            self._headers = []

    def handle_endtag(self, tag):
        if tag in ("p", "h2", "h3", "h4"):
            self._in = []
        if tag in ("td", "th") and self._cell is not None:
            if self._cell.get("th"):
                self._headers.append(self._cell["text"].strip())
            elif self._cell["text"].strip():
                self.section_cells.append(self._cell)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data


@functools.cache
def _parse(path: Path) -> _Links:
    """Parsed once per page (a page is the target of hundreds of links)."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target(site: Path, page: Path, href: str) -> tuple[Path, str, list[str]]:
    base = "/" + page.relative_to(site).as_posix()
    url = urlparse(urljoin(base, href))
    return site / url.path.lstrip("/") / "index.html", unquote(url.fragment), parse_qs(url.query).get("v", [])


@pytest.fixture(scope="module")
def links(site):
    """(page, href, target page, anchor, values, values marked in the target section) for every section link."""
    found, targets = [], {}
    for page in sorted(site.rglob("*.html")):
        for href in _parse(page).links:
            target, anchor, values = _target(site, page, href)
            if target not in targets:  # (setdefault would parse the target again for every link)
                targets[target] = _parse(target) if target.exists() else None
            parsed = targets[target]
            marked = set() if parsed is None else {m["v"] for m in parsed.marks if anchor in m["in"]}
            found.append((page, href, target, anchor, values, marked & set(values), parsed))
    return found


def test_every_section_cell_on_the_site_is_a_link(site):
    plain = []
    for page in site.rglob("*.html"):
        for cell in _parse(page).section_cells:
            if not cell["links"]:
                plain.append(f"{page.relative_to(site)}: {cell['text'][:30]}")
    assert not plain, plain[:10]


def test_every_section_link_reaches_its_section_with_its_values_marked(site, links):
    assert len(links) > 500, "too few section links: are the tables still linking their sections?"
    broken = []
    groups: dict[tuple, dict] = {}
    for page, href, _target, anchor, values, marked, parsed in links:
        where = f"{page.relative_to(site)}: {href}"
        if parsed is None:
            broken.append(f"{where} → no such page")
        elif anchor not in parsed.ids:
            broken.append(f"{where} → no such section on the page")
        if values:
            # A cell citing several sections links each with the same values; each value must be marked in one of them.
            g = groups.setdefault(
                (page, urlparse(href).query), {"values": set(values), "marked": set(), "where": where}
            )
            g["marked"] |= marked
    for (page, _), g in groups.items():
        audit = page.parent.name == "audit"  # a discrepancy's values include our recomputations, not printed anywhere
        if (not g["marked"]) if audit else (g["values"] - g["marked"]):
            broken.append(f"{g['where']} → {sorted(g['values'] - g['marked'])} not marked in the section")
    assert not broken, broken[:10]


@pytest.mark.browser
def test_a_sample_of_links_lands_on_the_section_with_the_value_marked(site, served, links):
    from playwright.sync_api import expect

    from chromium import chromium

    with_values = [(p, h) for p, h, *_, marked, _ in links if marked]
    sample = random.Random(10).sample(with_values, 20)
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 800})  # a phone
        tab = context.new_page()
        failures = []
        for page, href in sample:
            url = urljoin(served + page.relative_to(site).parent.as_posix() + "/", href)
            tab.goto(url, wait_until="load")
            anchor = unquote(urlparse(url).fragment)
            values = parse_qs(urlparse(url).query)["v"]
            here = tab.locator(f'[data-in~="{anchor}"] mark.cited.here')
            if here.count() == 0:
                failures.append(f"{url}: no value marked in the section")
                continue
            if here.first.get_attribute("data-v") not in values:
                failures.append(f"{url}: a different value is marked")
            try:
                expect(here.first).to_be_in_viewport(timeout=5000)
            except AssertionError:
                failures.append(f"{url}: the marked value is not on screen")
            if tab.evaluate("document.documentElement.scrollWidth") > 390 + 1:
                failures.append(f"{url}: the page scrolls sideways on a phone")
    assert not failures, failures
