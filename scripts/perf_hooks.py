"""mkdocs hooks for a light site: a lean search index that keeps the report's words whole, and
precompressed copies of large text files.

mkdocs-material's search plugin indexes every text node of a page, segments runs of Han characters with
jieba and writes search/search_index.json. Two adjustments, both through the plugin's own extension points:

1. What is indexed. Chart SVG (tick labels), the data tables behind charts and numeric table cells are
   marked with the plugin's documented `data-search-exclude` attribute before the plugin reads the page
   (the plugin strips the attribute from the published HTML afterwards). Readers search names, aliases,
   summaries and section text; digits only bloat the index and fill result snippets.
2. How Chinese is segmented. The plugin hands jieba only runs of Han characters, so 劣Ⅴ类 or Ⅲ类 are cut
   around the Roman numeral and can never be found as one word. Terms that mix scripts are protected
   here: they enter the index as one token, the form in which a reader types them (the browser-side
   query keeps a Han-free or mixed run as one token too).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
import time
from importlib.metadata import version
from pathlib import Path

from material.plugins.search import plugin as search_plugin

from ecosite.buildcache import write_atomic

# Mixed-script terms kept whole: water-quality classes (劣Ⅴ类, Ⅲ类, 劣V类, III类) and the
# user dictionary's entries that contain a non-Han character (PM2.5 and the like, read below).
USER_DICT = "scripts/jieba_user_dict.txt"  # the search plugin's jieba_dict_user in mkdocs.yml
_CLASS = r"劣?(?:[ⅠⅡⅢⅣⅤⅥ]|I{1,3}|IV|VI?)类"
_protected: re.Pattern | None = None


def _protected_terms(config) -> re.Pattern:
    global _protected
    if _protected is None:
        terms = []
        path = Path(config.config_file_path).parent / USER_DICT
        if path.exists():
            with path.open(encoding="utf-8") as f:
                for line in f:
                    word = line.split(" ")[0].strip()
                    if word and re.search(r"[^\u3400-\u9fff]", word) and re.search(r"[\u3400-\u9fff]", word):
                        terms.append(re.escape(word))
        terms.sort(key=len, reverse=True)
        _protected = re.compile("|".join(terms + [_CLASS]))
    return _protected


# The plugin's own function, kept once on its class (the hooks module may be loaded again in the same process).
if not hasattr(search_plugin.SearchIndex, "_plugin_segment_chinese"):
    search_plugin.SearchIndex._plugin_segment_chinese = search_plugin.SearchIndex._segment_chinese
_original_segment = search_plugin.SearchIndex._plugin_segment_chinese


def _segment_keeping_mixed_terms(self, data: str) -> str:
    pattern = _protected or re.compile(_CLASS)
    out, pos = [], 0
    for match in pattern.finditer(data):
        out.append(_original_segment(self, data[pos : match.start()]))
        out.append("\u200b" + match.group(0) + "\u200b")
        pos = match.end()
    out.append(_original_segment(self, data[pos:]))
    return "".join(out).strip("\u200b")


CACHE = Path(__file__).resolve().parents[1] / ".cache"

# Segmentation by content. Most of a rebuild's text is unchanged, and jieba costs about a tenth of a warm
# build (plus loading its dictionary). Each text run the plugin hands over is looked up in a table kept in
# .cache/segments/, keyed by everything the result depends on (jieba and mkdocs-material versions, this
# file, the user dictionary, the plugin's jieba settings; see _segments_key); jieba's dictionary is loaded
# only on the first miss. The table written back holds exactly the runs this build used, so it never grows.
_segments: dict[str, str] = {}  # loaded from the cache: text run -> segmented text
_used: dict[str, str] = {}  # this build's runs (what is written back)
_segments_file: Path | None = None
_pending_userdicts: list = []  # the plugin's jieba.load_userdict calls, run on the first miss


def _segment_cached(self, data: str) -> str:
    hit = _segments.get(data)
    if hit is None:
        _load_userdicts()
        hit = _segment_keeping_mixed_terms(self, data)
    _used[data] = hit
    return hit


search_plugin.SearchIndex._segment_chinese = _segment_cached

if search_plugin.jieba is not None:
    # jieba's prefix dictionary, once per jieba version, in the project's cache folder (which CI may keep)
    # rather than in the temporary folder: building it costs seconds, loading it a fraction of that.
    CACHE.mkdir(exist_ok=True)
    search_plugin.jieba.dt.tmp_dir = str(CACHE)
    search_plugin.jieba.dt.cache_file = f"jieba-{version('jieba')}.cache"
    # The plugin's on_config loads the user dictionary, which loads jieba's whole dictionary first (about a
    # second). Deferred to the first text run that is not in the segmentation cache, so a rebuild whose text
    # is all cached never loads it. Only this process (an mkdocs build) sees the deferred function.
    if not hasattr(search_plugin.jieba, "_load_userdict_now"):
        search_plugin.jieba._load_userdict_now = search_plugin.jieba.load_userdict
    _load_userdict_now = search_plugin.jieba._load_userdict_now

    def _load_userdict_later(f):
        _pending_userdicts.append(f)

    search_plugin.jieba.load_userdict = _load_userdict_later


def _load_userdicts() -> None:
    while _pending_userdicts:
        _load_userdict_now(_pending_userdicts.pop(0))


def _file_digest(path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return "-"


def _segments_key(config) -> str:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    options = getattr(search, "config", {})
    parts = [
        version("jieba") if search_plugin.jieba is not None else "no-jieba",
        version("mkdocs-material"),
        _file_digest(__file__),
        _file_digest(Path(config.config_file_path).parent / USER_DICT),
        str(options.get("jieba_dict")),
        _file_digest(options.get("jieba_dict")) if options.get("jieba_dict") else "-",
        str(options.get("jieba_dict_user")),
        _file_digest(options.get("jieba_dict_user")) if options.get("jieba_dict_user") else "-",
        # one table per site (the Chinese and the English build use different runs)
        str(Path(config.config_file_path).resolve()),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def on_config(config):
    global _segments_file, _segments
    _protected_terms(config)
    _segments_file = CACHE / "segments" / f"{_segments_key(config)}.pickle"
    _used.clear()
    try:
        _segments = pickle.loads(_segments_file.read_bytes())  # our own file in .cache/
    except (OSError, pickle.UnpicklingError, EOFError, ValueError):
        _segments = {}
    return config


# Opening tags whose whole content stays out of the index. Each tag must not nest an element of the
# same name: the plugin tracks skipped elements by tag name.
_EXCLUDE = re.compile(
    r'<(svg|details class="chart-data"|td class="num"|table class="facts"|code(?=>SHA-256 ))(?=[\s>])'
)


# A plain table cell with no word in it (a value, a year, a date, a section number like 一(二)2(1)).
_CELL = re.compile(r"<td>([^<]*)</td>")
_WORDLESS = re.compile(r"[A-Za-z\u3400-\u9fff]")


def _cell(match: re.Match) -> str:
    words = _WORDLESS.search(re.sub("[一二三四五六七八九十]", "", match.group(1)))
    return match.group(0) if words else f'<td data-search-exclude="1">{match.group(1)}</td>'


def on_page_content(html, page, config, files):
    html = _EXCLUDE.sub(lambda m: f'<{m.group(1)} data-search-exclude="1"', html)
    return _CELL.sub(_cell, html)


# The theme's bundle is a plain <script> at the end of <body>: parser-blocking, so the browser may hold the first
# paint until it has been fetched and run (Lighthouse lists it as render-blocking). `defer` keeps its order (it
# still runs after the inline scripts before it, which overrides/main.html relies on) and lets the page paint first.
_BUNDLE = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def on_post_page(output, page, config):
    return _BUNDLE.sub(r'<script src="\1" defer></script>', output, count=1)


# Text files at least this large get a .gz copy beside them (and .br when the brotli module is installed),
# for servers that serve precompressed files (nginx gzip_static / brotli_static, Caddy precompressed).
PRECOMPRESS_MIN = 1024
PRECOMPRESS_EXT = {".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml", ".md"}


def on_post_build(config):
    site = Path(config.site_dir)
    index = site / "search" / "search_index.json"
    if index.exists():
        # The plugin writes \uXXXX escapes (6 bytes per Chinese character or zero-width space);
        # plain UTF-8 halves the file a phone parses. Same JSON, same index.
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if _segments_file is not None and _used != _segments:
        write_atomic(_segments_file, pickle.dumps(dict(_used), protocol=pickle.HIGHEST_PROTOCOL))
    precompress(site)


# Compressed copies by content: .cache/precompressed/<sha256 of the file>.<gz|br>. gzip -9 of every page is most
# of the cost of precompressing; hashing is a fraction of it. Entries unused for PRECOMPRESS_KEEP_DAYS are removed.
PRECOMPRESS_KEEP_DAYS = 14


def _compressed(raw: bytes, kind: str, compress, cache: Path | None) -> bytes:
    if cache is None:
        return compress(raw)
    entry = cache / f"{hashlib.sha256(raw).hexdigest()}.{kind}"
    try:
        data = entry.read_bytes()
        os.utime(entry)  # still in use
        return data
    except OSError:
        data = compress(raw)
        write_atomic(entry, data)
        return data


def precompress(site: Path, use_cache: bool = True) -> None:
    cache = CACHE / "precompressed" if use_cache else None
    try:
        import brotli
    except ImportError:
        brotli = None
    for path in site.rglob("*"):
        if path.suffix not in PRECOMPRESS_EXT or not path.is_file():
            continue
        raw = path.read_bytes()
        if len(raw) < PRECOMPRESS_MIN:
            continue
        # mtime=0: the same input gives the same bytes, so unchanged files stay unchanged on deploy.
        gz = _compressed(raw, "gz", lambda b: gzip.compress(b, compresslevel=9, mtime=0), cache)
        path.with_name(path.name + ".gz").write_bytes(gz)
        if brotli is not None:
            path.with_name(path.name + ".br").write_bytes(_compressed(raw, "br", brotli.compress, cache))
    if cache is not None and cache.is_dir():
        old = time.time() - PRECOMPRESS_KEEP_DAYS * 86400
        for entry in cache.iterdir():
            try:
                if entry.stat().st_mtime < old:
                    entry.unlink()
            except OSError:
                pass
