"""Each data rule: one fixture with exactly that mistake, and the message an editor would see.

Every case asserts the file, the CSV line, the field and the error type the
validator reports, and that the message is in Chinese.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ecosite.paths import ROOT
from ecosite.validate import validate_all

OBS = "indicators/observations.csv"
IND = "indicators/indicators.csv"
ASM = "indicators/assessments.csv"


def problems_of(data, error_type):
    found = validate_all(data.root)
    assert found, "the broken copy passed validation"
    matching = [p for p in found if p.error_type == error_type]
    assert matching, f"expected {error_type}, got: " + "\n".join(map(str, found))
    return matching


def assert_problem(data, error_type, file, line=None, field=None, words=None):
    matching = problems_of(data, error_type)
    hits = [p for p in matching if p.file.endswith(file) and (line is None or p.row == line) and (field is None or p.field == field)]
    assert hits, f"no {error_type} at {file}:{line} {field}; got: " + "\n".join(map(str, matching))
    if words:
        assert words in hits[0].message_zh, hits[0].message_zh
    return hits[0]


def test_the_published_data_is_valid():
    assert validate_all() == []


def test_wrong_type(data):
    line = data.edit(OBS, "value", "二十", indicator_id="pm25", role="actual")
    p = assert_problem(data, "type-error", OBS, line, "value", "数字")
    assert p.value == "二十"


def test_number_with_unit_typed_in(data):
    line = data.edit(OBS, "value", "20.5微克", indicator_id="pm25", role="actual")
    assert_problem(data, "type-error", OBS, line, "value")


def test_unknown_status(data):
    line = data.edit(ASM, "status", "done", indicator_id="pm25")
    assert_problem(data, "constraint-error", ASM, line, "status", "exceeded")


def test_duplicate_name(data):
    line = data.edit(IND, "name_zh", "耕地保有量", id="forest-cover")
    assert_problem(data, "unique-error", IND, line, "name_zh", "重复")


def test_duplicate_observation_is_a_primary_key_error(data):
    row = data.rows(OBS)[data.find(OBS, indicator_id="pm25", role="actual")]
    line = data.append(OBS, row)
    assert_problem(data, "primary-key", OBS, line)


def test_dangling_foreign_key(data):
    line = data.edit(OBS, "indicator_id", "pm-25", indicator_id="pm25", role="actual")
    assert_problem(data, "foreign-key", OBS, line, words="不存在")


def test_unknown_category_is_a_dangling_key(data):
    line = data.edit(IND, "category_id", "green", id="pm25")
    assert_problem(data, "foreign-key", IND, line)


def test_percentage_over_100(data):
    line = data.edit(OBS, "value", "120", indicator_id="public-transport-share", role="actual")
    assert_problem(data, "percent-range", OBS, line, "value", "0 到 100")


def test_empty_required_field(data):
    line = data.edit(IND, "name_zh", "", id="pm25")
    assert_problem(data, "constraint-error", IND, line, "name_zh", "必填")


@pytest.mark.parametrize("formula", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"])
def test_formula_like_text_is_refused(data, formula):
    line = data.edit(OBS, "note_zh", formula, indicator_id="pm25", role="actual")
    assert_problem(data, "constraint-error", OBS, line, "note_zh", "公式")


def test_count_no_longer_matches_the_report(data):
    data.edit(ASM, "status", "on_track", indicator_id="public-transport-share")
    p = assert_problem(data, "count-mismatch", "indicators/stated_counts.csv", field="count")
    assert "9" in p.message_zh and "8" in p.message_zh


def test_broken_descriptor_json(data):
    path = data.path("monitoring/datapackage.json")
    path.write_text(path.read_text(encoding="utf-8").replace('"resources"', '"resources" ', 1).replace("{", "{,", 1), encoding="utf-8")
    assert_problem(data, "invalid-json", "monitoring/datapackage.json", words="JSON")


def test_descriptor_with_unknown_field_type(data):
    path = data.path("projects/datapackage.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    d["resources"][-1]["schema"]["fields"][4]["type"] = "nummber"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    found = validate_all(data.root)
    assert any(p.file.endswith("projects/datapackage.json") and "描述文件有误" in p.message_zh for p in found), found


def test_missing_csv_file(data):
    data.path("indicators/milestones.csv").unlink()
    assert_problem(data, "scheme-error", "indicators/milestones.csv", words="找不到")


def test_missing_descriptor(data):
    data.path("tasks/datapackage.json").unlink()
    assert_problem(data, "missing-descriptor", "tasks/datapackage.json")


def test_id_with_capitals_and_spaces(data):
    line = data.edit(IND, "id", "PM 2.5", id="pm25")
    assert_problem(data, "constraint-error", IND, line, "id", "标识符")


def test_bad_date(data):
    line = data.edit("indicators/milestones.csv", "date", "2023/09/15", id="plan-issued")
    assert_problem(data, "type-error", "indicators/milestones.csv", line, "date", "YYYY-MM-DD")


def test_bad_year_month(data):
    line = data.edit("indicators/sources.csv", "published", "2024年11月", id="eval-2024")
    assert_problem(data, "type-error", "indicators/sources.csv", line, "published", "YYYY-MM")


def test_bad_boolean(data):
    line = data.edit(OBS, "derived", "是", indicator_id="pm25", role="actual")
    assert_problem(data, "type-error", OBS, line, "derived", "true")


def test_extra_cell_from_an_unquoted_comma(data):
    path = data.path(OBS)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3] + ",多出来的"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_problem(data, "extra-cell", OBS, 4, words="逗号")


def test_missing_cell(data):
    path = data.path("indicators/categories.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].rsplit(",", 1)[0]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_problem(data, "missing-cell", "indicators/categories.csv", 3)


def test_renamed_header(data):
    path = data.path(OBS)
    path.write_text(path.read_text(encoding="utf-8").replace("value_text_zh", "文字", 1), encoding="utf-8")
    assert_problem(data, "incorrect-label", OBS, 1, words="表头")


def test_byte_order_mark_from_excel_is_accepted(data):
    # Excel's "CSV UTF-8" adds a BOM; that is still UTF-8, so the file stays valid.
    path = data.path("indicators/categories.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validate_all(data.root) == []


def test_file_saved_as_gbk(data):
    path = data.path("indicators/categories.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    found = validate_all(data.root)
    assert any(p.file.endswith("categories.csv") and p.error_type == "encoding-error" and "UTF-8" in p.message_zh for p in found), found


def test_blank_row(data):
    path = data.path("indicators/categories.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, ",,,,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_problem(data, "blank-row", "indicators/categories.csv", 4)


def test_negative_count(data):
    first = data.rows("monitoring/network.csv")[0]
    line = data.edit("monitoring/network.csv", "count", "-3", id=first["id"])
    assert_problem(data, "constraint-error", "monitoring/network.csv", line, "count", "最小值")


def test_full_width_brackets_in_section(data):
    line = data.edit(OBS, "source_section", "一（二）1（2）", indicator_id="pm25", role="actual")
    assert_problem(data, "constraint-error", OBS, line, "source_section", "半角括号")


def test_unknown_county(data):
    first = data.rows("projects/projects.csv")[0]
    line = data.edit("projects/projects.csv", "county", "北京市", id=first["id"])
    assert_problem(data, "constraint-error", "projects/projects.csv", line, "county")


def test_part_in_a_different_list_from_its_parent(data):
    line = data.edit(IND, "list", "chapter", id="pollutant-reduction-cod")
    assert_problem(data, "part-parent", IND, line, words="上级指标")


def test_part_of_a_part(data):
    line = data.edit(IND, "parent_id", "pollutant-reduction-nox", id="pollutant-reduction-cod")
    assert_problem(data, "part-parent", IND, line, "parent_id", "一层")


def test_missing_assessment(data):
    data.delete(ASM, indicator_id="cultivated-land")
    p = assert_problem(data, "assessment-missing", ASM, field="indicator_id")
    assert p.value == "cultivated-land"


def test_status_given_to_a_part(data):
    line = data.edit(ASM, "status", "exceeded", indicator_id="pollutant-reduction-nox")
    assert_problem(data, "status-on-part", ASM, line, "status")


def test_status_missing_on_an_indicator(data):
    line = data.edit(ASM, "status", "", indicator_id="pm25")
    assert_problem(data, "status-missing", ASM, line, "status")


def test_adjust_without_recommendation(data):
    line = data.edit(ASM, "recommendation_zh", "", indicator_id="forest-cover")
    assert_problem(data, "recommendation-missing", ASM, line)


def test_recommendation_on_an_indicator_not_to_adjust(data):
    line = data.edit(ASM, "recommendation_kind", "delete", indicator_id="pm25")
    assert_problem(data, "recommendation-unexpected", ASM, line)


def test_reported_progress_that_does_not_follow_from_the_numbers(data):
    line = data.edit(ASM, "reported_progress_pct", "70", indicator_id="forest-stock")
    p = assert_problem(data, "progress-mismatch", ASM, line, "reported_progress_pct", "discrepancies.csv")
    assert "64.20" in p.message_zh


def test_a_fixed_mismatch_leaves_a_stale_discrepancy(data):
    data.edit(ASM, "reported_progress_pct", "95.84", indicator_id="pollutant-reduction-cod")
    assert_problem(data, "stale-discrepancy", "indicators/discrepancies.csv", field="indicator_id")


def test_observation_with_neither_number_nor_text(data):
    line = data.edit(OBS, "value", "", indicator_id="pm25", role="actual")
    assert_problem(data, "empty-observation", OBS, line)


def test_qualifier_without_value(data):
    line = data.edit(OBS, "qualifier", "≥", indicator_id="cultivated-land", role="target")
    assert_problem(data, "qualifier-without-value", OBS, line, "qualifier")


def test_cross_listing_into_its_own_list(data):
    line = data.edit("indicators/cross_listings.csv", "list", "main", indicator_id="non-fossil-energy-share")
    assert_problem(data, "cross-listing", "indicators/cross_listings.csv", line, "list")


def test_task_count_no_longer_matches_the_report(data):
    first = data.rows("tasks/major_tasks.csv")[0]
    data.delete("tasks/major_tasks.csv", id=first["id"])
    assert_problem(data, "count-mismatch", "tasks/stated_counts.csv", field="count", words="27")


def test_capacity_without_unit(data):
    rows = data.rows("projects/projects.csv")
    target = next(r for r in rows if r["capacity"])
    line = data.edit("projects/projects.csv", "capacity_unit", "", id=target["id"])
    assert_problem(data, "unit-missing", "projects/projects.csv", line, "capacity_unit")


def test_every_message_names_file_line_field_value_and_type(data):
    line = data.edit(OBS, "value", "abc", indicator_id="pm25", role="actual")
    text = str(problems_of(data, "type-error")[0])
    assert "datapackages/indicators/observations.csv" in text or "indicators/observations.csv" in text
    assert f"第 {line} 行" in text and "字段「value」" in text and "值「abc」" in text and "[type-error]" in text


def test_command_line_exit_codes_and_github_annotations(data):
    ok = subprocess.run([sys.executable, "scripts/validate.py", "--root", str(data.root)], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "通过" in ok.stdout
    line = data.edit(OBS, "value", "abc", indicator_id="pm25", role="actual")
    bad = subprocess.run([sys.executable, "scripts/validate.py", "--root", str(data.root), "--github"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert f"::error file=" in bad.stdout and f"observations.csv,line={line}" in bad.stdout
    assert "第" in bad.stderr and "type-error" in bad.stderr


def test_broken_descriptor_never_shows_a_traceback(data):
    data.path("indicators/datapackage.json").write_text("{ not json", encoding="utf-8")
    bad = subprocess.run([sys.executable, "scripts/validate.py", "--root", str(data.root)], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr and "datapackage.json" in bad.stderr


def test_chart_group_with_mixed_units(data):
    line = data.edit("tasks/figures.csv", "unit", "兆瓦", id="power-wind")
    assert_problem(data, "chart-unit", "tasks/figures.csv", line, "unit", "单位必须相同")


def test_line_break_inside_a_cell(data):
    line = data.edit(OBS, "note_zh", "第一行\n第二行", indicator_id="pm25", role="actual")
    assert_problem(data, "constraint-error", OBS, line, "note_zh", "换行")
