"""mkdocs hooks for the two languages (both configs run them; config.extra.lang says which one is building).

- Every page's language switch leads to the same page in the other language. Both builds publish the same paths,
  so the twin is the page's own URL under the other language's root; it is known at build time from the other
  language's page list (scripts/ecosite/i18n.py). A page without a twin yet links to the other language's home, and
  the switch says so (data-twin="missing").
- The theme's mechanism is used: `extra.alternate` renders the language selector and the head's
  <link rel="alternate" hreflang>; its links are set here per page (the theme's `url` filter cannot express a link
  from a page to the same path one level up, so these links arrive already relative to the page and pass it
  unchanged). hreflang links name only twins that exist, plus x-default (the Chinese page).
- <html lang> is zh-Hans on Chinese pages (the theme's Chinese language pack says "zh") and en on English ones.
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from jinja2 import pass_context  # noqa: E402

from ecosite import i18n, pipeline  # noqa: E402
from ecosite.config import from_mkdocs  # noqa: E402
from ecosite.escape import html_text  # noqa: E402

_state: dict = {}


class PageHref(str):
    """A link already relative to the page it is printed on: the theme's `url` filter leaves it as it is."""


def on_config(config):
    lang = i18n.config_lang(config)
    if lang.prefix and config.site_url and not config.site_url.endswith("/" + lang.prefix):
        config.site_url = i18n.lang_url(config.site_url, lang)  # canonical URLs and sitemap under en/
    _state.clear()
    _state["lang"] = lang
    _state["root_url"] = i18n.root_url(config.site_url or "", lang)
    _state["default_alternate"] = list(config.extra.get("alternate") or [])
    config.extra["og_locale"] = lang.og_locale
    config.extra["og_locale_alternate"] = i18n.other(lang).og_locale
    return config


def on_files(files, config):
    """The other language's pages: what this language's switch can lead to."""
    lang = _state["lang"]
    build = pipeline.prepare(from_mkdocs(config, i18n.root_url(config.site_url or "", lang)))
    other = i18n.other(lang)
    _state["twins"] = i18n.page_urls(other, list(pipeline.pages_for(build, other.code)))
    return files


def _href(target: str, page_url: str, prefix: str) -> PageHref:
    """target and page_url relative to the whole site's root; the result relative to the page, escaped."""
    rel = posixpath.relpath(target or ".", posixpath.join(prefix, page_url) or ".")
    rel = "./" if rel == "." else rel + "/"
    return PageHref(html_text(rel))


def alternates(page_url: str) -> list[dict]:
    """One page's language entries: Chinese, English (the theme's selector order), then x-default (head only).

    The other language's entry carries `missing` when it leads to that language's home instead of a twin."""
    lang = _state["lang"]
    other = i18n.other(lang)
    link, found = i18n.twin_link(page_url, lang, _state["twins"])
    other_full = posixpath.normpath(posixpath.join(lang.prefix, link))  # relative to the whole site's root
    other_full = "" if other_full == "." else other_full + "/"
    entries = {
        lang.code: {
            "name": lang.name,
            "link": _href(lang.prefix + page_url, page_url, lang.prefix),
            "full": lang.prefix + page_url,
            "lang": lang.hreflang,
        },
        other.code: {
            "name": other.name + ("" if found else i18n.NO_TWIN[other.code]),
            "link": _href(other_full, page_url, lang.prefix),
            "full": other_full,
            "lang": other.hreflang,
            "missing": not found,
        },
    }
    out = [entries["zh"], entries["en"]]
    if not entries["zh"].get("missing"):  # x-default: the Chinese page, when there is one
        out.append(entries["zh"] | {"name": "x-default", "lang": "x-default", "head_only": True})
    return out


def on_env(env, config, files):
    original = env.filters["url"]

    @pass_context
    def url(context, value):
        return value if isinstance(value, PageHref) else original(context, value)

    env.filters["url"] = url
    return env


def on_page_context(context, page, config, nav):
    entries = alternates(page.url)
    # The theme prints config.extra.alternate in the head and in the selector; per page, the same page's twins.
    # hreflang wants absolute addresses: with site_url set, the head's links are absolute.
    root = _state["root_url"]
    config.extra["alternate"] = [
        e | {"link": PageHref(html_text(root.rstrip("/") + "/" + e["full"]))} if root else e
        for e in entries
        if not e.get("missing")
    ]
    context["lang_switch"] = [e for e in entries if not e.get("head_only")]
    lang = _state["lang"]
    # The two language roots (the only folders with a sitemap.xml), relative to the page, for overrides/main.html.
    context["lang_roots"] = [str(_href(x.prefix, page.url, lang.prefix)) for x in (lang, i18n.other(lang))]
    return context


_HTML_LANG = re.compile(r'<html lang="[^"]*"')


def _set_lang(output: str) -> str:
    return _HTML_LANG.sub(f'<html lang="{_state["lang"].hreflang}"', output, count=1)


def on_post_page(output, page, config):
    config.extra["alternate"] = _state["default_alternate"]
    return _set_lang(output)


def on_post_template(output_content, template_name, config):
    return _set_lang(output_content) if template_name.endswith(".html") else output_content
