"""The public validation report: what was checked, on which tables, with what result."""

from __future__ import annotations

from ..inputs import Job
from ..rules import RULE_TITLES_ZH, RULES
from .common import Pages

PAGE = "validation.md"


def page(job: Job) -> dict[str, str]:
    d = job.d
    resources, rows, cells, constraints, fks = [], 0, 0, 0, 0
    for name, package in d.tables.packages.items():
        for r in package.resources:
            frame = d.tables[name][r.name]
            rows += len(frame)
            cells += frame.size
            constraints += sum(len(f.to_dict().get("constraints", {})) for f in r.schema.fields)
            fks += len(r.schema.foreign_keys)
            resources.append(
                {
                    "package": name,
                    "version": package.version,
                    "name": r.name,
                    "title_zh": r.to_dict().get("title_zh", r.title),
                    "rows": len(frame),
                    "columns": len(r.schema.fields),
                }
            )
    return {
        PAGE: Pages(job).render(
            PAGE,
            "validation.md.j2",
            resources=resources,
            rules=[RULE_TITLES_ZH[rule.__name__] for rule in RULES],
            totals={"rows": rows, "cells": cells, "constraints": constraints, "foreign_keys": fks},
            data_date=job.inputs.data_date,  # not the wall clock: the same data give the same page, byte for byte
        )
    }
