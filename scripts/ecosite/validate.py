"""Validate every data package: frictionless schema checks, then the report's own rules.

`validate_all()` returns a list of Problems (empty when the data is good).
Schema problems come first; the cross-table rules in `rules.py` only run on
packages whose tables passed the schema checks, so one typo does not cascade
into a screen of follow-on messages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from frictionless import FrictionlessException, Package

from . import rules
from .load import Tables, read_table
from .paths import DATAPACKAGES, PACKAGE_NAMES, rel
from .problems import Problem

TYPE_NAMES_ZH = {
    "integer": "整数",
    "number": "数字（如 12.5，不带单位和千分位逗号）",
    "boolean": "布尔值（true 或 false）",
    "date": "日期（YYYY-MM-DD，如 2024-04-26）",
    "yearmonth": "年月（YYYY-MM，如 2024-11）",
    "year": "年份（如 2023）",
    "string": "文本",
}

PATTERN_HINTS_ZH = {
    # Text may not start like a formula, and may not hold a line break (so CSV rows and lines stay one to one).
    "[^=+\\-@\\s][^\\r\\n]*": "文本不能以 = + - @ 或空格开头（Excel 会把这样的单元格当作公式执行），单元格内也不能换行",
    "[a-z0-9][a-z0-9_-]*": "标识符只能由小写英文字母、数字、连字符“-”和下划线“_”组成",
    "https?://\\S+": "网址应以 http:// 或 https:// 开头，且不含空格",
}
SECTION_HINT_ZH = "章节写法不对：应为报告的标题路径，如 一(二)1(1) 或 一(三)专栏7(3)，使用半角括号；多个章节以“; ”分隔"


def validate_all(root: Path = DATAPACKAGES) -> list[Problem]:
    problems: list[Problem] = []
    valid_packages: dict[str, Package] = {}
    for name in PACKAGE_NAMES:
        package, found = check_package(root / name)
        problems += found
        if package is not None and not found:
            valid_packages[name] = package
    if len(valid_packages) == len(PACKAGE_NAMES):
        tables = Tables(root=root, packages=valid_packages)
        tables.frames = {n: {r.name: read_table(p, r.name) for r in p.resources} for n, p in valid_packages.items()}
        problems += rules.check(tables)
    return problems


def check_package(folder: Path) -> tuple[Package | None, list[Problem]]:
    """Open one package and run the frictionless checks on all its tables."""
    path = folder / "datapackage.json"
    if not path.exists():
        return None, [Problem(rel(path), "找不到数据包描述文件 datapackage.json（被删除或改名了？）", "missing-descriptor")]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(rel(path), "文件不是 UTF-8 编码，请用 UTF-8 保存", "encoding-error")]
    except json.JSONDecodeError as error:
        return None, [Problem(rel(path), f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列附近：{error.msg}）。常见原因：漏了逗号、引号或括号", "invalid-json", row=error.lineno)]
    try:
        package = Package(descriptor, basepath=str(folder))
        report = package.validate()
    except FrictionlessException as error:
        return None, [Problem(rel(path), f"描述文件有误：{error.error.note or error.error.message}", error.error.type)]
    problems = []
    for task in report.tasks:
        file = rel(folder / task.place) if task.place and not task.place.startswith("http") else rel(path)
        for error in task.errors:
            problems.append(explain(error, file, package))
    for error in report.errors:
        problems.append(Problem(rel(path), f"描述文件有误：{error.note or error.message}", error.type))
    return package, problems


def explain(error, file: str, package: Package) -> Problem:
    """Turn one frictionless error into a Problem with a Chinese explanation."""
    kind = error.type
    row = getattr(error, "row_number", None)
    field = getattr(error, "field_name", None)
    cell = getattr(error, "cell", None)
    note = error.note or ""
    if kind == "type-error":
        ftype = re.search(r'type is "(\w+)', note)
        expected = TYPE_NAMES_ZH.get(ftype.group(1) if ftype else "", "正确的类型")
        return Problem(file, f"不是有效的{expected}", kind, row, field, cell)
    if kind == "constraint-error":
        return Problem(file, _constraint_zh(note, cell), kind, row, field, cell)
    if kind == "unique-error":
        other = re.search(r"(\d+)", note)
        return Problem(file, f"该列的值不能重复，第 {other.group(1) if other else '?'} 行已有相同的值", kind, row, field, cell)
    if kind == "primary-key":
        other = re.search(r"(\d+)", note)
        return Problem(file, f"与第 {other.group(1) if other else '?'} 行的主键（标识这一行的列）完全相同，同一条记录写了两次？", kind, row, None, _row_key(error))
    if kind == "foreign-key":
        return Problem(file, f"引用的值在被引用的表中不存在（{_fk_target(note)}）：请先在那张表里添加，或改正拼写", kind, row, None, _row_key(error))
    if kind == "missing-cell":
        return Problem(file, "这一行的单元格比表头少（少了逗号？）", kind, row, field, None)
    if kind == "extra-cell":
        return Problem(file, "这一行的单元格比表头多：文本中含有英文逗号时，请用英文双引号把整个单元格括起来，或改用中文逗号“，”", kind, row, None, cell)
    if kind == "blank-row":
        return Problem(file, "空行：请删除", kind, row)
    if kind in ("incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label"):
        label = getattr(error, "label", None)
        hint = "表头（第一行的列名）与数据包描述不一致：列名不能改动、增删或调换顺序"
        if label and label.startswith("\ufeff"):
            hint = "文件开头有 BOM 标记（Excel 另存为“CSV UTF-8”时会加上）：请在 GitHub 网页编辑器中修改，或另存为不带 BOM 的 UTF-8"
        return Problem(file, hint, kind, 1, getattr(error, "field_name", None), label)
    if kind in ("scheme-error", "source-error", "file-error"):
        return Problem(file, "找不到或无法读取这个文件（被删除、改名或移动了？datapackage.json 里仍列着它）", kind)
    if kind == "encoding-error":
        return Problem(file, "文件不是 UTF-8 编码（Excel 默认存为 GBK）：请用 UTF-8 保存", kind)
    return Problem(file, f"{error.message}", kind, row, field, cell)


def _constraint_zh(note: str, cell) -> str:
    match = re.search(r'constraint "(\w+)" is "(.*)"', note, re.S)
    name, limit = (match.group(1), match.group(2)) if match else ("", "")
    if name == "required":
        return "必填字段为空"
    if name == "enum":
        allowed = re.findall(r"'([^']*)'", limit)
        return f"不是允许的取值；可选：{'、'.join(allowed) or limit}"
    if name == "pattern":
        if limit in PATTERN_HINTS_ZH:
            return PATTERN_HINTS_ZH[limit]
        if "专栏" in limit:
            return SECTION_HINT_ZH
        return f"格式不符合要求（{limit}）"
    if name == "minimum":
        return f"小于允许的最小值 {limit}"
    if name == "maximum":
        return f"大于允许的最大值 {limit}"
    if name == "unique":
        return "该列的值不能重复"
    return f"不满足约束 {name}={limit}"


def _row_key(error) -> str | None:
    cells = getattr(error, "cells", None)
    return ",".join(str(c) for c in cells) if cells else None


def _fk_target(note: str) -> str:
    match = re.search(r'"(\w*)"', note)
    return f"被引用的表：{match.group(1) or '本表'}" if match else note
