"""Teach jieba (used by the site search) the report's terms, so 国控断面 or 细颗粒物 stay whole words."""
from __future__ import annotations

import jieba

from .derive import Derived
from .paths import ROOT

USER_DICT = ROOT / "scripts" / "jieba_user_dict.txt"


def add_search_terms(d: Derived) -> None:
    jieba.setLogLevel(60)
    for name in list(d.indicators["name_zh"]) + list(d.tables["projects"]["projects"]["name_zh"]):
        for term in _terms(str(name)):
            jieba.add_word(term, freq=20000)


def _terms(name: str) -> list[str]:
    # Whole names are too long for a reader to type; the bracketed and un-bracketed parts are what people search.
    cleaned = name.replace("(", " ").replace(")", " ").replace("（", " ").replace("）", " ")
    return [t for t in cleaned.split() if 2 <= len(t) <= 12]
