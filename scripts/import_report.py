"""Write the report text into datapackages/report/ (lines.csv, sections.csv) from a plain-text copy.

Run once when a new text of the report is received:
    .venv/bin/python scripts/import_report.py /path/to/evaluation-report.txt
The text is stored line by line, unchanged; only the section of each line is added.
Raise the package version afterwards.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ecosite.paths import DATAPACKAGES  # noqa: E402
from ecosite.reportdoc import anchor, page, split  # noqa: E402


def main(source: Path, out: Path = DATAPACKAGES / "report") -> None:
    lines = source.read_text(encoding="utf-8").splitlines()
    sections, owner = split(lines)
    with (out / "sections.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "parent_id", "level", "heading_zh", "page", "anchor", "position"])
        for s in sections:
            w.writerow([s.id, s.parent_id or "", s.level, s.heading_zh, page(s.id), anchor(s.id), s.position])
    with (out / "lines.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["line", "section_id", "text_zh"])
        for number, (line, section) in enumerate(zip(lines, owner, strict=False), start=1):
            w.writerow([number, section, line])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
