"""Validate every data package: frictionless schema checks, then the report's own rules.

`validate_all()` returns a list of Problems (empty when the data is good).
Schema problems come first; the cross-table rules in `rules.py` only run on
packages whose tables passed the schema checks, so one typo does not cascade
into a screen of follow-on messages.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

from frictionless import FrictionlessException, Package

from . import buildcache, rules
from .load import Tables, read_table
from .paths import DATAPACKAGES, PACKAGE_NAMES, rel
from .problems import Problem
from .vocab import missing_labels

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
    "[^=+\\-@\\s](?:[^\\r\\n]*[^\\s])?": "文本不能以 = + - @ 开头（Excel 会把这样的单元格当作公式执行），不能以空格开头或结尾，单元格内也不能换行",
    # Ids become URL paths, file names and HTML attributes, so they are slugs.
    "[a-z0-9]+(?:[-_][a-z0-9]+)*": "标识符只能由小写英文字母、数字和单个连字符“-”或下划线“_”组成（不能以“-”“_”开头或结尾）",
    "https?://\\S+": "网址应以 http:// 或 https:// 开头，且不含空格",
    # Several ids in one cell (e.g. discrepancy_id), each a slug.
    "[a-z0-9]+(?:[-_][a-z0-9]+)*(?:; [a-z0-9]+(?:[-_][a-z0-9]+)*)*": "应为一个或多个标识符（小写英文字母、数字和单个“-”“_”），多个之间用“; ”（分号加一个空格）分隔",
    # The report package's page names and anchors are written by scripts/import_report.py, not by hand.
    "index|[1-4](-[1-5])?": "报告原文的页面名由 scripts/import_report.py 生成（index 或 1-1 这样的编号），请勿手改",
    "cover|contents|s(-c?[0-9]+)+": "报告原文的锚点由 scripts/import_report.py 生成（如 s-1-4-7），请勿手改",
}
SECTION_HINT_ZH = "章节写法不对：应为报告的标题路径，如 一(二)1(1) 或 一(三)专栏7(3)，使用半角括号；多个章节以“; ”分隔"


def validate(root: Path) -> tuple[Tables | None, list[Problem]]:
    """Validate every package under root; the tables parsed for the rules are returned for the build to use
    (None when any package failed its schema checks), so nothing is parsed twice."""
    problems: list[Problem] = []
    valid_packages: dict[str, Package] = {}
    for name in PACKAGE_NAMES:
        package, found = check_package(root / name)
        problems += found
        if package is not None and not found:
            valid_packages[name] = package
    tables = None
    if len(valid_packages) == len(PACKAGE_NAMES):
        # The cross-table rules see every package: data that passed them before, byte for byte, with the same
        # code, passes again (a warm rebuild or a second build in CI skips them; any edit runs them all).
        prints = [
            _fingerprint(root / n, json.loads((root / n / "datapackage.json").read_bytes())) for n in PACKAGE_NAMES
        ]
        key = "|".join(p or "" for p in prints) if all(prints) else None
        tables = Tables(root=root, packages=valid_packages)
        tables.frames = {n: {r.name: read_table(p, r.name) for r in p.resources} for n, p in valid_packages.items()}
        if key and buildcache.has("rules-passed", key):
            return tables, condense(problems)
        found = list(rules.check(tables))
        problems += found
        if key and not found:
            buildcache.mark("rules-passed", key)
    return tables, condense(problems)


def validate_all(root: Path = DATAPACKAGES) -> list[Problem]:
    """The problems only (empty when the data is good)."""
    return validate(root)[1]


def check_package(folder: Path) -> tuple[Package | None, list[Problem]]:
    """Open one package and run the raw-file checks, then the frictionless checks, on all its tables."""
    path = folder / "datapackage.json"
    if not path.exists():
        return None, [
            Problem(rel(path), "找不到数据包描述文件 datapackage.json（被删除或改名了？）", "missing-descriptor")
        ]
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [Problem(rel(path), "文件不是 UTF-8 编码，请用 UTF-8 保存", "encoding-error")]
    except json.JSONDecodeError as error:
        return None, [
            Problem(
                rel(path),
                f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列附近：{error.msg}）。常见原因：漏了逗号、引号或括号",
                "invalid-json",
                row=error.lineno,
            )
        ]
    # Paths are checked before frictionless sees the descriptor: frictionless would fetch a URL
    # (or open any local file) while validating, and the build would then fail on it.
    unsafe = [p for p in (_path_problem(folder, path, r) for r in _resources(descriptor)) if p]
    if unsafe:
        return None, unsafe
    unlabelled = missing_labels(descriptor, rel(path)) if isinstance(descriptor, dict) else []
    if unlabelled:
        return None, unlabelled
    try:
        package = Package(descriptor, basepath=str(folder))
    except FrictionlessException as error:
        return None, [_descriptor_problem(path, error)]
    fingerprint = _fingerprint(folder, descriptor)
    if fingerprint in _VALID or (fingerprint and buildcache.has("package-passed", fingerprint)):
        _VALID.add(fingerprint)
        return package, []
    problems: list[Problem] = []
    broken: set[str] = set()  # resources whose file cannot be read as a table at all
    for resource in package.resources:
        found = precheck(folder, resource)
        if any(p.error_type in UNREADABLE for p in found):
            broken.add(resource.name)
        problems += [p for p in found]
    try:
        # A broken file is left out, with the foreign keys into it: otherwise every row that
        # refers to it would be reported as well (and frictionless would re-read it as another table).
        readable = [r for r in package.resources if r.name not in broken]
        report = (_without(package, broken, folder) if broken else package).validate() if readable else None
    except FrictionlessException as error:
        return None, problems + [_descriptor_problem(path, error)]
    errors = [(task.name, e) for task in report.tasks for e in task.errors] if report else []
    for error in report.errors if report else []:
        problems.append(Problem(rel(path), f"描述文件有误：{_reason(error)}", error.type))
    problems += explain_all(errors, folder, package, problems)
    if fingerprint and not problems:
        _VALID.add(fingerprint)
        buildcache.mark("package-passed", fingerprint)
    return package, problems


# Fingerprints of packages that passed: the same descriptor and the same bytes in every file pass again.
# This keeps the many one-mistake test fixtures fast (each breaks one package, the others are
# unchanged), and a build that validates twice in one process pays once. The same marks are kept on disk
# (buildcache, keyed with the code), so a rebuild after editing one package re-checks only that package.
_VALID: set[str] = set()


def _fingerprint(folder: Path, descriptor: dict) -> str | None:
    digest = hashlib.sha256(json.dumps(descriptor, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    try:
        for resource in _resources(descriptor):
            digest.update(str(resource.get("path")).encode("utf-8") + b"\0" + (folder / resource["path"]).read_bytes())
    except (OSError, KeyError, TypeError):
        return None
    return digest.hexdigest()


UNREADABLE = ("scheme-error", "empty-file", "encoding-error", "delimiter-error")


def _without(package: Package, broken: set[str], folder: Path) -> Package:
    descriptor = package.to_descriptor()
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in broken]
    for resource in descriptor["resources"]:
        keys = resource.get("schema", {}).get("foreignKeys")
        if keys:
            resource["schema"]["foreignKeys"] = [k for k in keys if k["reference"].get("resource") not in broken]
    return Package(descriptor, basepath=str(folder))


def _resources(descriptor) -> list:
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    return [r for r in resources if isinstance(r, dict)] if isinstance(resources, list) else []


SAFE_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.csv")


def _path_problem(folder: Path, descriptor_file: Path, resource: dict) -> Problem | None:
    """A resource path must name a CSV file inside the package folder: no URL, no absolute path, no `..`."""
    path = resource.get("path")
    # Inline `data` (no path) is refused too: every table is a CSV file editors can see and fix.
    text = path if isinstance(path, str) else json.dumps(path, ensure_ascii=False)
    ok = isinstance(path, str) and SAFE_PATH.fullmatch(path) and (folder / path).resolve().parent == folder.resolve()
    if ok and "scheme" in resource and resource["scheme"] != "file":
        ok = False
    if ok:
        return None
    # The reason is worded as frictionless words it, so it can be searched for.
    return Problem(
        rel(descriptor_file),
        f'表「{resource.get("name", "?")}」的文件路径不安全（path "{text}" is not safe）：'
        "path 只能写本数据包文件夹里的 CSV 文件名，如 categories.csv；不能是网址、绝对路径，也不能含 .. 或子文件夹",
        "unsafe-path",
        None,
        "path",
        text,
    )


def _reason(error) -> str:
    """frictionless's own reason: the note, else the notes of the reasons behind 'descriptor is not valid'."""
    return error.note or error.message


def _descriptor_problem(path: Path, exception: FrictionlessException) -> Problem:
    error = exception.error
    reasons = [r.note or r.message for r in getattr(exception, "reasons", []) or []]
    reason = "；".join(reasons) if reasons else _reason(error)
    return Problem(rel(path), f"描述文件有误：{reason}", error.type)


# --- raw-file checks: what frictionless would guess around or accept, but the site would publish wrong ---

FULL_WIDTH = re.compile(r"[\uff0b-\uff19\u3000]")  # ＋，－．／０-９ and the full-width space
NOT_A_NUMBER = re.compile(r"[+-]?(nan|inf|infinity)", re.I)
GROUPED = re.compile(r"[+-]?\d{1,3}([,_ ]\d{3})+(\.\d+)?")
PLAIN = {
    "integer": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(\.[0-9]+)?"),
    "year": re.compile(r"[0-9]{4}"),
}
SEPARATORS_ZH = {";": "分号“;”", "\t": "制表符（Tab）"}
RESAVE_ZH = "请在 Excel 中选择“文件 → 另存为 → CSV UTF-8（逗号分隔）(*.csv)”重新保存，或在 GitHub 网页编辑器中修改"


def precheck(folder: Path, resource) -> list[Problem]:
    """Check one CSV as bytes and text before frictionless reads it.

    Problems without a row mean the file cannot be read as a table at all
    (missing, empty, wrong encoding, wrong separator); the caller then skips it.
    """
    path = folder / resource.path
    file = rel(path)
    if not path.is_file():
        return [
            Problem(
                file, "找不到或无法读取这个文件（被删除、改名或移动了？datapackage.json 里仍列着它）", "scheme-error"
            )
        ]
    data = path.read_bytes()
    if not data.strip():
        return [Problem(file, "文件是空的，连表头都没有：请撤销这次修改，或从仓库历史中恢复文件", "empty-file")]
    encoding = _encoding_problem(file, data)
    if encoding:
        return [encoding]
    text = data.decode("utf-8-sig")
    names = resource.schema.field_names
    header = text.splitlines()[0]
    for sep, sep_zh in SEPARATORS_ZH.items():
        if len(names) > 1 and header.count(sep) > header.count(","):
            return [
                Problem(
                    file,
                    f"列之间用的是{sep_zh}，而不是英文逗号“,”（Excel 在某些地区设置下另存为“CSV”时会这样）：{RESAVE_ZH}",
                    "delimiter-error",
                    1,
                    None,
                    header,
                )
            ]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != names:
        return []  # frictionless reports the header, and cell checks would only repeat it
    problems = []
    kinds = {f.name: f.type for f in resource.schema.fields}
    for number, row in enumerate(rows[1:], start=2):
        for name, cell in zip(names, row, strict=False):
            if kinds[name] in PLAIN and cell != "":
                why = _number_problem(cell, kinds[name])
                if why:
                    problems.append(Problem(file, why, "type-error", number, name, cell))
            elif kinds[name] == "string" and ("\n" in cell or "\r" in cell):
                problems.append(
                    Problem(file, "单元格内不能换行：请把内容写在一行内", "constraint-error", number, name, cell)
                )
    return problems


def _encoding_problem(file: str, data: bytes) -> Problem | None:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:200].count(b"\x00") > 4:
        return Problem(
            file, f"文件是 UTF-16 编码（Excel 另存为“Unicode 文本”时使用），不是 UTF-8：{RESAVE_ZH}", "encoding-error"
        )
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
    try:
        data.decode("gbk")
        why = "文件是 GBK 编码（Excel 默认的“CSV（逗号分隔）”），不是 UTF-8"
    except UnicodeDecodeError:
        why = f"文件不是 UTF-8 编码（第 {line} 行起出现无法识别的字节）"
    return Problem(file, f"{why}：{RESAVE_ZH}", "encoding-error")


def _number_problem(cell: str, kind: str) -> str | None:
    """Why a number cell would be published wrong, or None when it is plain ASCII digits (or frictionless will say)."""
    if PLAIN[kind].fullmatch(cell):
        return None
    if NOT_A_NUMBER.fullmatch(cell.strip()):
        return "NaN、inf（无穷大）不是数值：没有数值时请留空，并在文字列中说明"
    if FULL_WIDTH.search(cell):
        return "含有全角字符（如 ２０２３、９５．４）：请改用半角数字、半角小数点“.”和半角负号“-”"
    if GROUPED.fullmatch(cell.strip()):
        return "数字中不要用千分位分隔符（如 1,234 应写成 1234）"
    if cell != cell.strip():
        return "数字前后有空格：请删除空格"
    if kind != "number" and re.fullmatch(r"-?[0-9]+\.[0-9]+", cell):
        return None  # frictionless: "不是有效的整数"
    if re.fullmatch(r"[+-]?[0-9.]+(e[+-]?[0-9]+)?", cell, re.I) or "_" in cell:
        return f"不是有效的{TYPE_NAMES_ZH[kind]}：只写半角数字，不带正号、科学计数法或分隔符"
    return None


def explain_all(errors: list, folder: Path, package: Package, found: list[Problem]) -> list[Problem]:
    """Explain frictionless errors, leaving out the follow-ons of an earlier problem.

    - a table whose header is wrong: only the header is reported (every cell below is shifted);
    - a cell already explained by the raw-file checks is not explained again;
    - a blank row is not also a duplicate primary key;
    - a foreign key into a table that is itself broken (file, header or key column) is not reported.
    """
    by_resource: dict[str, list] = {}
    for name, error in errors:
        by_resource.setdefault(name, []).append(error)
    header_broken = {n for n, errs in by_resource.items() if any(e.type in LABEL_ERRORS for e in errs)}
    files = {rel(folder / r.path): r.name for r in package.resources}
    broken = {files.get(p.file) for p in found if p.error_type in UNREADABLE}
    key_broken = {
        (n, getattr(e, "field_name", None))
        for n, errs in by_resource.items()
        for e in errs
        if e.type in ("type-error", "constraint-error", "unique-error", "primary-key")
    }
    key_broken |= {(files.get(p.file), p.field) for p in found}
    seen = {(p.file, p.row, p.field) for p in found}
    out: list[Problem] = []
    for name, errs in by_resource.items():
        resource = package.get_resource(name)
        file = rel(folder / resource.path)
        blank_rows = {e.row_number for e in errs if e.type == "blank-row"}
        if name in header_broken:
            out.append(_header_problem(file, resource, [e for e in errs if e.type in LABEL_ERRORS]))
            errs = [e for e in errs if e.type not in LABEL_ERRORS and getattr(e, "row_number", None) is None]
        for error in errs:
            row = getattr(error, "row_number", None)
            if row in blank_rows and error.type != "blank-row":
                continue
            if error.type == "foreign-key":
                target = error.reference_name or name
                if (
                    target in broken
                    or target in header_broken
                    or any((target, f) in key_broken for f in error.reference_field_names)
                ):
                    continue
            problem = explain(error, file, package, resource)
            if problem.row is not None and problem.field and (problem.file, problem.row, problem.field) in seen:
                continue
            out.append(problem)
    # A foreign key that fails only because its cell is already reported (e.g. a stray space) is not repeated.
    cells = {(p.file, p.row, p.field) for p in out if p.error_type != "foreign-key"}
    return [p for p in out if p.error_type != "foreign-key" or (p.file, p.row, p.field) not in cells]


LABEL_ERRORS = ("incorrect-label", "missing-label", "extra-label", "duplicate-label", "blank-label")


def _header_problem(file: str, resource, errors: list) -> Problem:
    """One message for a wrong header, however many columns it shifts."""
    labels = [e.label for e in errors if getattr(e, "label", None)]
    if any(label.startswith("\ufeff") for label in labels):
        return Problem(
            file,
            "文件开头有 BOM 标记（Excel 另存为“CSV UTF-8”时会加上）：请在 GitHub 网页编辑器中修改，或另存为不带 BOM 的 UTF-8",
            errors[0].type,
            1,
        )
    expected = ",".join(resource.schema.field_names)
    actual = ",".join(resource.header) if resource.header is not None else None
    try:
        with (Path(resource.basepath) / resource.path).open(encoding="utf-8-sig", newline="") as f:
            actual = ",".join(next(csv.reader(f), []))
    except (OSError, UnicodeDecodeError):
        pass
    wrong = "、".join(dict.fromkeys(e.field_name for e in errors if getattr(e, "field_name", None)))
    return Problem(
        file,
        f"表头（第一行的列名）与数据包描述不一致：列名不能改动、增删或调换顺序。涉及的列：{wrong or '?'}；"
        f"表头应为：{expected}",
        errors[0].type,
        1,
        None,
        actual,
    )


def condense(problems: list[Problem], keep: int = 3) -> list[Problem]:
    """Report the same mistake in one column once, with its first few lines, instead of once per row."""
    groups: dict[tuple, list[Problem]] = {}
    for p in problems:
        key = (p.file, p.error_type, p.field, p.message_zh) if p.row is not None and p.row > 1 else (id(p),)
        groups.setdefault(key, []).append(p)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) <= keep:
            out += group
            continue
        lines = "、".join(str(p.row) for p in group[:keep])
        out.append(
            Problem(
                first.file,
                f"{first.message_zh}（这一列共有 {len(group)} 行是这个问题，如第 {lines} 行……；多半是整列填错或列的位置不对）",
                first.error_type,
                first.row,
                first.field,
                first.value,
            )
        )
    return out


def explain(error, file: str, package: Package, resource=None) -> Problem:
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
        where = f"第 {other.group(1)} 行" if other else "另一行"
        return Problem(file, f"该列的值不能重复，{where}已有相同的值", kind, row, field, cell)
    if kind == "primary-key":
        other = re.search(r"(\d+)", note)
        where = f"第 {other.group(1)} 行" if other else "另一行"
        return Problem(
            file, f"与{where}的主键（标识这一行的列）完全相同，同一条记录写了两次？", kind, row, None, _row_key(error)
        )
    if kind == "foreign-key":
        return _foreign_key_problem(error, file, package, resource)
    if kind == "missing-cell":
        return Problem(file, "这一行的单元格比表头少（少了逗号？）", kind, row, field, None)
    if kind == "extra-cell":
        return Problem(
            file,
            "这一行的单元格比表头多：文本中含有英文逗号时，请用英文双引号把整个单元格括起来，或改用中文逗号“，”",
            kind,
            row,
            None,
            cell,
        )
    if kind == "blank-row":
        return Problem(file, "空行：请删除", kind, row)
    if kind in LABEL_ERRORS:
        return (
            _header_problem(file, resource, [error])
            if resource is not None
            else Problem(
                file,
                "表头（第一行的列名）与数据包描述不一致：列名不能改动、增删或调换顺序",
                kind,
                1,
                field,
                getattr(error, "label", None),
            )
        )
    if kind in ("scheme-error", "source-error", "file-error"):
        return Problem(file, "找不到或无法读取这个文件（被删除、改名或移动了？datapackage.json 里仍列着它）", kind)
    if kind == "encoding-error":
        return Problem(file, f"文件不是 UTF-8 编码：{RESAVE_ZH}", kind)
    return Problem(file, f"{error.message}", kind, row, field, cell)


def _foreign_key_problem(error, file: str, package: Package, resource) -> Problem:
    """Name the referenced table and column, and point at a stray space when that is the whole difference."""
    fields = list(getattr(error, "field_names", []) or [])
    cells = [str(c) for c in (getattr(error, "field_cells", []) or [])]
    target = error.reference_name or (resource.name if resource is not None else "")
    target_fields = list(getattr(error, "reference_field_names", []) or [])
    target_file = target
    if target and package.has_resource(target):
        target_file = package.get_resource(target).path
    value = ",".join(cells) or _row_key(error)
    refs = "、".join(f"{f}（{c}）" for f, c in zip(fields, cells, strict=False)) or "引用列"
    message = f"{refs} 在被引用的表 {target_file} 的 {'、'.join(target_fields) or '?'} 列中找不到：请先在那张表里添加，或改正拼写"
    if any(c != c.strip() for c in cells):
        message = f"值的开头或结尾有空格（“{value}”），所以在被引用的表 {target_file} 中找不到：请删除空格"
    return Problem(
        file, message, "foreign-key", getattr(error, "row_number", None), fields[0] if len(fields) == 1 else None, value
    )


def _constraint_zh(note: str, cell) -> str:
    match = re.search(r'constraint "(\w+)" is "(.*)"', note, re.S)
    name, limit = (match.group(1), match.group(2)) if match else ("", "")
    if name == "required":
        return "必填字段为空"
    if name == "enum":
        allowed = re.findall(r"'([^']*)'", limit)
        return f"不是允许的取值；可选：{'、'.join(allowed) or limit}"
    if name == "maxLength":
        return f"太长：最多 {limit} 个字符，这里有 {len(str(cell))} 个（长的说明请写在备注或摘要列）"
    if name == "minLength":
        return f"太短：至少 {limit} 个字符"
    if name == "pattern":
        if cell is not None and str(cell) != str(cell).strip():
            return "值的开头或结尾有空格（或换行）：请删除空格"
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
