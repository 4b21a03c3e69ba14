"""Validate every data package in datapackages/.

    python scripts/validate.py            # messages for people
    python scripts/validate.py --github   # also ::error annotations for GitHub

Exit code 0 when all data is valid, 1 when there are problems.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecosite.config import Config
from ecosite.validate import validate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
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


if __name__ == "__main__":
    sys.exit(main())
