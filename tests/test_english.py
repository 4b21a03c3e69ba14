"""The English edition (issue 12): every page says its language and leads to its twin in the other language; English
pages are in English (Han characters only as original names in brackets after the English); charts on English pages
carry no Chinese; accessibility and search on the English site. All on the session's one built site.

English twins of most generated pages do not exist yet: they are listed in EXPECTED_MISSING and the twin test is an
expected failure naming them, until the page model renders them (it then passes by itself)."""

from __future__ import annotations

import posixpath
import re
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest

# Chinese pages whose English twin is still to be generated (pipeline.pages_for(build, "en") does not return them
# yet). Paths as URLs inside the site; shell patterns. Remove a line when its pages exist in English.
EXPECTED_MISSING = [
    "downloads/",
    "data-dictionary/",
    "validation/",
    "changelog/",
]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
OPEN, CLOSE = "(（", ")）"


class _Page(HTMLParser):
    """What a page says about its language: <html lang>, the head's hreflang links, the language selector's links,
    and the text of the main content (scripts and styles left out; SVG text kept apart)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.html_lang = None
        self.hreflang: dict[str, str] = {}
        self.switch: list[dict] = []
        self.main: list[str] = []
        self.svg_text: list[str] = []
        self._main_depth = 0  # depth inside <article>
        self._skip = 0
        self._svg = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang")
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.hreflang[a["hreflang"]] = a.get("href")
        if tag == "a" and "md-select__link" in (a.get("class") or "").split():
            self.switch.append(a)
        if tag == "article" or self._main_depth:
            self._main_depth += 1
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "svg":
            self._svg += 1
        if self._svg:
            for key in ("aria-label", "title"):
                if a.get(key):
                    self.svg_text.append(a[key])

    def handle_endtag(self, tag):
        if self._main_depth:
            self._main_depth -= 1
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "svg" and self._svg:
            self._svg -= 1

    def handle_data(self, data):
        if self._svg:
            self.svg_text.append(data)
        elif self._main_depth and not self._skip:
            self.main.append(data)


def parse(path: Path) -> _Page:
    p = _Page()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def html_pages(site: Path, english: bool) -> dict[str, Path]:
    """{URL inside its language's site: file} of every page of one language."""
    root = site / "en" if english else site
    out = {}
    for path in sorted(root.rglob("index.html")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith(("assets/", "search/")) or (not english and rel.startswith("en/")):
            continue
        out[rel.removesuffix("index.html")] = path
    return out


def target(site: Path, page: Path, href: str) -> Path | None:
    """The index.html a page-relative link leads to, or None when it leads nowhere in the site."""
    folder = page.parent.relative_to(site).as_posix()
    resolved = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
    if resolved.startswith(".."):
        return None
    found = site / resolved / "index.html" if resolved != "." else site / "index.html"
    return found if found.is_file() else None


def test_every_page_says_its_language_and_has_a_switch_and_hreflang(site):
    """Both languages: <html lang>, a switch to each language that leads to a page that exists, hreflang for the
    page itself and x-default (the Chinese page)."""
    problems = []
    for english in (False, True):
        own = "en" if english else "zh-Hans"
        for url, path in html_pages(site, english).items():
            p = parse(path)
            where = ("en/" if english else "") + url
            if p.html_lang != own:
                problems.append(f"{where}: <html lang={p.html_lang!r}>")
            langs = {a.get("hreflang"): a for a in p.switch}
            if set(langs) != {"zh-Hans", "en"}:
                problems.append(f"{where}: switch offers {sorted(langs)}")
                continue
            for lang, a in langs.items():
                if target(site, path, a["href"]) is None:
                    problems.append(f"{where}: switch to {lang} leads to {a['href']}, which does not exist")
            if target(site, path, langs[own]["href"]) != path:
                problems.append(f"{where}: the switch to its own language does not lead to itself")
            if own not in p.hreflang or target(site, path, p.hreflang[own]) != path:
                problems.append(f"{where}: no hreflang={own} link to itself")
            if not english and target(site, path, p.hreflang.get("x-default", "")) != path:
                problems.append(f"{where}: x-default does not name the Chinese page itself")
    assert problems == [], "\n".join(problems)


def test_every_chinese_page_has_its_english_twin_and_back(site):
    """The switch and hreflang of each Chinese page lead to the same page in English, whose switch, hreflang and
    x-default lead back. Missing twins are listed; those in EXPECTED_MISSING make this an expected failure."""
    english = html_pages(site, True)
    problems, missing = [], []
    for url, path in html_pages(site, False).items():
        p = parse(path)
        switch = {a.get("hreflang"): a for a in p.switch}
        twin = english.get(url)
        if twin is None:
            missing.append(url)
            # Until then the switch leads to the English home, says so, and no hreflang names a page that is not a twin.
            a = switch.get("en", {})
            if target(site, path, a.get("href", "")) != site / "en" / "index.html" or a.get("data-twin") != "missing":
                problems.append(f"{url}: without an English twin, the switch must lead to the English home, marked")
            if "en" in p.hreflang:
                problems.append(f"{url}: hreflang=en names {p.hreflang['en']}, which is not this page's twin")
            continue
        if target(site, path, switch["en"]["href"]) != twin or switch["en"].get("data-twin"):
            problems.append(f"{url}: the switch does not lead to en/{url}")
        if target(site, path, p.hreflang.get("en", "")) != twin:
            problems.append(f"{url}: hreflang=en does not name en/{url}")
        back = parse(twin)
        back_switch = {a.get("hreflang"): a for a in back.switch}
        for name, href in (
            ("switch", back_switch.get("zh-Hans", {}).get("href", "")),
            ("hreflang=zh-Hans", back.hreflang.get("zh-Hans", "")),
            ("x-default", back.hreflang.get("x-default", "")),
        ):
            if target(site, twin, href) != path:
                problems.append(f"en/{url}: {name} does not lead back to {url or 'the home page'}")
    unexpected = [u for u in missing if not any(fnmatch(u, pattern) for pattern in EXPECTED_MISSING)]
    assert problems == [], "\n".join(problems)
    assert unexpected == [], f"Chinese pages without an English twin, not in EXPECTED_MISSING: {unexpected}"
    if missing:
        pytest.xfail(f"{len(missing)} Chinese pages have no English twin yet: {', '.join(missing)}")


def test_english_pages_have_a_chinese_twin(site):
    """Every English page is a twin: the site publishes nothing in English that has no Chinese original."""
    chinese = html_pages(site, False)
    assert [url for url in html_pages(site, True) if url not in chinese] == []


def _outside_brackets(text: str) -> list[str]:
    """Runs of Han characters in a text that are not inside brackets following non-Han text (an original name
    after its English rendering, 'Report (评估报告)', a section number '(section 一(二))')."""
    offenders, depth, allowed, run = [], 0, [], ""
    previous = ""
    for ch in text:
        if ch in OPEN:
            before = previous.rstrip()[-1:] if previous.strip() else ""
            allowed.append(depth > 0 and allowed[-1] or (bool(before) and not HAN.match(before)))
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
            allowed.pop()
        if HAN.match(ch) and not (depth and allowed[-1]):
            run += ch
        elif run:
            offenders.append(run)
            run = ""
        previous += ch
    if run:
        offenders.append(run)
    return offenders


def test_english_main_content_has_han_only_as_original_names_in_brackets(site):
    """Per English page: the share of Han characters in the main content, and every run of them that is not an
    original name in brackets after its English rendering (offenders listed by page)."""
    offenders, shares = {}, {}
    for url, path in html_pages(site, True).items():
        text = re.sub(r"\s+", " ", " ".join(parse(path).main))
        letters = [c for c in text if not c.isspace()]
        shares["en/" + url] = round(sum(bool(HAN.match(c)) for c in letters) / max(1, len(letters)), 3)
        found = _outside_brackets(text)
        if found:
            offenders["en/" + url] = found
        assert letters, f"en/{url}: no main content"
    assert offenders == {}, f"Han characters outside brackets: {offenders}; Han share per page: {shares}"


def test_the_bracket_rule_allows_original_names_only():
    assert _outside_brackets("Dianchi Lake (滇池) and the report (section 一(二)1(1))") == []
    assert _outside_brackets("a 约束性 indicator") == ["约束性"]
    assert _outside_brackets("(滇池) first") == ["滇池"]  # a bracket with no English before it
    assert _outside_brackets("参与维护（局内人员）") == ["参与维护", "局内人员"]


def test_no_chinese_in_chart_svg_on_english_pages(site):
    """Chart text (titles, axes, legends, labels, text alternatives) on English pages: no Han character."""
    found = {}
    for url, path in html_pages(site, True).items():
        chinese = [t.strip() for t in parse(path).svg_text if HAN.search(t)]
        if chinese:
            found["en/" + url] = chinese[:5]
    assert found == {}


def test_english_search_index_is_the_english_pipeline(site):
    """The English site has its own index, built by the theme's English pipeline, holding English pages only."""
    import json

    index = json.loads((site / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["en"]
    # The theme's English defaults, not the Chinese site's (no pipeline, a separator for zero-width spaces).
    assert index["config"]["pipeline"] != [], index["config"]
    assert index["config"]["separator"] == r"[\s\-]+", index["config"]
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert {"", "methodology/", "about/", "api/"} <= locations, locations
    assert not [d for d in index["docs"] if HAN.search(d["title"])], "English index holds Chinese titles"


def test_a_failed_english_build_publishes_nothing(tmp_path, monkeypatch):
    """One build, one swap: when the English half fails after the Chinese half was rendered, site/ is untouched."""
    import mkdocs.commands.build as mkbuild

    from ecosite import pipeline
    from ecosite import publish as site_build
    from ecosite.config import Config

    calls = []

    def fake_build(config, **kwargs):
        calls.append(Path(config.site_dir))
        if config.extra.get("lang") == "en":
            raise RuntimeError("English build failed")
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)
        (Path(config.site_dir) / "index.html").write_text("new", encoding="utf-8")

    monkeypatch.setattr(mkbuild, "build", fake_build)
    monkeypatch.setattr(pipeline, "prepare", lambda *args, **kwargs: None)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        site_build.build_site(Config(output=site))
    assert [p.name for p in calls][-1] == "en", calls  # both languages were attempted, English inside staging
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.lock", "site"]


# ---------------------------------------------------------------------------
# In the browser


@pytest.mark.browser
@pytest.mark.parametrize("path", ["en/", "en/methodology/"])
def test_no_serious_accessibility_violations_on_english_pages(browser, served, path):
    from axe_playwright_python.sync_playwright import Axe

    from test_browser import Visit

    visit = Visit(browser, served + path)
    visit.page.add_style_tag(content=".table-wrap, .chart-view { content-visibility: visible !important; }")
    results = Axe().run(visit.page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    errors, foreign = visit.errors, visit.foreign
    visit.close()
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    assert errors == [] and foreign == [], (errors, foreign)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["en/", "en/methodology/", "indicators/pm25/"])
def test_language_menu_fits_a_phone_screen(browser, served, path):
    """Open on a 360 px phone, the language menu (with its longest entry on pages without a twin) stays on screen."""
    from test_browser import Visit

    visit = Visit(browser, served + path, viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = visit.page
    page.click(".md-header__option .md-select button")  # focus opens the menu, as a tap does
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.md-select__inner')).transform === 'matrix(1, 0, 0, 1, 0, 0)'"
    )
    box = page.evaluate(
        "(() => { const r = document.querySelector('.md-select__inner').getBoundingClientRect(); "
        "return [r.left, r.right, document.documentElement.clientWidth]; })()"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    visit.close()
    assert box[0] >= 0 and box[1] <= box[2], box
    assert overflow <= 1


@pytest.mark.browser
def test_language_switch_leads_to_the_same_page_and_back(browser, served):
    """A reader on the Chinese methodology page picks English and lands on the English methodology page, and back."""
    from test_browser import Visit

    visit = Visit(browser, served + "methodology/")
    page = visit.page
    page.hover(".md-header__option .md-select")
    page.click(".md-select__link[hreflang=en]")
    page.wait_for_url(served + "en/methodology/")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.hover(".md-header__option .md-select")
    page.click(".md-select__link[hreflang=zh-Hans]")
    page.wait_for_url(served + "methodology/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    errors = visit.errors
    visit.close()
    assert errors == [], errors


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [("binding", "en/methodology/"), ("licence", "en/about/"), ("schema", "en/api/")],
)
def test_english_search_finds_english_pages(browser, served, query, expected):
    from test_browser import Visit
    from test_search import search_ready, top_pages

    visit = Visit(browser, served + "en/")
    search_ready(visit.page)
    found = top_pages(visit.page, query)
    visit.close()
    assert expected in found, (query, found)
    assert all(p.startswith("en/") for p in found), found


from test_browser import browser  # noqa: E402,F401  (the module-scoped Chromium fixture)
