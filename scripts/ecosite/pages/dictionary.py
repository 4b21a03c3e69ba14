"""The data dictionary, read from the hand-written schemas (never typed twice)."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from ..inputs import Job
from ..render import table
from .common import Pages

PAGE = "data-dictionary.md"
# Definitions written once in the data, shown here in full (qualifier symbols, status wording).
VOCABULARIES = {("indicators", "qualifiers"), ("projects", "status_wording")}


def page(job: Job) -> dict[str, str]:
    d = job.d
    packages = []
    for name, package in d.tables.packages.items():
        pd_ = package.to_dict()
        packages.append(
            {
                "dir": name,
                "title": package.title,
                "title_zh": pd_.get("title_zh", package.title),
                "version": package.version,
                "license": ", ".join(lic.get("name", "") for lic in pd_.get("licenses", [])),
                "description_zh": pd_.get("description_zh", ""),
                "resources": [_resource(job, name, r) for r in package.resources],
            }
        )
    return {PAGE: Pages(job).render(PAGE, "dictionary.md.j2", packages=packages)}


def _resource(job: Job, package: str, r) -> dict:
    fields = r.schema.fields
    frame = pd.DataFrame(
        {
            "列 Column": [Markup(f"<code>{Markup.escape(f.name)}</code>") for f in fields],
            "中文名": [f.to_dict().get("title_zh", "") for f in fields],
            "Title": [f.title or "" for f in fields],
            "类型 Type": [f.type for f in fields],
            "必填 Required": ["是 yes" if f.required else "" for f in fields],
            "说明": [f.to_dict().get("description_zh", "") for f in fields],
            "Description": [f.description or "" for f in fields],
            "取值/约束 Constraints": [_constraints(f) for f in fields],
        }
    )
    desc = r.to_dict()
    return {
        "name": r.name,
        "title_zh": desc.get("title_zh", r.title),
        "description_zh": desc.get("description_zh", ""),
        "description": r.description or "",
        "primary_key": ", ".join(r.schema.primary_key),
        "table": table(frame, numeric=set()),
        "values": table(
            job.d.tables[package][r.name], caption=f"{desc.get('title_zh', r.title)}：全部取值", numeric=set()
        )
        if (package, r.name) in VOCABULARIES
        else None,
    }


def _constraints(f) -> str:
    c = f.to_dict().get("constraints", {})
    bits = []
    if "enum" in c:
        bits.append(" | ".join(map(str, c["enum"])))
    if "minimum" in c:
        bits.append(f"≥ {c['minimum']}")
    if "maximum" in c:
        bits.append(f"≤ {c['maximum']}")
    if c.get("unique"):
        bits.append("唯一 unique")
    return "；".join(bits)
