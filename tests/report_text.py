"""The evaluation report's text, read from the repository's own copy (datapackages/report/).

The splitting by heading path lives in the pipeline (ecosite.reportdoc); this
module only gives the tests the section texts and the whole text.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ecosite.paths import DATAPACKAGES
from ecosite.reportdoc import number_in, section_texts  # noqa: F401  (re-exported for the tests)

REPORT = DATAPACKAGES / "report"


def _frame(name: str) -> pd.DataFrame:
    return pd.read_csv(REPORT / f"{name}.csv", dtype=str, keep_default_na=False).replace("", None)


@lru_cache
def sections() -> dict[str, str]:
    """Section path → the text under it (deeper sections included)."""
    return section_texts(_frame("sections"), _frame("lines"))


@lru_cache
def full_text() -> str:
    lines = _frame("lines").sort_values("line", key=lambda s: s.astype(int))
    return "\n".join(x or "" for x in lines["text_zh"])
