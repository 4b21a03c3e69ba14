"""The one definition of an empty value, and plain Python values out of pandas/numpy cells.

Empty: None, NaN (float or numpy), pandas NA/NaT, and text that is empty or only white space. Every module
asks `empty()`; nothing else decides what a blank cell is.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        if value is pd.NA or value is pd.NaT:
            return True
    except TypeError:
        pass
    return isinstance(value, str) and not value.strip()


def plain(value: Any) -> Any:
    """A cell as a plain Python value: None when empty, numpy scalars as int/float/bool, other values as they are."""
    if empty(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def number(value: Any) -> float | None:
    """A cell as a float, None when empty or not a number."""
    if empty(value):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def text_or_empty(value: Any) -> str:
    """A text cell as str, "" when empty or not text (the old `x if isinstance(x, str) else ""`)."""
    return value if isinstance(value, str) and not empty(value) else ""
