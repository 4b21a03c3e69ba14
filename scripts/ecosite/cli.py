"""Console entry points (pyproject.toml [project.scripts]); ecosite-build is ecosite.publish:main.

    ecosite-validate [--root DIR] [--github]   validate every data package; exit 1 with the problems in Chinese
    ecosite-changelog [OLD] [NEW]              what changed in the data between two git revisions (Markdown)
    ecosite-import-report TEXT                 store a new plain-text copy of the report in datapackages/report/

Each reads the environment (ECOSITE_DATA, SITE_URL) here, at the entry point, into an ecosite.config.Config.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .config import Config


def validate(argv: list[str] | None = None) -> int:
    """Validate every data package (exit code 0 when all data is valid, 1 when there are problems)."""
    from .validate import validate_all

    parser = argparse.ArgumentParser(prog="ecosite-validate", description=validate.__doc__)
    parser.add_argument(
        "--root", type=Path, help="folder holding the data packages (default: $ECOSITE_DATA or datapackages/)"
    )
    parser.add_argument("--github", action="store_true", help="print GitHub Actions annotations as well")
    args = parser.parse_args(argv)
    problems = validate_all(Config.from_env(data=args.root).data)
    if not problems:
        print("✓ 数据校验通过：全部数据包符合表结构和报告规则。")
        return 0
    print(f"✗ 数据校验未通过，共 {len(problems)} 个问题（行号为 CSV 文件中的行号，表头为第 1 行）：", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
        if args.github:
            print(problem.github_annotation())
    print("网站未更新。请按上面的提示改正后重新提交；各类错误的含义见 docs/contributing.md。", file=sys.stderr)
    return 1


def changelog(argv: list[str] | None = None) -> int:
    """Data changelog between two git revisions, as Markdown (release notes); without revisions, the last 30
    commits that changed datapackages/."""
    from . import changelog as log
    from .paths import PACKAGE_NAMES

    parser = argparse.ArgumentParser(prog="ecosite-changelog", description=changelog.__doc__)
    parser.add_argument("old", nargs="?", help="older revision (default: walk recent history)")
    parser.add_argument("new", nargs="?", default="HEAD", help="newer revision (default HEAD)")
    args = parser.parse_args(argv)
    data = Config.from_env().data
    if args.old:
        repo, prefix = log._repo_of(data)
        versions, tables = log.diff(repo, prefix, args.old, args.new, list(PACKAGE_NAMES))
        revisions = (
            [log.Revision(args.new, "", f"{args.old} → {args.new}", versions, tables)] if versions or tables else []
        )
    else:
        revisions = log.history(data, list(PACKAGE_NAMES))
    print(log.markdown(revisions) or "数据没有变化。")
    return 0


def import_report(argv: list[str] | None = None) -> int:
    """Write the report text into datapackages/report/ (lines.csv, sections.csv) from a plain-text copy, line by
    line and unchanged; only the section of each line is added. Raise the package version afterwards."""
    from .reportdoc import anchor, page, split

    parser = argparse.ArgumentParser(prog="ecosite-import-report", description=import_report.__doc__)
    parser.add_argument("text", type=Path, help="the report as a UTF-8 plain-text file")
    args = parser.parse_args(argv)
    out = Config.from_env().data / "report"
    lines = args.text.read_text(encoding="utf-8").splitlines()
    sections, owner = split(lines)
    with (out / "sections.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "parent_id", "level", "heading_zh", "page", "anchor", "position"])
        for s in sections:
            w.writerow([s.id, s.parent_id or "", s.level, s.heading_zh, page(s.id), anchor(s.id), s.position])
    with (out / "lines.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["line", "section_id", "text_zh"])
        for number, (line, section) in enumerate(zip(lines, owner, strict=True), start=1):
            w.writerow([number, section, line])
    return 0
