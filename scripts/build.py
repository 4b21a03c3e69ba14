"""Build the website: validate → derive → charts → pages → site/.

    python scripts/build.py            # build into site/
    python scripts/build.py --serve    # build, then serve with live reload (mkdocs serve)

The site is built into a temporary folder and swapped into place only when the
build succeeds, so invalid data leaves the previous site/ untouched.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from ecosite import pipeline
from ecosite.paths import ROOT, SITE
from ecosite.problems import DataInvalid

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_site(site_dir: Path = SITE, strict: bool = True) -> None:
    """Run the pipeline, then mkdocs into a sibling temp folder, then swap it in.

    Raises DataInvalid before anything is written when the data has problems.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(staging), strict=strict)
        pipeline.prepare(site_url=config.site_url or "")  # validates; memoised, so the mkdocs hook reuses it
        build(config)
        config.plugins.on_shutdown()
        old = site_dir.with_name(site_dir.name + ".old")
        if site_dir.exists():
            site_dir.rename(old)
        staging.rename(site_dir)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=SITE)
    parser.add_argument("--serve", action="store_true", help="serve the site with live reload after building")
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)

    try:
        build_site(args.site_dir)
    except DataInvalid as error:
        print(f"✗ 数据校验未通过，共 {len(error.problems)} 个问题；网站没有更新（原有的 site/ 保持不变）：", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    except Exception as error:  # mkdocs reports its own details above; keep the last good site
        print(f"✗ 网站构建失败，原有的 site/ 保持不变：{error}", file=sys.stderr)
        return 1
    print(f"✓ 数据校验通过；网站已生成：{args.site_dir}")
    if args.serve:
        from mkdocs.commands.serve import serve

        os.chdir(ROOT)
        serve(str(ROOT / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
