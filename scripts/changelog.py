"""Data changelog between two git revisions, as Markdown (release notes).

python scripts/changelog.py                 # the last 30 commits that changed datapackages/
python scripts/changelog.py v1.0 HEAD       # everything between two revisions
"""

from __future__ import annotations

import argparse
import sys

from ecosite import changelog
from ecosite.config import Config
from ecosite.paths import PACKAGE_NAMES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", nargs="?", help="older revision (default: walk recent history)")
    parser.add_argument("new", nargs="?", default="HEAD", help="newer revision (default HEAD)")
    args = parser.parse_args(argv)
    data = Config.from_env().data
    if args.old:
        repo, prefix = changelog._repo_of(data)
        versions, tables = changelog.diff(repo, prefix, args.old, args.new, list(PACKAGE_NAMES))
        revisions = (
            [changelog.Revision(args.new, "", f"{args.old} → {args.new}", versions, tables)]
            if versions or tables
            else []
        )
    else:
        revisions = changelog.history(data, list(PACKAGE_NAMES))
    print(changelog.markdown(revisions) or "数据没有变化。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
