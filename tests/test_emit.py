"""`ecosite-build --emit DIR`: the portable folder builds with bare mkdocs-material into the same site.

One build from the real data writes the site and the folder; the folder is then built with `mkdocs build --strict`
from inside it (the Chinese config, then the English one), with none of the project's hooks, macros or overrides.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from ecosite import emit
from ecosite.paths import DOCS, ROOT
from ecosite.publish import CONFIGS
from test_links import broken_links, parse

MKDOCS = Path(sys.executable).with_name("mkdocs")
# The page's own content: what the Markdown renders to (the theme's header, navigation and footer are around it).
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
# overrides/main.html (not emitted) prints the site name and address above the content, for print only.
PRINT_ORIGIN = re.compile(r'<div class="print-origin">.*?</div>', re.S)
# Code, where `{{` is text (BibTeX's `{{author}}`), not a macro.
CODE = re.compile(r"<pre\b.*?</pre>|^```.*?^```", re.S | re.M)


@pytest.fixture(scope="module")
def emitted(tmp_path_factory) -> tuple[Path, Path]:
    """(the site of the real build, the emitted folder after its bare builds wrote folder/site)."""
    from sitebuild import build

    root = tmp_path_factory.mktemp("emit")
    site, folder = root / "site", root / "portable"
    result = build(site, emit=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name, _ in CONFIGS:  # the Chinese site first: its build cleans site/, the English one writes site/en/
        bare = subprocess.run(
            [str(MKDOCS), "build", "--strict", "-q", "-f", name], cwd=folder, env=env, capture_output=True, text=True
        )
        assert bare.returncode == 0, f"bare mkdocs build -f {name} failed:\n{bare.stdout}{bare.stderr}"
    return site, folder


def _files(site: Path) -> dict[str, Path]:
    return {
        p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file() and p.suffix not in (".gz", ".br")
    }


def test_emitted_configs_are_plain_mkdocs_material(emitted):
    from mkdocs.config import load_config

    _, folder = emitted
    for name, _ in CONFIGS:
        own, out = emit.load_yaml(ROOT / name), emit.load_yaml(folder / name)
        assert "hooks" not in out and "INHERIT" not in out, name
        assert out["theme"]["name"] == "material" and "custom_dir" not in out["theme"], name
        assert out["nav"] == own["nav"], f"{name}: the emitted navigation differs from the site's"
        assert out["markdown_extensions"] == own["markdown_extensions"], name
        loaded = load_config(str(folder / name))
        modules = {key: type(plugin).__module__ for key, plugin in loaded.plugins.items()}
        foreign = {k: m for k, m in modules.items() if m.split(".")[0] not in ("mkdocs", "material")}
        assert not foreign, f"{name}: plugins that are not mkdocs' or the theme's: {foreign}"
        assert any(k.endswith("search") for k in modules), f"{name}: the theme's search is kept"


def test_every_page_and_file_of_the_build_is_in_the_bare_build(emitted):
    site, folder = emitted
    built, bare = _files(site), _files(folder / "site")
    assert sum(p.endswith(".html") for p in built) > 100  # both languages
    missing = sorted(set(built) - set(bare))
    assert not missing, f"{len(missing)} files of the build missing from the bare build: {missing[:20]}"
    # Downloads, API, charts, the Vega bundle, the feed, site.css/js and the theme: the same bytes. Only the search
    # index differs (scripts/perf_hooks.py leaves numbers out and keeps mixed-script terms whole).
    changed = sorted(
        p
        for p in built
        if not p.endswith(".html")
        and not p.endswith("search_index.json")
        and built[p].read_bytes() != bare[p].read_bytes()
    )
    assert not changed, f"files that differ in the bare build: {changed[:20]}"


def test_every_page_reads_the_same_in_the_bare_build(emitted):
    """Each page's content (hand-written pages with their macros, generated pages) is the build's, to the byte once
    white space is collapsed; the theme's frame around it lacks the hooks' additions (README: Portable output)."""
    site, folder = emitted
    pages = sorted(p for p in _files(site) if p.endswith(".html") and p != "404.html" and not p.endswith("/404.html"))
    differ = []
    for page in pages:
        content = []
        for root in (site, folder / "site"):
            found = ARTICLE.search((root / page).read_text(encoding="utf-8"))
            assert found, f"{root.name}/{page}: no article"
            content.append(re.sub(r"\s+", " ", PRINT_ORIGIN.sub("", found.group(1))).strip())
        if content[0] != content[1]:
            at = next(i for i, (a, b) in enumerate(zip(*content, strict=False)) if a != b)
            differ.append(f"{page}: …{content[0][at - 40 : at + 80]}… ≠ …{content[1][at - 40 : at + 80]}…")
    assert not differ, f"{len(differ)} pages differ:\n" + "\n".join(differ[:10])


def test_charts_and_downloads_resolve_in_the_bare_build(emitted):
    _, folder = emitted
    bare = folder / "site"
    pages = [p for p in sorted(bare.rglob("*.html")) if p.name != "404.html"]
    broken = broken_links(bare, pages)
    assert not broken, f"{len(broken)} broken links in the bare build:\n" + "\n".join(broken[:30])
    # What the check above covered: the charts' pictures and the data downloads, linked from the pages.
    links = {urljoin(page.relative_to(bare).as_posix(), link) for page in pages for _, link in parse(page).links}
    svgs = sorted(link for link in links if re.fullmatch(r"charts/[^/]+\.svg", link))
    downloads = sorted(link for link in links if re.fullmatch(r"data/.+\.(csv|json|zip|xlsx|sqlite)", link))
    assert svgs and downloads, f"charts {svgs[:3]}, downloads {downloads[:3]}"
    for svg in svgs:
        assert (bare / svg).read_bytes().lstrip().startswith((b"<svg", b"<?xml")), svg


def test_no_macro_syntax_is_left_in_the_emitted_markdown(emitted):
    _, folder = emitted
    pages = sorted(p for docs, _ in emit.LAYOUT.values() for p in (folder / docs).rglob("*.md"))
    assert len(pages) > 100
    left = []
    for page in pages:
        text = CODE.sub("", page.read_text(encoding="utf-8"))
        for m in re.finditer(r"\{\{|\{%|\{#", text):
            left.append(f"{page.relative_to(folder)}: …{text[max(0, m.start() - 30) : m.end() + 40]}…")
    assert not left, "\n".join(left[:20])
    # The hand-written pages that use macros are among them, their values filled in.
    for name, folder_key in CONFIGS:
        docs = ROOT / emit.load_yaml(ROOT / name)["docs_dir"]
        with_macros = [p for p in docs.glob("*.md") if "{{" in p.read_text(encoding="utf-8")]
        assert with_macros, f"{docs}: no page with macros (nothing to check)"
        for source in with_macros:
            assert (folder / emit.LAYOUT[folder_key][0] / source.name).is_file(), source


def test_emit_leaves_a_folder_it_did_not_write_alone(tmp_path):
    """--emit replaces only an empty folder or an earlier emit; another folder stops before any build."""
    from sitebuild import build

    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine", encoding="utf-8")
    result = build(tmp_path / "site", emit=foreign)
    assert result.returncode == 1
    assert "没有写入" in result.stderr and emit.MARKER in result.stderr
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]
    assert not (tmp_path / "site").exists()
    (foreign / emit.MARKER).write_text("", encoding="utf-8")
    emit.check_target(foreign)  # an earlier emit: may be replaced
    emit.check_target(tmp_path / "new")
    # Inside docs/ (the next build would read it as pages) or inside the site folder (replaced by every build).
    inside_site = build(tmp_path / "site", emit=tmp_path / "site" / "portable")
    assert inside_site.returncode == 1 and "之内" in inside_site.stderr
    assert not (tmp_path / "site").exists()
    with pytest.raises(emit.EmitError, match="之内"):
        emit.check_target(DOCS / "portable", not_inside=(DOCS,))
