"""Each data rule: one fixture with exactly that mistake, and the message an editor would see.

CASES is one table: (id, edit, expected error type, file, line, field, words in the message).
Every case validates a scratch copy of the data in-process (no site build) and asserts
the file, the CSV line, the field and the error type the validator reports, that the
message is in Chinese, and that one mistake gives a handful of messages, not one per row.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

import jsonschema
import pytest

from ecosite.load import open_package
from ecosite.paths import DATAPACKAGES, PACKAGE_NAMES, ROOT
from ecosite.validate import PATTERN_HINTS_ZH, validate_all

OBS = "indicators/observations.csv"
IND = "indicators/indicators.csv"
ASM = "indicators/assessments.csv"
CAT = "indicators/categories.csv"
NET = "monitoring/network.csv"
PRJ = "projects/projects.csv"
FIG = "tasks/figures.csv"
SPECS = ROOT / "tests" / "profiles"  # the official Data Package v2 JSON Schemas, copied unchanged
SLUG = "[a-z0-9]+(?:[-_][a-z0-9]+)*"


# --- small edits a careless editor (or Excel) makes; each returns the CSV line it changed, if any ---


def cell(file, column, value, **where):
    return lambda d: d.edit(file, column, value, **where)


def first_row_cell(file, column, value):
    return lambda d: d.edit(file, column, value, id=d.rows(file)[0]["id"])


def rewrite_lines(file, change):
    def edit(d):
        path = d.path(file)
        lines = path.read_text(encoding="utf-8").splitlines()
        change(lines)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    return edit


def rewrite_columns(file, change):
    """Apply `change` to every CSV row (header included), as a spreadsheet column move would."""

    def edit(d):
        path = d.path(file)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            change(row)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return edit


def save_as(file, encoding=None, delimiter=None):
    """Re-save a whole CSV the way Excel does in other settings: another encoding or separator."""

    def edit(d):
        path = d.path(file)
        text = path.read_text(encoding="utf-8")
        if delimiter:
            rows = list(csv.reader(io.StringIO(text)))
            out = io.StringIO()
            csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            text = out.getvalue()
        path.write_bytes(text.encode(encoding or "utf-8"))

    return edit


def replace_text(file, old, new):
    def edit(d):
        path = d.path(file)
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return edit


def descriptor(package, change):
    def edit(d):
        path = d.path(f"{package}/datapackage.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return edit


def set_path(index, path):
    def change(data):
        data["resources"][index]["path"] = path
        data["resources"][index].pop("scheme", None)

    return change


def duplicate_row(file, **where):
    return lambda d: d.append(file, d.rows(file)[d.find(file, **where)])


def first_with(file, column, edit):
    """Apply edit(d, row) to the first row where `column` is filled."""
    return lambda d: edit(d, next(r for r in d.rows(file) if r[column]))


def both(*edits):
    def run(d):
        for edit in edits:
            edit(d)

    return run


def elsewhere(edit):
    """An edit whose problem is reported on another line or file (the line it returns is not the one to expect)."""

    def run(d):
        edit(d)

    return run


@dataclass
class Case:
    id: str
    edit: Callable
    error_type: str
    file: str
    line: int | None = None  # expected CSV line; None: the line the edit returned (if any)
    field: str | None = None
    words: str | None = None  # must appear in the message
    not_words: tuple = ()  # must not appear in any message (misleading explanations)
    most: int = 3  # at most this many problems in all: one mistake, a handful of messages
    only_file: bool = True  # no follow-on problem in any other file
    check: Callable | None = None  # extra assertion on (matching problem, all problems)


def _value(expected):
    def check(p, found):
        assert p.value == expected, p.value

    return check


CASES = [
    # --- types ---
    Case(
        "wrong-type",
        cell(OBS, "value", "二十", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="value",
        words="数字",
        check=_value("二十"),
    ),
    Case(
        "unit-typed-in",
        cell(OBS, "value", "20.5微克", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="value",
    ),
    Case(
        "bad-date",
        cell("indicators/milestones.csv", "date", "2023/09/15", id="plan-issued"),
        "type-error",
        "indicators/milestones.csv",
        field="date",
        words="YYYY-MM-DD",
    ),
    Case(
        "bad-year-month",
        cell("indicators/sources.csv", "published", "2024年11月", id="eval-2024"),
        "type-error",
        "indicators/sources.csv",
        field="published",
        words="YYYY-MM",
    ),
    Case(
        "bad-boolean",
        cell(OBS, "derived", "是", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="derived",
        words="true",
    ),
    # --- numbers that frictionless (or Python) would read, but the site would publish wrong ---
    Case(
        "nan-number",
        cell(OBS, "value", "NaN", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="value",
        words="NaN",
    ),
    Case("inf-number", cell(FIG, "value", "inf", id="power-wind"), "type-error", FIG, field="value", words="inf"),
    Case(
        "minus-inf-number", cell(FIG, "value", "-inf", id="power-wind"), "type-error", FIG, field="value", words="inf"
    ),
    Case("nan-integer", first_row_cell(NET, "count", "nan"), "type-error", NET, field="count", words="NaN"),
    Case(
        "full-width-year",
        cell(OBS, "year", "２０２３", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="year",
        words="全角",
    ),
    Case("full-width-integer", first_row_cell(NET, "count", "９８"), "type-error", NET, field="count", words="全角"),
    Case(
        "full-width-number",
        cell(OBS, "value", "９５．４", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="value",
        words="全角",
    ),
    Case(
        "full-width-project-year",
        first_with(PRJ, "year", lambda d, r: d.edit(PRJ, "year", "２０２３", id=r["id"])),
        "type-error",
        PRJ,
        field="year",
        words="全角",
    ),
    Case(
        "thousands-number",
        cell(OBS, "value", "1,234", indicator_id="pm25", role="actual"),
        "type-error",
        OBS,
        field="value",
        words="千分位",
    ),
    Case(
        "thousands-investment",
        first_with(PRJ, "investment", lambda d, r: d.edit(PRJ, "investment", "12,500", id=r["id"])),
        "type-error",
        PRJ,
        field="investment",
        words="千分位",
    ),
    Case("thousands-integer", first_row_cell(NET, "count", "1,234"), "type-error", NET, field="count", words="千分位"),
    Case("underscore-integer", first_row_cell(NET, "count", "1_234"), "type-error", NET, field="count", words="千分位"),
    # --- constraints ---
    Case(
        "unknown-status",
        cell(ASM, "status", "done", indicator_id="pm25"),
        "constraint-error",
        ASM,
        field="status",
        words="exceeded",
    ),
    Case("empty-required", cell(IND, "name_zh", "", id="pm25"), "constraint-error", IND, field="name_zh", words="必填"),
    Case("negative-count", first_row_cell(NET, "count", "-3"), "constraint-error", NET, field="count", words="最小值"),
    Case(
        "full-width-brackets-in-section",
        cell(OBS, "source_section", "一（二）1（2）", indicator_id="pm25", role="actual"),
        "constraint-error",
        OBS,
        field="source_section",
        words="半角括号",
    ),
    Case("unknown-county", first_row_cell(PRJ, "county", "北京市"), "constraint-error", PRJ, field="county"),
    Case(
        "id-with-capitals-and-spaces",
        cell(IND, "id", "PM 2.5", id="pm25"),
        "constraint-error",
        IND,
        field="id",
        words="标识符",
    ),
    Case("id-with-slash", cell(IND, "id", "pm/25", id="pm25"), "constraint-error", IND, field="id", words="标识符"),
    Case(
        "id-with-markup",
        cell("tasks/topics.csv", "id", '"><img src=x>', id="power_capacity"),
        "constraint-error",
        "tasks/topics.csv",
        field="id",
        words="标识符",
    ),
    Case(
        "id-ending-in-hyphen", cell(IND, "id", "pm25-", id="pm25"), "constraint-error", IND, field="id", words="标识符"
    ),
    Case(
        "line-break-in-cell",
        cell(OBS, "note_zh", "第一行\n第二行", indicator_id="pm25", role="actual"),
        "constraint-error",
        OBS,
        field="note_zh",
        words="换行",
    ),
    Case(
        "trailing-line-break-in-id",
        cell(IND, "id", "pm25\n", id="pm25"),
        "constraint-error",
        IND,
        field="id",
        words="换行",
    ),
    Case(
        "name-too-long",
        cell(IND, "name_en", "x" * 10000, id="pm25"),
        "constraint-error",
        IND,
        field="name_en",
        words="最多 200 个字符",
    ),
    Case(
        "summary-too-long",
        first_row_cell("tasks/areas.csv", "summary_zh", "很" * 601),
        "constraint-error",
        "tasks/areas.csv",
        field="summary_zh",
        words="最多 600 个字符",
    ),
    Case(
        "trailing-space-in-text",
        cell(IND, "name_zh", "城市细颗粒物(PM2.5)平均浓度 ", id="pm25"),
        "constraint-error",
        IND,
        field="name_zh",
        words="空格",
    ),
    # --- a stray space in a referenced value is reported as the space, not only as a missing reference ---
    Case(
        "space-in-referenced-id",
        cell(OBS, "indicator_id", "pm25 ", indicator_id="pm25", role="actual"),
        "constraint-error",
        OBS,
        field="indicator_id",
        words="空格",
        most=1,
    ),
    Case(
        "space-in-referenced-text",
        first_row_cell(NET, "medium", "大气 "),
        "constraint-error",
        NET,
        field="medium",
        words="空格",
        most=1,
    ),
    Case(
        "space-in-the-referenced-table",
        cell("monitoring/media.csv", "medium", " 大气", medium="大气"),
        "constraint-error",
        "monitoring/media.csv",
        line=2,
        field="medium",
        words="空格",
    ),
    # --- uniqueness and references ---
    Case(
        "duplicate-name",
        cell(IND, "name_zh", "耕地保有量", id="forest-cover"),
        "unique-error",
        IND,
        field="name_zh",
        words="重复",
    ),
    Case("duplicate-observation", duplicate_row(OBS, indicator_id="pm25", role="actual"), "primary-key", OBS),
    Case(
        "dangling-foreign-key",
        cell(OBS, "indicator_id", "pm-25", indicator_id="pm25", role="actual"),
        "foreign-key",
        OBS,
        field="indicator_id",
        words="indicators.csv",
        not_words=("被引用的表：indicator_id",),
    ),
    Case(
        "unknown-category",
        cell(IND, "category_id", "green", id="pm25"),
        "foreign-key",
        IND,
        field="category_id",
        words="categories.csv 的 id 列",
    ),
    Case(
        "unknown-project-status",
        first_row_cell(PRJ, "status", "done"),
        "foreign-key",
        PRJ,
        field="status",
        words="statuses.csv",
    ),
    # --- the layout of the file ---
    Case(
        "extra-cell",
        rewrite_lines(OBS, lambda ls: ls.__setitem__(3, ls[3] + ",多出来的")),
        "extra-cell",
        OBS,
        line=4,
        words="逗号",
    ),
    Case(
        "missing-cell",
        rewrite_lines(CAT, lambda ls: ls.__setitem__(2, ls[2].rsplit(",", 1)[0])),
        "missing-cell",
        CAT,
        line=3,
    ),
    Case("blank-row", rewrite_lines(CAT, lambda ls: ls.insert(3, ",,,,")), "blank-row", CAT, line=4),
    Case(
        "blank-last-line",
        rewrite_lines(CAT, lambda ls: ls.append("")),
        "blank-row",
        CAT,
        line=8,
        most=1,
        not_words=("第 ?",),
    ),
    Case("renamed-header", replace_text(OBS, "value_text_zh", "文字"), "incorrect-label", OBS, line=1, words="表头"),
    Case(
        "swapped-columns",
        rewrite_columns(OBS, lambda r: r.__setitem__(slice(1, 3), [r[2], r[1]])),
        "incorrect-label",
        OBS,
        line=1,
        words="year、role",
        most=1,
    ),
    Case(
        "deleted-column",
        rewrite_columns(OBS, lambda r: r.__delitem__(3)),
        "missing-label",
        OBS,
        line=1,
        words="表头应为",
        most=1,
    ),
    Case(
        "whole-column-wrong",
        lambda d: [
            d.edit(OBS, "derived", "是", indicator_id=r["indicator_id"], year=r["year"], role=r["role"])
            for r in d.rows(OBS)
        ],
        "type-error",
        OBS,
        line=2,
        field="derived",
        words="共有",
        most=1,
    ),
    Case("empty-file", elsewhere(lambda d: d.path(CAT).write_bytes(b"")), "empty-file", CAT, words="空", most=1),
    Case(
        "missing-csv",
        lambda d: d.path("indicators/milestones.csv").unlink(),
        "scheme-error",
        "indicators/milestones.csv",
        words="找不到",
        most=1,
    ),
    # --- encodings and separators Excel produces ---
    Case("saved-as-gbk", save_as(CAT, "gbk"), "encoding-error", CAT, words="GBK", most=1),
    Case(
        "gbk-file-among-utf8-files",
        save_as("tasks/areas.csv", "gbk"),
        "encoding-error",
        "tasks/areas.csv",
        words="GBK",
        most=1,
    ),
    Case("saved-as-utf16", save_as(CAT, "utf-16"), "encoding-error", CAT, words="UTF-16", not_words=("GBK",), most=1),
    Case(
        "semicolon-separated",
        save_as(OBS, delimiter=";"),
        "delimiter-error",
        OBS,
        line=1,
        words="CSV UTF-8（逗号分隔）",
        most=1,
    ),
    Case("tab-separated", save_as(CAT, delimiter="\t"), "delimiter-error", CAT, line=1, words="制表符", most=1),
    Case(
        "every-file-of-a-package-broken",
        both(save_as("monitoring/media.csv", "gbk"), save_as(NET, delimiter=";")),
        "encoding-error",
        "monitoring/media.csv",
        most=2,
        only_file=False,
        not_words=("描述文件有误",),
    ),
    Case("semicolon-separated-gbk", save_as(PRJ, "gbk", delimiter=";"), "encoding-error", PRJ, words="GBK", most=1),
    # --- the descriptor ---
    Case(
        "broken-descriptor-json",
        replace_text("monitoring/datapackage.json", "{", "{,"),
        "invalid-json",
        "monitoring/datapackage.json",
        words="JSON",
        most=1,
    ),
    Case(
        "unknown-field-type",
        descriptor(
            "projects",
            lambda d: next(r for r in d["resources"] if r["name"] == "projects")["schema"]["fields"][4].__setitem__(
                "type", "nummber"
            ),
        ),
        "field-error",
        "projects/datapackage.json",
        words="描述文件有误",
        most=1,
    ),
    Case(
        "missing-descriptor",
        lambda d: d.path("tasks/datapackage.json").unlink(),
        "missing-descriptor",
        "tasks/datapackage.json",
        most=1,
    ),
    Case(
        "url-path",
        descriptor("indicators", set_path(1, "http://127.0.0.1:9/categories.csv")),
        "unsafe-path",
        "indicators/datapackage.json",
        field="path",
        words="is not safe",
        most=1,
    ),
    Case(
        "absolute-path",
        descriptor("indicators", set_path(1, "/etc/passwd")),
        "unsafe-path",
        "indicators/datapackage.json",
        field="path",
        words="is not safe",
        most=1,
    ),
    Case(
        "parent-path",
        descriptor("indicators", set_path(1, "../projects/categories.csv")),
        "unsafe-path",
        "indicators/datapackage.json",
        field="path",
        words="is not safe",
        most=1,
    ),
    Case(
        "inline-data-instead-of-a-file",
        descriptor(
            "monitoring",
            lambda d: d["resources"][0].pop("path") and d["resources"][0].__setitem__("data", [{"medium": "x"}]),
        ),
        "unsafe-path",
        "monitoring/datapackage.json",
        field="path",
        most=1,
    ),
    Case(
        "sub-folder-path",
        descriptor("tasks", set_path(0, "a/b.csv")),
        "unsafe-path",
        "tasks/datapackage.json",
        field="path",
        words="is not safe",
        most=1,
    ),
    # --- the report's own rules ---
    Case(
        "percentage-over-100",
        cell(OBS, "value", "120", indicator_id="public-transport-share", role="actual"),
        "percent-range",
        OBS,
        field="value",
        words="0 到 100",
    ),
    Case(
        "count-no-longer-matches",
        elsewhere(cell(ASM, "status", "on_track", indicator_id="public-transport-share")),
        "count-mismatch",
        "indicators/stated_counts.csv",
        field="count",
        only_file=False,
        most=6,
        check=lambda p, found: ("9" in p.message_zh and "8" in p.message_zh) or pytest.fail(p.message_zh),
    ),
    Case(
        "part-in-another-list",
        cell(IND, "list", "chapter", id="pollutant-reduction-cod"),
        "part-parent",
        IND,
        words="上级指标",
    ),
    Case(
        "part-of-a-part",
        cell(IND, "parent_id", "pollutant-reduction-nox", id="pollutant-reduction-cod"),
        "part-parent",
        IND,
        field="parent_id",
        words="一层",
    ),
    Case(
        "missing-assessment",
        elsewhere(lambda d: d.delete(ASM, indicator_id="cultivated-land")),
        "assessment-missing",
        ASM,
        field="indicator_id",
        only_file=False,
        check=_value("cultivated-land"),
    ),
    Case(
        "status-on-a-part",
        cell(ASM, "status", "exceeded", indicator_id="pollutant-reduction-nox"),
        "status-on-part",
        ASM,
        field="status",
        only_file=False,
    ),
    Case(
        "status-missing",
        cell(ASM, "status", "", indicator_id="pm25"),
        "status-missing",
        ASM,
        field="status",
        only_file=False,
    ),
    Case(
        "adjust-without-recommendation",
        cell(ASM, "recommendation_zh", "", indicator_id="forest-cover"),
        "recommendation-missing",
        ASM,
    ),
    Case(
        "recommendation-not-to-adjust",
        cell(ASM, "recommendation_kind", "delete", indicator_id="pm25"),
        "recommendation-unexpected",
        ASM,
    ),
    Case(
        "accelerate-without-reason",
        cell(ASM, "reason_zh", "", indicator_id="eqi"),
        "reason-missing",
        ASM,
        field="reason_zh",
    ),
    Case(
        "adjust-without-reason",
        cell(ASM, "reason_zh", "", indicator_id="grassland-vegetation-cover"),
        "reason-missing",
        ASM,
        field="reason_zh",
    ),
    Case(
        "reason-on-track",
        cell(ASM, "reason_zh", "原因", indicator_id="pm25"),
        "reason-unexpected",
        ASM,
        field="reason_zh",
        only_file=False,
    ),
    Case(
        "reason-without-english",
        cell(ASM, "reason_en", "", indicator_id="eqi"),
        "english-missing",
        ASM,
        field="reason_en",
        words="但 reason_zh 有内容",
    ),
    Case(
        "progress-mismatch",
        cell(ASM, "reported_progress_pct", "70", indicator_id="forest-stock"),
        "progress-mismatch",
        ASM,
        field="reported_progress_pct",
        words="discrepancies.csv",
        check=lambda p, found: "64.20" in p.message_zh or pytest.fail(p.message_zh),
    ),
    Case(
        "stale-discrepancy",
        elsewhere(cell(ASM, "reported_progress_pct", "95.84", indicator_id="pollutant-reduction-cod")),
        "stale-discrepancy",
        "indicators/discrepancies.csv",
        field="indicator_id",
        only_file=False,
    ),
    Case("empty-observation", cell(OBS, "value", "", indicator_id="pm25", role="actual"), "empty-observation", OBS),
    Case(
        "qualifier-without-value",
        cell(OBS, "qualifier", "≥", indicator_id="cultivated-land", role="target"),
        "qualifier-without-value",
        OBS,
        field="qualifier",
    ),
    Case(
        "cross-listing-own-list",
        cell("indicators/cross_listings.csv", "list", "main", indicator_id="non-fossil-energy-share"),
        "cross-listing",
        "indicators/cross_listings.csv",
        field="list",
        only_file=False,
        most=8,
    ),  # each stated count it changes is a separate fact
    Case(
        "task-count",
        elsewhere(lambda d: d.delete("tasks/major_tasks.csv", id=d.rows("tasks/major_tasks.csv")[0]["id"])),
        "count-mismatch",
        "tasks/stated_counts.csv",
        field="count",
        words="27",
        only_file=False,
    ),
    Case(
        "capacity-without-unit",
        first_with(PRJ, "capacity", lambda d, r: d.edit(PRJ, "capacity_unit", "", id=r["id"])),
        "unit-missing",
        PRJ,
        field="capacity_unit",
    ),
    Case(
        "chart-group-mixed-units",
        cell(FIG, "unit", "兆瓦", id="power-wind"),
        "chart-unit",
        FIG,
        field="unit",
        words="单位必须相同",
    ),
    Case(
        "english-twin-missing",
        cell(FIG, "item_en", "", id="power-wind"),
        "english-missing",
        FIG,
        field="item_en",
        words="但 item_zh 有内容",
    ),
] + [
    Case(
        f"formula-{i}",
        cell(OBS, "note_zh", formula, indicator_id="pm25", role="actual"),
        "constraint-error",
        OBS,
        field="note_zh",
        words="公式",
    )
    for i, formula in enumerate(['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)"])
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_mistake_is_refused_with_a_clear_message(data, case):
    returned = case.edit(data)
    line = case.line if case.line is not None else (returned if isinstance(returned, int) else None)
    found = validate_all(data.root)
    assert found, "the broken copy passed validation"
    text = "\n".join(map(str, found))
    matching = [p for p in found if p.error_type == case.error_type]
    assert matching, f"expected {case.error_type}, got:\n{text}"
    hits = [
        p
        for p in matching
        if p.file.endswith(case.file)
        and (line is None or p.row == line)
        and (case.field is None or p.field == case.field)
    ]
    assert hits, f"no {case.error_type} at {case.file}:{line} {case.field}; got:\n{text}"
    p = hits[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message_zh), p.message_zh
    if case.words:
        assert case.words in p.message_zh, p.message_zh
    for words in case.not_words:
        assert words not in text, text
    assert len(found) <= case.most, f"{len(found)} problems for one mistake:\n{text}"
    if case.only_file:
        assert all(q.file.endswith(case.file) for q in found), f"follow-on problems in other files:\n{text}"
    if case.check:
        case.check(p, found)


def test_the_published_data_is_valid():
    assert validate_all() == []


def test_byte_order_mark_from_excel_is_accepted(data):
    # Excel's "CSV UTF-8" adds a BOM; that is still UTF-8, so the file stays valid.
    path = data.path(CAT)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_all(data.root) == []


def test_every_message_names_file_line_field_value_and_type(data):
    line = data.edit(OBS, "value", "abc", indicator_id="pm25", role="actual")
    text = str(next(p for p in validate_all(data.root) if p.error_type == "type-error"))
    assert "indicators/observations.csv" in text
    assert f"第 {line} 行" in text and "字段「value」" in text and "值「abc」" in text and "[type-error]" in text


def test_a_url_path_is_refused_before_anything_is_fetched(data):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(data.path(CAT).read_bytes())

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        descriptor("indicators", set_path(1, f"http://127.0.0.1:{server.server_port}/categories.csv"))(data)
        found = validate_all(data.root)
    finally:
        server.shutdown()
    assert [p.error_type for p in found] == ["unsafe-path"], found
    assert requests == []


# --- rules that hold for every resource and column, so a new one is covered without anyone remembering it ---


def _descriptors():
    return {
        name: json.loads((DATAPACKAGES / name / "datapackage.json").read_text(encoding="utf-8"))
        for name in PACKAGE_NAMES
    }


def _string_fields():
    for package, d in _descriptors().items():
        for resource in d["resources"]:
            for f in resource["schema"]["fields"]:
                if f["type"] == "string":
                    yield package, resource, f


def test_descriptors_are_valid_data_package_v2():
    profile = json.loads((SPECS / "datapackage.json").read_text(encoding="utf-8"))
    for name, d in _descriptors().items():
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft7Validator(profile).iter_errors(d)]
        assert not errors, (name, errors)


def test_every_resource_fixes_the_dialect_to_comma_and_utf8():
    dialect_profile = json.loads((SPECS / "tabledialect.json").read_text(encoding="utf-8"))
    for name, d in _descriptors().items():
        for resource in d["resources"]:
            assert resource["encoding"] == "utf-8", (name, resource["name"])
            dialect = resource["dialect"]
            jsonschema.validate(dialect, dialect_profile)
            assert dialect["delimiter"] == "," and dialect["header"] is True, (name, resource["name"])
            # and frictionless reads it so, instead of guessing the separator
            assert open_package(name).get_resource(resource["name"]).dialect.to_descriptor()["csv"]["delimiter"] == ","


def test_every_free_text_field_has_a_maximum_length_and_a_known_pattern():
    for package, resource, f in _string_fields():
        c = f.get("constraints", {})
        where = f"{package}/{resource['name']}.{f['name']}"
        if "enum" in c:
            continue
        assert 0 < c.get("maxLength", 0) <= 2000, where
        assert c.get("pattern") in PATTERN_HINTS_ZH or "专栏" in c.get("pattern", ""), (
            f"{where}: pattern without a Chinese hint"
        )
        if f["name"].startswith("name_"):
            assert c["maxLength"] <= 200, where


def test_every_id_and_key_that_becomes_a_path_or_attribute_is_a_slug():
    descriptors = _descriptors()
    slugs = set()
    for package, resource, f in _string_fields():
        if f["name"] == "id" or f["name"].endswith("_id"):
            slugs.add((package, resource["name"], f["name"]))
    # A column that refers to a slug id is itself a slug (category, status, topic, chart_group …).
    for package, d in descriptors.items():
        for resource in d["resources"]:
            for key in resource["schema"].get("foreignKeys", []):
                target = key["reference"].get("resource") or resource["name"]
                fields = [key["fields"]] if isinstance(key["fields"], str) else key["fields"]
                refs = (
                    [key["reference"]["fields"]]
                    if isinstance(key["reference"]["fields"], str)
                    else key["reference"]["fields"]
                )
                for source, ref in zip(fields, refs, strict=False):
                    if (package, target, ref) in slugs:
                        slugs.add((package, resource["name"], source))
    assert len(slugs) > 20
    for package, resource, f in _string_fields():
        if (package, resource["name"], f["name"]) in slugs:
            pattern = f["constraints"]["pattern"]
            if (
                "专栏" in pattern
            ):  # a report section path (一(四)7(6)): escaped wherever shown, never a path; anchors are slugs
                continue
            assert pattern in (SLUG, f"{SLUG}(?:; {SLUG})*"), (package, resource["name"], f["name"])


def test_command_line_exit_codes_and_github_annotations(data):
    ok = subprocess.run(
        [sys.executable, "scripts/validate.py", "--root", str(data.root)], capture_output=True, text=True, cwd=ROOT
    )
    assert ok.returncode == 0, ok.stderr
    assert "通过" in ok.stdout
    line = data.edit(OBS, "value", "abc", indicator_id="pm25", role="actual")
    bad = subprocess.run(
        [sys.executable, "scripts/validate.py", "--root", str(data.root), "--github"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "::error file=" in bad.stdout and f"observations.csv,line={line}" in bad.stdout
    assert "第" in bad.stderr and "type-error" in bad.stderr


def test_broken_descriptor_never_shows_a_traceback(data):
    data.path("indicators/datapackage.json").write_text("{ not json", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "scripts/validate.py", "--root", str(data.root)], capture_output=True, text=True, cwd=ROOT
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "datapackage.json" in bad.stderr
