"""The site's two languages: where each lives, and how a page finds its twin in the other language.

Chinese is the default and lives at the site root; English lives under en/ and is built from mkdocs.en.yml
(INHERIT: mkdocs.yml) into <site>/en/ in the same build. Both builds use the same page paths, so a page's twin is
the same path under the other language's root. The mkdocs config says which language it builds in `extra.lang`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import DOCS


@dataclass(frozen=True)
class Lang:
    code: str  # config.extra.lang: "zh" or "en"
    hreflang: str  # BCP 47, for <html lang>, hreflang and the selector's links
    prefix: str  # where this language's site lives inside the whole site ("" or "en/")
    name: str  # the language's own name, as the language selector shows it
    og_locale: str
    docs: Path  # hand-written pages of this language


LANGS = {
    "zh": Lang("zh", "zh-Hans", "", "中文", "zh_CN", DOCS),
    "en": Lang("en", "en", "en/", "English", "en_US", DOCS / "en"),
}
DEFAULT = "zh"  # at the site root; hreflang="x-default" points here
# Said beside the other language's name when a page has no twin yet and the switch leads to that language's home.
NO_TWIN = {"zh": "（首页：本页暂无中文版）", "en": " (home page: this page is not translated yet)"}


def config_lang(config) -> Lang:
    """The language a mkdocs config builds (extra.lang; Chinese when unset)."""
    code = (config.get("extra") or {}).get("lang") or DEFAULT
    if code not in LANGS:
        raise ValueError(f"mkdocs 配置 extra.lang 为 {code!r}，只支持 {', '.join(LANGS)}")
    return LANGS[code]


def other(lang: Lang) -> Lang:
    return LANGS["en" if lang.code == "zh" else "zh"]


def root_url(site_url: str, lang: Lang) -> str:
    """The whole site's site_url (the Chinese root) from one language's site_url."""
    if lang.prefix and site_url.endswith("/" + lang.prefix):
        return site_url[: -len(lang.prefix)]
    return site_url


def lang_url(root: str, lang: Lang) -> str:
    """One language's site_url from the whole site's ("" stays "": no site_url, relative links everywhere)."""
    if not root:
        return ""
    return root.rstrip("/") + "/" + lang.prefix


def page_url(src_path: str) -> str:
    """mkdocs' directory URL of a Markdown file inside its docs folder (use_directory_urls: true)."""
    stem = src_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem
    return stem + "/"


def handwritten(lang: Lang) -> list[str]:
    """The hand-written pages of one language, as paths inside its docs folder (the other language's folder left out)."""
    found = []
    for path in sorted(lang.docs.rglob("*.md")):
        rel = path.relative_to(lang.docs).as_posix()
        if lang.code == "zh" and rel.startswith("en/"):
            continue
        found.append(rel)
    return found


def page_urls(lang: Lang, generated: list[str]) -> set[str]:
    """URLs (relative to the language's root) of every page one language's build publishes."""
    return {page_url(p) for p in [*handwritten(lang), *generated]}


def twin_link(url: str, lang: Lang, twins: set[str]) -> tuple[str, bool]:
    """Link from a page (its URL inside `lang`'s site) to its twin in the other language, relative to `lang`'s root
    (mkdocs' `url` filter then makes it relative to the page), and whether the twin exists. A page without a twin
    links to the other language's home."""
    target = other(lang)
    up = "../" * lang.prefix.count("/")  # from this language's root up to the whole site's root
    found = url in twins
    return up + target.prefix + (url if found else ""), found
