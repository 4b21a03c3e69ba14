"""Site furniture over every built page: footer, meta description and share tags, print and dark-mode styles."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ecosite.paths import DATAPACKAGES, ROOT


def _status_names(key: str = "label_zh") -> set[str]:
    d = json.loads((DATAPACKAGES / "indicators" / "datapackage.json").read_text(encoding="utf-8"))
    r = next(r for r in d["resources"] if r["name"] == "assessments")
    return {c[key] for f in r["schema"]["fields"] if f["name"] == "status" for c in f["categories"]}


STATUS_NAMES = _status_names()


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.h1, self._in_h1, self.badges, self._in_badge = {}, "", False, [], False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("content") is not None:
            self.meta[a.get("name") or a.get("property")] = a["content"]
        self._in_h1 = self._in_h1 or tag == "h1"
        self._in_badge = tag == "span" and "badge" in (a.get("class") or "").split()

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        self._in_badge = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data
        if self._in_badge:
            self.badges.append(data.strip())


def head(path: Path) -> _Head:
    h = _Head()
    h.feed(path.read_text(encoding="utf-8"))
    return h


def pages(site: Path) -> list[Path]:
    return [
        p
        for p in sorted(site.rglob("index.html"))
        if not p.relative_to(site).as_posix().startswith(("assets/", "search/"))
    ]


def test_every_page_has_its_own_description_and_share_tags(site):
    seen = {}
    for page in pages(site):
        meta = head(page).meta
        for key in ("description", "og:title", "og:description", "og:site_name", "twitter:card", "twitter:description"):
            assert meta.get(key), f"{page.relative_to(site)}: no {key}"
        assert meta["og:description"] == meta["description"]
        assert not re.search(r"\b(None|nan|NaN|null|undefined)\b", meta["description"]), (page, meta["description"])
        seen.setdefault(meta["description"], []).append(page.relative_to(site).as_posix())
    shared = {d: p for d, p in seen.items() if len(p) > 1}
    # Pages with no text of their own (a report section heading only) may share the site description; no more.
    assert sum(len(p) for p in shared.values()) <= len(pages(site)) // 10, shared


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_indicator_pages_describe_name_latest_value_and_status(site, lang):
    """In the page's language: the name as in its heading, the latest value, and the conclusion its badge shows."""
    from ecosite.interface import text

    folder, names = (
        (site / "indicators", STATUS_NAMES) if lang == "zh" else (site / "en" / "indicators", _status_names("label"))
    )
    latest = text("meta-indicator", lang).split("{latest}")[0].split("{name}")[1]  # "：最新值 " / ": latest value "
    checked = 0
    for page in sorted(folder.glob("*/index.html")):
        h = head(page)
        name = re.sub(r"\s+", " ", h.h1).strip().rstrip("¶").strip()
        description = h.meta["description"]
        assert description.startswith(name + latest), (page, name, description)
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]", description), (page, description)
        status = [b for b in h.badges if b in names]
        if status:
            wording = text("meta-indicator-status", lang).replace("{status}", status[0])
            assert wording in description, (page, status, description)
        checked += 1
    assert checked >= 40


def test_footer_names_licence_data_versions_source_and_feedback(site):
    descriptors = {
        p.parent.name: json.loads(p.read_text(encoding="utf-8")) for p in DATAPACKAGES.glob("*/datapackage.json")
    }
    repo = re.search(r"^repo_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    licence = descriptors["indicators"]["licenses"][0]["path"]
    for page in pages(site)[::7] + [site / "index.html", site / "404.html", site / "en" / "index.html"]:
        text = page.read_text(encoding="utf-8")
        footer = text[text.index('class="md-copyright site-footer"') :]
        footer = footer[: footer.index("</div>")]
        assert "Material for MkDocs" not in text
        assert f'href="{licence}"' in footer
        for name, desc in descriptors.items():
            assert f"{name} {desc['version']}" in footer, (page, name)
        if repo:
            url = repo.group(1).strip("'\"").rstrip("/")
            assert f'href="{url}/issues"' in footer
        else:  # English pages (under en/) have the English footer
            english = page.relative_to(site).as_posix().startswith("en/")
            assert ("please contact the publisher" if english else "请联系发布机关") in footer, page


def test_share_tags_show_hostile_text_as_text(hostile_site):
    """A hostile indicator name ends up in the description and title tags as text: the head holds no injected tag."""
    heads = [
        t[: t.index("</head>")]
        for t in (p.read_text(encoding="utf-8") for p in (hostile_site.site / "indicators").glob("*/index.html"))
    ]
    assert any("alert(" in h for h in heads)  # the payloads are there ...
    for head_html in heads:
        assert not re.search(r"<(img|svg|script)[^>]*alert\(", head_html)  # ... but never as a tag


def test_desktop_home_shows_navigation(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-tabs"' in html
    for label in ("指标", "任务与项目", "数据", "关于"):
        assert re.search(rf'class="md-tabs__link[^"]*"[^>]*>\s*{label}\s*<', html), label


def _contrast(fg, bg):
    def lum(c):
        r, g, b = [x / 255 for x in c[:3]]
        f = lambda v: v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4  # noqa: E731
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _rgb(css: str):
    return [float(x) for x in re.findall(r"[\d.]+", css)][:3]


@pytest.mark.browser
def test_copy_citation_button_is_legible_in_dark_mode(browser, served):
    from test_browser import Visit

    visit = Visit(browser, served + "downloads/", color_scheme="dark")
    visit.page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=60_000)
    colours = visit.page.evaluate("""() => {
        const b = document.querySelector('.cite-copy'); let e = b, bg = 'rgba(0, 0, 0, 0)';
        while (e && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) { bg = getComputedStyle(e).backgroundColor; e = e.parentElement; }
        return [getComputedStyle(b).color, bg, document.body.getAttribute('data-md-color-scheme')];
    }""")
    visit.close()
    assert colours[2] == "slate"
    assert _contrast(_rgb(colours[0]), _rgb(colours[1])) >= 4.5, colours


@pytest.mark.browser
def test_print_hides_controls_and_shows_site_name_and_address(browser, served):
    from test_browser import Visit

    visit = Visit(browser, served + "indicators/pm25/")
    page = visit.page
    page.emulate_media(media="print")
    shown = page.evaluate("""() => [...document.querySelectorAll('button, .md-header, .md-sidebar, .md-search, .md-tabs')]
        .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80))""")
    origin = page.evaluate(
        "() => { const o = document.querySelector('.print-origin'); return getComputedStyle(o).display !== 'none' ? o.innerText : ''; }"
    )
    visit.close()
    assert shown == []
    assert "昆明" in origin and served + "indicators/pm25/" in origin


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "indicators/pm25/", "projects/", "downloads/", "source/2/"])
def test_no_serious_accessibility_violations_in_dark_mode(browser, served, path):
    from axe_playwright_python.sync_playwright import Axe

    from test_browser import Visit

    visit = Visit(browser, served + path, color_scheme="dark")
    # The theme's script applies the dark palette once it runs (the HTML arrives with the default one): wait for it.
    visit.page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=60_000)
    # As in test_browser: let axe see off-screen tables painted (content-visibility), colours are the same.
    visit.page.add_style_tag(content=".table-wrap, .chart-view { content-visibility: visible !important; }")
    results = Axe().run(visit.page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    visit.close()
    assert serious == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


def test_review_screenshots_cover_every_page_kind(site):
    sys.path.insert(0, str(ROOT / "scripts"))
    from screenshots import page_kinds

    kinds = page_kinds(site)
    for kind in (
        "home",
        "indicators",
        "indicator",
        "projects",
        "monitoring",
        "figures",
        "tasks",
        "task-column",
        "source",
        "source-section",
        "downloads",
        "404",
    ):
        assert kind in kinds, kind
    assert all((site / path / "index.html").is_file() for kind, path in kinds.items() if kind != "404"), kinds


from test_browser import browser  # noqa: E402,F401  (the module-scoped Chromium fixture)
