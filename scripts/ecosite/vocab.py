"""Words for the data's codes, in both languages, read from the schemas.

Every enum field of every Table Schema lists its codes with their labels as Table Schema v2 `categories`:
`{"value": "exceeded", "label": "Ahead of expectations", "label_zh": "超预期"}` (`label` in English like the
descriptors' `title`, `label_zh` in Chinese; a longer `description`/`description_zh` where a page explains the code).
The qualifier symbols (≥, ≈, …) are labelled by their code table, indicators/qualifiers.csv.
The validator refuses an enum value without both labels (`missing_labels`), so a new code never reaches a page
without its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .problems import Problem

Lang = Literal["zh", "en"]
# Enum fields labelled by a code table instead of categories: field name → (package, resource, key column).
CODE_TABLES: dict[str, tuple[str, str, str]] = {
    "qualifier": ("indicators", "qualifiers", "symbol"),
    "symbol": ("indicators", "qualifiers", "symbol"),
}


@dataclass(frozen=True)
class Text:
    """A text in both languages; `get(lang)` gives "" for a missing one."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: Lang) -> str:
        return (self.zh if lang == "zh" else self.en) or ""

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


@dataclass(frozen=True)
class Category:
    value: str
    label: Text
    description: Text


class Labels:
    """Codes and their words, by field: `labels.label("status", "exceeded", "zh")` → 超预期.

    A field is named by its field name when every resource that has it labels it alike ("status", "role",
    "nature"), and always by "resource.field" ("discrepancies.kind", "sources.kind")."""

    def __init__(self, fields: Mapping[str, list[Category]]):
        self._fields = {k: {c.value: c for c in v} for k, v in fields.items()}

    def __contains__(self, field: str) -> bool:
        return field in self._fields

    def fields(self) -> list[str]:
        return list(self._fields)

    def categories(self, field: str) -> list[Category]:
        return list(self._fields[field].values())

    def codes(self, field: str) -> list[str]:
        """The codes in the schema's order."""
        return list(self._fields[field])

    def label(self, field: str, code: str, lang: Lang) -> str:
        return self._fields[field][code].label.get(lang)

    def description(self, field: str, code: str, lang: Lang) -> str:
        return self._fields[field][code].description.get(lang)

    def names(self, field: str, lang: Lang) -> dict[str, str]:
        """{code: label} in the schema's order (what labels.py's STATUS_ZH and the like were)."""
        return {code: c.label.get(lang) for code, c in self._fields[field].items()}


def _categories(field: Mapping[str, Any]) -> list[Category]:
    out = []
    for c in field.get("categories") or []:
        if isinstance(c, Mapping):
            out.append(
                Category(
                    str(c["value"]),
                    Text(c.get("label_zh"), c.get("label")),
                    Text(c.get("description_zh"), c.get("description")),
                )
            )
    return out


def read_labels(descriptors: Mapping[str, Mapping[str, Any]], code_tables: Mapping[str, list[Category]]) -> Labels:
    """Labels of every enum field of every package; `code_tables` gives those of CODE_TABLES fields."""
    by_key: dict[str, list[Category]] = {}
    by_name: dict[str, list[list[Category]]] = {}
    for descriptor in descriptors.values():
        for resource in descriptor.get("resources", []):
            for field in resource.get("schema", {}).get("fields", []):
                if not field.get("constraints", {}).get("enum"):
                    continue
                name = field["name"]
                cats = code_tables.get(name) if name in CODE_TABLES else _categories(field)
                if cats is None:
                    continue
                by_key[f"{resource['name']}.{name}"] = cats
                by_name.setdefault(name, []).append(cats)
    for name, variants in by_name.items():
        if all(v == variants[0] for v in variants):
            by_key.setdefault(name, variants[0])
    return Labels(by_key)


def labels_of(tables: Any) -> Labels:
    """The labels of a validated `load.Tables` (descriptors, and the qualifier code table)."""
    descriptors = {name: p.to_descriptor() for name, p in tables.packages.items()}
    package, resource, key = CODE_TABLES["qualifier"]
    frame = tables[package][resource]
    qualifiers = [
        Category(str(r[key]), Text(_cell(r.get("name_zh")), _cell(r.get("name_en"))), Text())
        for r in frame.to_dict("records")
    ]
    return read_labels(descriptors, {name: qualifiers for name in CODE_TABLES})


def _cell(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def missing_labels(descriptor: Mapping[str, Any], file: str) -> list[Problem]:
    """One problem per enum value of the descriptor that lacks its Chinese or English label (CODE_TABLES fields
    are checked against their table by the rules)."""
    problems = []
    for resource in descriptor.get("resources", []):
        if not isinstance(resource, Mapping):
            continue
        for field in (
            resource.get("schema", {}).get("fields", []) if isinstance(resource.get("schema"), Mapping) else []
        ):
            enum = field.get("constraints", {}).get("enum") if isinstance(field, Mapping) else None
            if not enum or field["name"] in CODE_TABLES:
                continue
            have = {c.value: c.label for c in _categories(field)}
            for value in enum:
                label = have.get(str(value))
                if label is None or not label.zh or not label.en:
                    problems.append(
                        Problem(
                            file,
                            f"表 {resource.get('name')} 的这个取值没有中文或英文名称，网页无法显示它："
                            f'请在该字段的 categories 中写上 {{"value": "{value}", "label": "英文名称", "label_zh": "中文名称"}}',
                            "label-missing",
                            field=field["name"],
                            value=str(value),
                        )
                    )
    return problems
