"""mkdocs hooks for the site's furniture: the footer (licence, data version and date, where to send feedback)
and each page's meta description and Open Graph / Twitter tags.

Everything shown comes from the data packages (descriptors, indicators, the report's publisher), never typed
here, and every string passes the escaping boundary (ecosite.escape.html_text) before it reaches a template:
mkdocs' theme environment does not autoescape, and the theme prints page.meta.description raw.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup  # noqa: E402

from ecosite import i18n, interface, pipeline  # noqa: E402
from ecosite.config import from_mkdocs  # noqa: E402
from ecosite.escape import blank, html_text  # noqa: E402
from ecosite.render import observation  # noqa: E402

DESCRIPTION_MAX = 120  # characters: what search results and chat previews show of a description
_indicators: dict[str, str] = {}
_footer: dict[str, Markup] = {}


def on_config(config):
    lang = i18n.config_lang(config)
    root_url = i18n.root_url(config.site_url or "", lang)
    build = pipeline.prepare(from_mkdocs(config, root_url))  # memoised: the run mkdocs_hooks.py started
    d = build.derived
    descriptors = {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(build.config.data.glob("*/datapackage.json"))
    }
    changed = build.changed
    footer = (footer_html_en if lang.code == "en" else footer_html)(
        descriptors, changed, d.current_source, config.repo_url, config.site_url
    )
    _footer["page"] = footer
    _footer["up"] = "../" * lang.prefix.count("/")  # from this language's root to the whole site's root
    # 404.html is rendered without a page context and served at any depth: its links are absolute, from the site's
    # path in site_url ("/" without it), as the theme's own links on that page are.
    path = re.sub(r"^[a-z]+://[^/]+", "", root_url.rstrip("/")) + "/"
    config.extra["footer_html"] = Markup(str(footer).replace("{root}", path))
    _indicators.clear()
    words = interface.Words(d.tables["tasks"]["interface"], lang.code, d.tables["tasks"]["units"])
    for ind in d.indicators.to_dict("records"):
        _indicators[ind["id"]] = indicator_description(ind, d.labels.names("status", lang.code), words)
    return config


def footer_html(descriptors: dict, changed: dict, source, repo_url: str | None, site_url: str | None) -> Markup:
    root = "{root}"  # filled per page in on_page_context: links stay relative, so the site works under a sub-path
    licence = descriptors.get("indicators", {}).get("licenses", [{}])[0]
    parts = []
    if licence:
        parts.append(
            Markup('数据许可：<a href="{}">{}</a>（评估报告原文除外）').format(
                licence.get("path", ""), licence.get("title") or licence.get("name")
            )
        )
    versions = "，".join(
        f"{html_text(name)} {html_text(desc.get('version', '?'))}" for name, desc in descriptors.items()
    )
    last = max(changed.values()) if changed else ""
    parts.append(
        Markup('数据版本：<a href="{}downloads/">{}</a>{}').format(
            root, Markup(versions), Markup("（最近更新 {}）").format(last) if last else ""
        )
    )
    parts.append(Markup("来源：{}《{}》（{}）").format(source["publisher_zh"], source["title_zh"], source["published"]))
    if repo_url:
        parts.append(Markup('意见与纠错：<a href="{}/issues">提交问题</a>').format(repo_url.rstrip("/")))
    else:
        parts.append(Markup("意见与纠错：请联系发布机关 {}").format(source["publisher_zh"]))
    return Markup("<br>").join(parts)


def footer_html_en(descriptors: dict, changed: dict, source, repo_url: str | None, site_url: str | None) -> Markup:
    """The footer of English pages: the same facts as footer_html, in English (the data's *_en columns).
    `{root}` is the whole site's root: the downloads (one set for both languages) live there."""
    root = "{root}"
    licence = descriptors.get("indicators", {}).get("licenses", [{}])[0]
    parts = []
    if licence:
        parts.append(
            Markup('Data licence: <a href="{}">{}</a> (the report\'s own text excepted)').format(
                licence.get("path", ""), licence.get("title") or licence.get("name")
            )
        )
    versions = ", ".join(
        f"{html_text(name)} {html_text(desc.get('version', '?'))}" for name, desc in descriptors.items()
    )
    last = max(changed.values()) if changed else ""
    parts.append(
        Markup('Data version: <a href="{}downloads/" hreflang="zh-Hans">{}</a>{}').format(
            root, Markup(versions), Markup(" (last updated {})").format(last) if last else ""
        )
    )
    parts.append(
        Markup("Source: {}, <em>{}</em> ({})").format(source["publisher_en"], source["title_en"], source["published"])
    )
    if repo_url:
        parts.append(
            Markup('Feedback and corrections: <a href="{}/issues">open an issue</a>').format(repo_url.rstrip("/"))
        )
    else:
        parts.append(
            Markup("Feedback and corrections: please contact the publisher, the {}").format(source["publisher_en"])
        )
    return Markup("<br>").join(parts)


def indicator_description(ind: dict, status_names: dict[str, str], words: interface.Words) -> str:
    """One sentence on an indicator in the page's language: its name, latest value (and year), target and the
    evaluation's conclusion, worded by tasks/interface.csv (meta-indicator*)."""
    lang = words.lang
    unit = words.unit(ind.get("unit"))
    latest = ind.get("latest") if isinstance(ind.get("latest"), dict) else None
    target = ind.get("target") if isinstance(ind.get("target"), dict) else None
    status = ind.get("status")
    year = latest.get("year") if latest else None
    return words.plain(
        "meta-indicator-undated" if blank(year) else "meta-indicator",
        name=ind[f"name_{lang}"],
        latest=observation(latest, unit, lang),
        year=year,
        target=words.plain("meta-indicator-target", target=observation(target, unit, lang)) if target else "",
        status=words.plain("meta-indicator-status", status=status_names[status]) if status in status_names else "",
    )


def _plain(fragment: str) -> str:
    """Text of an HTML fragment, white space collapsed (the page's own rendered, already escaped HTML)."""
    text = re.sub(r"<[^>]+>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _clip(text: str) -> str:
    return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"


def page_description(page, config) -> str:
    m = re.fullmatch(r"indicators/([^/]+?)(?:\.md|/index\.md)", page.file.src_uri)
    if m and m.group(1) in _indicators:
        return _indicators[m.group(1)]
    content = page.content or ""
    # The report's pages (source/) open with the same note on the document; their own text follows it.
    content = re.sub(r'<div class="source-meta">.*?</div>', "", content, flags=re.S)
    for m in re.finditer(r"<p[^>]*>(.*?)</p>", content, re.S):
        text = _plain(m.group(1))
        if len(text) >= 20:  # a sentence, not a label or a lone link
            return _clip(text)
    return config.site_description or ""


def on_page_context(context, page, config, nav):
    meta = page.meta
    given = meta.get("description")
    if not isinstance(given, Markup):  # a front-matter description is text like any other: escaped here too
        meta["description"] = html_text(given or page_description(page, config))
    # The theme's page.title is HTML (character references kept); tags want its plain text, escaped once.
    title = config.site_name if page.is_homepage else str(page.title or config.site_name)
    meta["og_title"] = html_text(_plain(title))
    root = ("../" * page.url.count("/") if page.url and not page.is_homepage else "") + _footer["up"]
    context["footer_html"] = Markup(str(_footer["page"]).replace("{root}", root))
    return context
