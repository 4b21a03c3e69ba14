"""The evaluation report's text, split by section heading path (e.g. 一(三)专栏7(3)).

Used by the provenance tests: every number in the data must appear in the text
of a section it cites. The report lives outside the repository (../shared/report/).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ecosite.paths import ROOT

REPORT = ROOT.parent / "shared" / "report" / "evaluation-report.txt"

L1 = re.compile(r"^([一二三四])、")
L2 = re.compile(r"^\(([一二三四五])\)")
COLUMN = re.compile(r"^专栏(\d+)")
L3 = re.compile(r"^(\d+)、")
L4 = re.compile(r"^\s*\((\d+)\)")


@lru_cache
def sections() -> dict[str, str]:
    """Section path → the text under it (deeper sections included)."""
    lines = REPORT.read_text(encoding="utf-8").splitlines()
    # The table of contents repeats the headings; the body starts at the second "一、".
    body_start = [i for i, line in enumerate(lines) if line.startswith("一、")][1]
    texts: dict[str, list[str]] = {}
    l1 = l2 = col = l3 = l4 = ""
    for line in lines[body_start:]:
        if m := L1.match(line):
            l1, l2, col, l3, l4 = m.group(1), "", "", "", ""
        elif m := L2.match(line):
            l2, col, l3, l4 = f"({m.group(1)})", "", "", ""
        elif m := COLUMN.match(line):
            col, l3, l4 = f"专栏{m.group(1)}", "", ""
        elif m := L3.match(line):
            l3, l4 = m.group(1), ""
        elif m := L4.match(line):
            l4 = f"({m.group(1)})"
        path = l1 + l2 + col + l3 + l4
        # Register the line under every ancestor path too, so 一(五) holds all of 一(五).
        prefixes = {l1, l1 + l2, l1 + l2 + col, l1 + l2 + col + l3, path}
        for p in prefixes:
            texts.setdefault(p, []).append(line)
    return {k: "\n".join(v) for k, v in texts.items()}


def number_in(text: str, value: str) -> bool:
    """The number as the report prints it: 64.2 matches 64.20, 10 does not match 100 or 1.10, 1120751.19 matches 1,120,751.19."""
    value = value.strip()
    if "." in value:
        whole, frac = value.split(".")
        frac = frac.rstrip("0")
        pattern = re.escape(whole) + (r"\." + re.escape(frac) + "0*" if frac else r"(?:\.0+)?")
    else:
        pattern = re.escape(value) + r"(?:\.0+)?"
    if re.search(rf"(?<![\d.]){pattern}(?![\d])", text.replace(",", "").replace(" ", "")):
        return True
    # Small counts are sometimes printed in Chinese numerals (三处, 八出省).
    numeral = CHINESE_NUMERALS.get(value)
    return numeral is not None and re.search(rf"(?<![一二三四五六七八九十]){numeral}(?![一二三四五六七八九十])", text) is not None


CHINESE_NUMERALS = {str(i): c for i, c in enumerate("一二三四五六七八九十", start=1)}
