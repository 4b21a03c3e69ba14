"""mkdocs hooks: run the data pipeline and add its pages and files to the site.

Generated pages never touch docs/: they are added in memory with File.generated,
so a clean checkout holds only hand-written pages.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from ecosite import i18n, pipeline  # noqa: E402
from ecosite.config import from_mkdocs  # noqa: E402
from ecosite.paths import rel  # noqa: E402
from ecosite.problems import DataInvalid  # noqa: E402

_build: pipeline.Build | None = None
_lang: i18n.Lang = i18n.LANGS[i18n.DEFAULT]


def on_config(config):
    global _build, _lang
    _lang = i18n.config_lang(config)  # extra.lang: zh (mkdocs.yml) or en (mkdocs.en.yml)
    try:
        # One pipeline run for both languages, for the whole site's URL (the Chinese root): the Config build.py
        # attached, or one from the environment when mkdocs runs on its own.
        _build = pipeline.prepare(from_mkdocs(config, i18n.root_url(config.site_url or "", _lang)))
    except DataInvalid as error:
        raise PluginError(format_problems(error)) from None
    return config


def on_files(files, config):
    docs = rel(_lang.docs)
    for path, markdown in pipeline.pages_for(_build, _lang.code).items():
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"{docs}/{path} 与自动生成的页面同名：请改名或删除 {docs}/{path}")
        files.append(File.generated(config, path, content=markdown))
    if _lang.code == i18n.DEFAULT:  # downloads, API and chart files: one set, at the site root
        for path, content in _build.assets().items():
            files.append(File.generated(config, path, content=content))
    return files


def format_problems(error: DataInvalid) -> str:
    lines = [f"数据校验未通过，共 {len(error.problems)} 个问题，网站没有生成："]
    lines += [f"  - {p}" for p in error.problems]
    return "\n".join(lines)


def on_post_page(output, page, config):
    """Every page announces the Atom feed of data changes in its head (feed readers and browsers find it there).
    The feed sits at the site root: mkdocs-material fetches sitemap.xml next to every link[rel=alternate]."""
    depth = (page.url.count("/") if page.url else 0) + _lang.prefix.count("/")
    link = f'<link rel="alternate" type="application/atom+xml" title="数据更新 Data changes" href="{"../" * depth}changes.atom">'
    return output.replace("</head>", link + "\n</head>", 1)
