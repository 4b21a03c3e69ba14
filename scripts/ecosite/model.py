"""The site's data as one typed model, built once from the validated tables: what every output reads.

No NaN anywhere (a missing value is None), bilingual text as `Text` (`.get(lang)`, `indicator.name(lang)`),
the packages' licence, sources and versions read from their descriptors, codes labelled in both languages from
the schemas (`vocab.Labels`), and the derived values (latest/baseline/target, progress, status counts) on the
objects they belong to.

    site = build_model(derived)            # pipeline.prepare does this; Build.site holds it
    site.indicator("pm25").name("en")
    site.labels.label("status", "exceeded", "zh")
    site.status_count("main", "exceeded")
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .derive import Derived
from .values import empty, number, plain
from .vocab import Category, Labels, Lang, Text

__all__ = [
    "Category",
    "Indicator",
    "Labels",
    "Lang",
    "Licence",
    "Observation",
    "Package",
    "Site",
    "Source",
    "StatusCount",
    "Text",
    "build_model",
    "data_licence",
    "licence_of",
    "text_of",
]


def text_of(row: Mapping[str, Any], column: str) -> Text:
    """The bilingual text of `column` in a row: its `column_zh` and `column_en` cells (None when empty)."""
    zh, en = plain(row.get(f"{column}_zh")), plain(row.get(f"{column}_en"))
    return Text(None if zh is None else str(zh), None if en is None else str(en))


def _str(value: Any) -> str | None:
    value = plain(value)
    return None if value is None else str(value)


def _int(value: Any) -> int | None:
    x = number(value)
    return None if x is None else int(x)


@dataclass(frozen=True)
class Licence:
    name: str  # SPDX-style id, e.g. CC-BY-4.0
    path: str  # its URL
    title: str

    @property
    def short(self) -> str:
        """As people write it: CC-BY-4.0 → CC BY 4.0."""
        m = re.fullmatch(r"CC-([A-Z-]+)-(\d\.\d)", self.name)
        return f"CC {m.group(1).replace('-', ' ')} {m.group(2)}" if m else (self.title or self.name)


def licence_of(descriptor: Mapping[str, Any]) -> Licence | None:
    """A descriptor's first licence (`licenses[0]`), None when it names none."""
    given = descriptor.get("licenses") or []
    if not given or not isinstance(given[0], Mapping):
        return None
    first = given[0]
    return Licence(str(first.get("name", "")), str(first.get("path", "")), str(first.get("title", "")))


def data_licence(tables: Any) -> Licence:
    """The licence of the compiled data: the indicators package's (the report package keeps the bureau's own terms).
    Every output that states the data's licence reads it here, from the descriptor."""
    licence = licence_of(tables.packages["indicators"].to_descriptor())
    if licence is None:
        raise ValueError("datapackages/indicators/datapackage.json names no licence")
    return licence


@dataclass(frozen=True)
class Package:
    """A data package's descriptor metadata (the descriptor is the one place it is written)."""

    name: str
    version: str
    title: Text
    description: Text
    licences: tuple[Licence, ...]
    sources: tuple[str, ...]  # the descriptor's `sources` titles
    keywords: tuple[str, ...]
    descriptor: Mapping[str, Any]

    @property
    def licence(self) -> Licence | None:
        return self.licences[0] if self.licences else None


@dataclass(frozen=True)
class Source:
    """An evaluation report (indicators/sources.csv)."""

    id: str
    title: Text
    publisher: Text
    published: str
    kind: str
    url: str | None


@dataclass(frozen=True)
class Observation:
    indicator_id: str
    year: int | None
    role: str
    value: float | None
    value_text: Text
    qualifier: str | None
    source_id: str | None
    source_section: str | None
    derived: bool
    note: Text
    break_: Text

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Observation:
        return cls(
            indicator_id=str(row["indicator_id"]),
            year=_int(row.get("year")),
            role=str(row["role"]),
            value=number(row.get("value")),
            value_text=text_of(row, "value_text"),
            qualifier=_str(row.get("qualifier")),
            source_id=_str(row.get("source_id")),
            source_section=_str(row.get("source_section")),
            derived=bool(plain(row.get("derived")) or False),
            note=text_of(row, "note"),
            break_=text_of(row, "break"),
        )


@dataclass(frozen=True)
class Indicator:
    id: str
    parent_id: str | None
    list: str  # its home list; `lists` adds the cross-listings
    lists: tuple[str, ...]
    position: int | None
    category_id: str
    names: Text
    nature: str | None
    unit: str | None
    direction: str
    progress_method: str
    aliases: str | None
    status: str | None  # the latest evaluation's conclusion (a part inherits its parent's)
    own_status: bool
    recommendation_kind: str | None
    recommendation: Text
    assessment_section: str | None
    baseline: Observation | None
    latest: Observation | None
    target: Observation | None
    progress_pct: float | None  # recomputed from baseline/latest/target
    reported_progress_pct: float | None
    progress_agrees: bool | None
    target_met: bool | None
    gap: float | None
    years_left: int | None
    discrepancy_ids: tuple[str, ...]

    def name(self, lang: Lang) -> str:
        return self.names.get(lang)

    @property
    def is_part(self) -> bool:
        return self.parent_id is not None


@dataclass(frozen=True)
class StatusCount:
    group: str  # a list (main/chapter), a category id or a nature
    status: str
    count: int


@dataclass(frozen=True)
class Site:
    packages: Mapping[str, Package]
    labels: Labels
    sources: tuple[Source, ...]  # by publication date; the last is the current evaluation
    indicators: tuple[Indicator, ...]
    observations: Mapping[str, tuple[Observation, ...]]  # by indicator id, by year and role
    status_counts: tuple[StatusCount, ...]  # list × status, zeros included
    category_status: tuple[StatusCount, ...]
    nature_status: tuple[StatusCount, ...]
    counts: Mapping[str, int]

    @property
    def current_source(self) -> Source:
        return self.sources[-1]

    @property
    def licence(self) -> Licence | None:
        """The compiled data's licence (the indicators package's; the report package keeps its own terms)."""
        return self.packages["indicators"].licence

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def top_level(self) -> list[Indicator]:
        return [i for i in self.indicators if i.parent_id is None]

    def parts(self, indicator_id: str) -> list[Indicator]:
        return sorted(
            (i for i in self.indicators if i.parent_id == indicator_id), key=lambda i: (i.position is None, i.position)
        )

    def status_count(self, list_: str, status: str) -> int:
        for c in self.status_counts:
            if c.group == list_ and c.status == status:
                return c.count
        raise KeyError((list_, status))

    def label(self, field: str, code: str, lang: Lang) -> str:
        return self.labels.label(field, code, lang)


def _package(name: str, descriptor: Mapping[str, Any]) -> Package:
    return Package(
        name=name,
        version=str(descriptor.get("version", "")),
        title=Text(descriptor.get("title_zh"), descriptor.get("title")),
        description=Text(descriptor.get("description_zh"), descriptor.get("description")),
        licences=tuple(
            Licence(str(x.get("name", "")), str(x.get("path", "")), str(x.get("title", "")))
            for x in descriptor.get("licenses", [])
            if isinstance(x, Mapping)
        ),
        sources=tuple(str(s.get("title", "")) for s in descriptor.get("sources", [])),
        keywords=tuple(str(k) for k in descriptor.get("keywords", [])),
        descriptor=descriptor,
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _observation(value: Any) -> Observation | None:
    return Observation.from_row(value) if isinstance(value, Mapping) else None


def _counts(frame: pd.DataFrame, by: str) -> tuple[StatusCount, ...]:
    return tuple(StatusCount(str(r[by]), str(r["status"]), int(r["count"])) for r in _records(frame))


def _bool(value: Any) -> bool | None:
    value = plain(value)
    return None if value is None else bool(value)


def build_model(derived: Derived) -> Site:
    """The typed model of validated, derived data (called once per build)."""
    tables = derived.tables
    descriptors = {name: p.to_descriptor() for name, p in tables.packages.items()}
    labels = derived.labels
    sources = tuple(
        Source(
            id=str(r["id"]),
            title=text_of(r, "title"),
            publisher=text_of(r, "publisher"),
            published=str(r["published"]),
            kind=str(r["kind"]),
            url=_str(r.get("url")),
        )
        for r in _records(tables["indicators"]["sources"].sort_values("published"))
    )
    indicators = tuple(
        Indicator(
            id=str(r["id"]),
            parent_id=_str(r.get("parent_id")),
            list=str(r["list"]),
            lists=tuple(str(x) for x in r["lists"]),
            position=_int(r.get("position")),
            category_id=str(r["category_id"]),
            names=text_of(r, "name"),
            nature=_str(r.get("nature")),
            unit=_str(r.get("unit")),
            direction=str(r["direction"]),
            progress_method=str(r["progress_method"]),
            aliases=_str(r.get("aliases")),
            status=_str(r.get("status")),
            own_status=bool(r["own_status"]),
            recommendation_kind=_str(r.get("recommendation_kind")),
            recommendation=text_of(r, "recommendation"),
            assessment_section=_str(r.get("assessment_section")),
            baseline=_observation(r.get("baseline")),
            latest=_observation(r.get("latest")),
            target=_observation(r.get("target")),
            progress_pct=number(r.get("progress_pct")),
            reported_progress_pct=number(r.get("reported_progress_pct")),
            progress_agrees=_bool(r.get("progress_agrees")),
            target_met=_bool(r.get("target_met")),
            gap=number(r.get("gap")),
            years_left=_int(r.get("years_left")),
            discrepancy_ids=tuple(str(x) for x in r["discrepancy_ids"]),
        )
        for r in _records(derived.indicators)
    )
    obs = tables["indicators"]["observations"].sort_values(["indicator_id", "year", "role"], kind="stable")
    observations: dict[str, list[Observation]] = {}
    for row in _records(obs):
        observations.setdefault(str(row["indicator_id"]), []).append(Observation.from_row(row))
    return Site(
        packages={name: _package(name, d) for name, d in descriptors.items()},
        labels=labels,
        sources=sources,
        indicators=indicators,
        observations={k: tuple(v) for k, v in observations.items()},
        status_counts=_counts(derived.status_counts, "list"),
        category_status=_counts(derived.category_status, "category"),
        nature_status=_counts(derived.nature_status, "nature"),
        counts=derived.counts(),
    )


def has_no_nan(value: Any) -> bool:
    """True when no float NaN (nor pandas NA) is reachable from value: the model's promise, checked by the tests."""
    if isinstance(value, float):
        return value == value
    if value is pd.NA or value is pd.NaT:
        return False
    if isinstance(value, Mapping):
        return all(has_no_nan(v) for v in value.values())
    if isinstance(value, (tuple, list)):
        return all(has_no_nan(v) for v in value)
    if hasattr(value, "__dataclass_fields__"):
        return all(has_no_nan(getattr(value, f)) for f in value.__dataclass_fields__ if f != "descriptor")
    return not (empty(value) and not isinstance(value, str) and value is not None)
