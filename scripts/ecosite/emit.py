"""Portable output (`ecosite-build --emit DIR`): the built site as plain Markdown and files, with a plain mkdocs.yml.

What a bare mkdocs-material build, or Zensical, needs to build the same site without this project's code:

    DIR/mkdocs.yml        the Chinese site: theme material, the same nav and markdown extensions, the theme's search
                          plugin; no `hooks:`, no mkdocs-macros, no template overrides (custom_dir)
    DIR/mkdocs.en.yml     the English site, built into site/en/ (build the Chinese site first: it cleans site/)
    DIR/docs/             every Chinese page as Markdown after mkdocs-macros rendered it (hand-written pages with
                          their values filled in, generated pages) and every file the site serves beside the pages
                          (downloads, API, charts, the Vega bundle, the feed, site.css and site.js)
    DIR/docs-en/          the English pages
    DIR/<dictionary>      the search plugin's jieba dictionaries, where the configuration names one

The library's own mechanism does the recording: a plugin object added to the loaded configuration of the real
build, whose events run last (mkdocs `event_priority(-100)`; plugins' and hooks' events at the default priority
run before it, hooks after plugins). It keeps each page's Markdown as `on_page_markdown` leaves it (after the
macros plugin), the page's front matter as `on_page_context` leaves it (with the meta description the furniture
hook computed, which the theme prints itself), and every file `on_files` lists that is not a theme file.

The emitted configuration is the project's own YAML (mkdocs' loader, INHERIT merged, `!!python/…` tags such as the
toc slugify kept as written) with the project's machinery removed. Nothing is typed here that the configuration
already says.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import BasePlugin, event_priority

# A file in every emitted folder: its presence lets a later --emit replace the folder (and nothing else).
MARKER = ".ecosite-emit"
# Where each configuration's pages go, and the site folder its bare build writes (the English site inside the
# Chinese one, as ecosite-build publishes it).
LAYOUT = {"": ("docs", "site"), "en": ("docs-en", "site/en")}
# Configuration keys that belong to the project's build and mean nothing (or harm) in a bare build.
DROP_KEYS = ("hooks", "watch", "INHERIT", "exclude_docs", "draft_docs")
# Front-matter keys read only by the project's machinery: the macros plugin and overrides/main.html (not emitted).
DROP_META = ("render_macros", "og_title")
# Plugins that ship with mkdocs or the theme are kept (search); any other plugin is the project's or a third party's.
PORTABLE_PLUGIN_PACKAGES = ("mkdocs", "material")
# Markdown extensions a bare build can load: Python-Markdown's own and PyMdown Extensions.
PORTABLE_EXTENSION_PREFIXES = ("markdown.extensions.", "pymdownx.")
# The theme search plugin's options that name a file (relative to the folder mkdocs runs in): copied beside the config.
SEARCH_FILE_OPTIONS = ("jieba_dict", "jieba_dict_user")


class EmitError(Exception):
    """The emit folder cannot be written (a message in Chinese)."""


# ---------------------------------------------------------------------------
# Recording, during the real build


@dataclass
class Recorded:
    """One configuration's pages and files, as the real build saw them."""

    config_file: Path
    folder: str  # "" (Chinese, the site root) or "en"
    site_url: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # src_uri → Markdown after macros
    meta: dict[str, dict] = field(default_factory=dict)  # src_uri → front matter after the hooks
    files: dict[str, bytes] = field(default_factory=dict)  # src_uri → bytes (docs files and generated files)
    config: dict[str, Any] = field(default_factory=dict)  # the values of the loaded configuration the emit uses


class Recorder(BasePlugin):
    """Added to a loaded mkdocs configuration by `Emission.attach`; every event runs after all others."""

    def __init__(self, recorded: Recorded) -> None:
        super().__init__()
        self.recorded = recorded

    @event_priority(-100)
    def on_config(self, config):
        self.recorded.site_url = config.site_url or ""  # after the hooks (the English build appends en/)
        self.recorded.config = {
            "docs_dir": config.docs_dir,
            "plugins": {name: type(plugin).__module__ for name, plugin in config.plugins.items()},
        }
        return config

    @event_priority(-100)
    def on_files(self, files, config):
        docs_dir = Path(config.docs_dir).resolve()
        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.generated_by is None and not _inside(file.abs_src_path, docs_dir):
                continue  # the theme's own files: a bare build brings them
            self.recorded.files[file.src_uri] = file.content_bytes
        return files

    @event_priority(-100)
    def on_page_markdown(self, markdown, page, config, files):
        self.recorded.pages[page.file.src_uri] = markdown
        return markdown

    @event_priority(-100)
    def on_page_context(self, context, page, config, nav):
        self.recorded.meta[page.file.src_uri] = dict(page.meta)
        return context


def _inside(path: str | None, folder: Path) -> bool:
    return path is not None and Path(path).resolve().is_relative_to(folder)


class Emission:
    """What one `ecosite-build --emit` records, then writes. Attach it to each language's loaded configuration."""

    def __init__(self, target: Path) -> None:
        self.target = Path(target).absolute()
        self.recorded: list[Recorded] = []

    def attach(self, mkdocs_config, config_file: Path, folder: str) -> None:
        recorded = Recorded(Path(config_file), folder)
        self.recorded.append(recorded)
        mkdocs_config.plugins["ecosite/emit"] = Recorder(recorded)

    def write(self, swap_in: Callable[[Path, Path], None]) -> None:
        """Write the folder beside the target, then swap it in with the build's own `swap_in(staging, target)` (the
        previous emit stays until this one is whole). Passed in: this module sits below the entry point that owns
        the swap."""
        check_target(self.target)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}-", dir=self.target.parent))
        try:
            write_folder(staging, self.recorded)
            swap_in(staging, self.target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def check_target(target: Path, not_inside: tuple[Path, ...] = ()) -> None:
    """The emit folder may be new, empty or an earlier emit; anything else is left alone (EmitError). It may not lie
    inside `not_inside` (docs/, whose next build would read it as pages, and the site folder, which a build replaces)."""
    for folder in not_inside:
        if target.resolve().is_relative_to(Path(folder).resolve()):
            raise EmitError(f"{target} 在 {folder} 之内：请把 --emit 的文件夹放在 docs/ 和网站文件夹之外。")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise EmitError(f"{target} 不是文件夹：--emit 需要一个新的、空的或以前生成的文件夹。")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise EmitError(
            f"{target} 已有其他文件，没有写入（只覆盖空文件夹或以前用 --emit 生成的文件夹，标记文件 {MARKER}）。"
        )


# ---------------------------------------------------------------------------
# Writing


def write_folder(out: Path, recorded: list[Recorded]) -> None:
    (out / MARKER).write_text(
        "Written by ecosite-build --emit; a later --emit replaces this whole folder.\n", encoding="utf-8"
    )
    for rec in recorded:
        docs, site = LAYOUT[rec.folder]
        for src_uri, content in sorted(rec.files.items()):
            _write(out / docs / src_uri, content)
        for src_uri, markdown in sorted(rec.pages.items()):
            _write(out / docs / src_uri, page_text(markdown, rec.meta.get(src_uri, {})).encode("utf-8"))
        config, extra_files = portable_config(rec, docs, site)
        for name, source in extra_files.items():
            _write(out / name, Path(source).read_bytes())
        header = (
            f"# Emitted by ecosite-build --emit from {rec.config_file.name}: the same site without the project's hooks,\n"
            f"# macros or template overrides. Build it from this folder: mkdocs build -f {rec.config_file.name}\n"
            + ("# (after mkdocs.yml: that build cleans site/, this one writes site/en/)\n" if rec.folder else "")
        )
        _write(out / rec.config_file.name, (header + dump_yaml(config)).encode("utf-8"))


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def page_text(markdown: str, meta: dict) -> str:
    """A page as a bare build reads it: its front matter (without the project's own keys), then its Markdown."""
    kept = {k: _plain(v) for k, v in meta.items() if k not in DROP_META}
    if not kept:
        return markdown
    return "---\n" + dump_yaml(kept) + "---\n\n" + markdown


def _plain(value: Any) -> Any:
    """Markup and other str subclasses as str (YAML's safe dumper writes plain types only)."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# The configuration


@dataclass(frozen=True)
class Tagged:
    """A `!!python/…` value of the project's YAML (e.g. toc's slugify), kept as written instead of being run."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)
    return Tagged("tag:yaml.org,2002:python/" + suffix, value)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _Dumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Dumper.add_representer(Tagged, _represent_tagged)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def load_yaml(config_file: Path) -> dict[str, Any]:
    """The configuration as written (INHERIT merged, !ENV read), python tags kept as Tagged."""
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    with open(config_file, "rb") as handle:
        return yaml_load(handle, loader=get_yaml_loader(_Loader))


def portable_config(rec: Recorded, docs: str, site: str) -> tuple[dict[str, Any], dict[str, str]]:
    """(the emitted configuration, {file name in the emit folder: file to copy there})."""
    raw = load_yaml(rec.config_file)
    base = rec.config_file.parent
    extra_files: dict[str, str] = {}
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key in DROP_KEYS:
            continue
        if key == "theme" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k != "custom_dir"}
        elif key == "plugins":
            value = _portable_plugins(value, rec.config.get("plugins", {}), base, extra_files)
        elif key == "markdown_extensions":
            _check_extensions(value)
        out[key] = value
    out["site_url"] = rec.site_url
    out["docs_dir"] = docs
    out["site_dir"] = site
    return out, extra_files


def _portable_plugins(value: Any, loaded: dict[str, str], base: Path, extra_files: dict[str, str]) -> list:
    entries = value.items() if isinstance(value, dict) else [_entry(e) for e in value]
    kept: list = []
    for name, options in entries:
        modules = [module for key, module in loaded.items() if key == name or key.split("/")[-1] == name]
        if not modules or modules[0].split(".")[0] not in PORTABLE_PLUGIN_PACKAGES:
            continue  # mkdocs-macros and any other project or third-party plugin
        if isinstance(options, dict) and name.split("/")[-1] == "search":
            options = dict(options)
            for option in SEARCH_FILE_OPTIONS:
                if options.get(option):
                    source = base / options[option]
                    if not source.is_file():
                        raise EmitError(f"搜索插件的 {option} 文件不存在：{source}")
                    extra_files[source.name] = str(source)
                    options[option] = source.name
        kept.append({name: options} if options is not None else name)
    return kept


def _check_extensions(value: Any) -> None:
    """Every extension, and every Python object named in their options (toc's slugify), is Python-Markdown's or
    PyMdown Extensions' own; anything else would need the project's code (EmitError)."""
    entries = value.items() if isinstance(value, dict) else [_entry(e) for e in value]
    for name, options in entries:
        used = [name] if "." in name else []  # a name without a dot is one of Python-Markdown's own
        used += [t.tag.rsplit(":", 1)[-1] for t in _tagged(options)]
        for module in used:
            if not module.startswith(PORTABLE_EXTENSION_PREFIXES):
                raise EmitError(
                    f"Markdown 扩展 {name} 用到 {module}，它不属于 Python-Markdown 或 PyMdown Extensions，"
                    "裸 mkdocs 构建无法加载；请在 scripts/ecosite/emit.py 中说明如何输出它。"
                )


def _entry(item: Any) -> tuple[str, Any]:
    """A list item of `plugins:` or `markdown_extensions:`: a name, or {name: options}."""
    return next(iter(item.items())) if isinstance(item, dict) else (item, None)


def _tagged(value: Any) -> list[Tagged]:
    if isinstance(value, Tagged):
        return [value, *_tagged(value.value)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tagged(v)]
    if isinstance(value, list):
        return [t for v in value for t in _tagged(v)]
    return []
