"""Hand-written pages take figures from the data through mkdocs-macros; an unknown name fails the build."""

from __future__ import annotations

import traceback
from types import SimpleNamespace

import yaml

from ecosite.paths import ROOT


def build_with_page(tmp_path, text: str) -> SimpleNamespace:
    """mkdocs build of a one-page site with the macros module, in this process (the pipeline run is shared)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text(text, encoding="utf-8")
    config = {
        "site_name": "test",
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "strict": True,
        "theme": {"name": "material", "language": "zh", "font": False},
        "plugins": [
            {
                "macros": {
                    "module_name": str(ROOT / "scripts" / "site_macros"),
                    "on_undefined": "strict",
                    "on_error_fail": True,
                }
            }
        ],
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    try:
        config = load_config(str(path))
        build(config)
        config.plugins.on_shutdown()
    except BaseException as error:  # mkdocs raises Abort/PluginError (SystemExit for some) when the build fails
        if isinstance(error, KeyboardInterrupt):
            raise
        return SimpleNamespace(returncode=1, stderr=traceback.format_exc())
    return SimpleNamespace(returncode=0, stderr="")


def test_values_come_from_the_data(tmp_path):
    result = build_with_page(
        tmp_path, "主要指标 {{ counts.main }} 项，超预期 {{ status_count('main', 'exceeded') }} 项。"
    )
    assert result.returncode == 0, result.stderr[-2000:]
    html = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "主要指标 31 项，超预期 9 项" in html


def test_an_undefined_name_fails_the_build(tmp_path):
    result = build_with_page(tmp_path, "共 {{ counts.no_such_count }} 项。")
    assert result.returncode != 0
    assert "no_such_count" in result.stderr, result.stderr[-2000:]
