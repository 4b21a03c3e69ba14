"""The escaping boundary: every string from the data reaches an output through one function of this module,
chosen by its context (kept free of heavy imports so scripts/changelog.py can use it too):

    html_text(v)    HTML text and quoted attribute values (autoescaping templates do the same)
    text(v)         Markdown that is also HTML: headings, macros output on hand-written pages
    yaml_title(v)   a page's front-matter title (the theme prints page.title as HTML, unescaped)
    script_json(v)  JSON inside <script> (JSON-LD)
    slug(v)         an id that becomes a path, a URL or an attribute: validated, never escaped

so a name holding `<script>` or `[x](javascript:…)` shows as those characters and never as markup or a link.
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from .values import empty as blank  # the one empty-value rule (values.py), under its name at this boundary

# HTML's five plus the characters that start Markdown syntax mid-line (links and images need `[`, emphasis `*`/`_`,
# code `` ` ``, attr_list `{: …}`, table cells `|`, GitHub's `~~`, headings `#`, escapes `\`), all as numeric
# character references: Python-Markdown and GitHub leave references alone and the browser shows
# the character, so one form is safe in Markdown text, in a raw HTML block and in a heading (whose text the
# theme reuses in the table of contents, the page title and the search index with the references intact).
_MD_HTML = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]#|~"} | {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#39;",
}
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")


def text(value) -> Markup:
    """Data text made safe for both HTML and Markdown (headings, inline Markdown, macros on hand-written pages)."""
    if blank(value):
        return Markup("")
    return Markup(str(value).translate(_MD_HTML))


def html_text(value) -> Markup:
    """Data text for HTML text or a quoted attribute value."""
    return Markup("") if blank(value) else Markup.escape(str(value))


def yaml_title(value) -> Markup:
    """A front-matter `title:` value. mkdocs treats page titles as HTML (a title from a heading keeps its
    character references) and the theme prints it raw in <title> and the header, so it is HTML-escaped here."""
    return Markup(json.dumps(html.escape(str(value), quote=True)))


def script_json(data) -> str:
    """JSON to put inside <script>: `<`, `>`, `&` and U+2028/2029 as \\u escapes, so no `</script>`, `<!--` or
    `<script` from the data can end the block early or swallow the rest of the page (the scripts after it)."""
    out = json.dumps(data, ensure_ascii=False, indent=1)
    for c in "<>&\u2028\u2029":
        out = out.replace(c, f"\\u{ord(c):04x}")
    return out


def slug(value, what: str = "id") -> str:
    """An id that becomes a file name, URL or attribute: only a-z, 0-9, '-' and '_' (at most 80), or ValueError."""
    value = str(value)
    if not SLUG.fullmatch(value):
        raise ValueError(
            f"{what}「{value[:60]}」不是合法的标识（只能用小写字母、数字、- 和 _，以字母或数字开头，最长 80 个字符）"
        )
    return value


def slugify(value: str, fallback: str) -> str:
    """A deterministic slug made from free text (e.g. an English name); `fallback` when nothing usable is left."""
    out = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:40].rstrip("-")
    return out or slug(fallback)
