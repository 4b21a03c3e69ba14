"""Every internal link of the built site reaches a page, and every #fragment an element id on that page."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

BASE = "http://site.invalid/"


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if a.get(key) is not None and tag in ("a", "link", "img", "script", "area", "source", "iframe"):
                self.links.append((tag, a[key]))


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_url(site: Path, html: Path) -> str:
    rel = html.relative_to(site).as_posix()
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, path: str) -> Path | None:
    local = site / unquote(path).lstrip("/")
    if path.endswith("/") or local.is_dir():
        local = local / "index.html"
    return local if local.is_file() else None


def broken_links(site: Path, pages: list[Path] | None = None) -> list[str]:
    """Internal links (href/src without a host other than the site) whose file or #fragment does not exist."""
    cache: dict[Path, _Page] = {}

    def parsed(p: Path) -> _Page:
        if p not in cache:
            cache[p] = parse(p)
        return cache[p]

    broken = []
    for html in pages if pages is not None else sorted(site.rglob("*.html")):
        here = page_url(site, html)
        for tag, link in parsed(html).links:
            url = urljoin(here, link.strip())
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not url.startswith(BASE):
                continue  # another host, mailto:, data:, javascript: — not ours to check here
            target = target_file(site, parts.path)
            where = f"{html.relative_to(site)}: <{tag}> {link}"
            if target is None:
                broken.append(f"{where} → no file {parts.path}")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                broken.append(f"{where} → no id “{fragment}” in {target.relative_to(site)}")
    return broken


def test_every_internal_link_and_anchor_resolves(site):
    pages = [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) > 50
    broken = broken_links(site, pages)
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken[:60])


def test_checker_sees_a_missing_anchor_and_a_missing_page(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h2 id="ok">x</h2><a href="a/#ok">1</a><a href="a/#nope">2</a>'
        '<a href="missing/">3</a><a href="#ok">4</a><a href="https://example.org/">5</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="ok">y</p>', encoding="utf-8")
    broken = broken_links(tmp_path)
    assert len(broken) == 2 and "nope" in broken[0] and "missing" in broken[1]


def test_headings_have_readable_anchors(site):
    """No heading id like `_2` (what the default slugify leaves of a Chinese heading): ids name their heading."""
    import re

    bad = []
    for html in sorted(site.rglob("*.html")):
        for m in re.finditer(r'<h[1-6][^>]* id="(_\d*|\d+)"', html.read_text(encoding="utf-8")):
            bad.append(f"{html.relative_to(site)}: #{m.group(1)}")
    assert not bad, "\n".join(bad[:30])
