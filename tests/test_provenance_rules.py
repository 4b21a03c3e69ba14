"""The error classes found in the second pass over the data (issue 10), each with a fixture that
puts one such error back and the validator rule that must catch it."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from ecosite import rules
from ecosite.load import load_tables
from ecosite.paths import DATAPACKAGES
from report_text import full_text

RULE_OF = {
    "figure-duplicate": rules.figures_not_repeated,
    "project-duplicate": rules.projects_not_repeated,
    "discrepancy-unknown": rules.discrepancy_references_exist,
    "id-in-note": rules.discrepancy_references_exist,
    "number-not-in-section": rules.numbers_in_sections,
    "section-unknown": rules.sections_exist,
    "qualifier-wording": rules.qualifiers_follow_the_wording,
    "status-wording": rules.status_follows_the_wording,
}


def assert_problem(data, error_type, file, line, field):
    """Run only the rule concerned on the edited copy (the full validation, frictionless included, is
    exercised by tests/test_validation.py; running it per fixture here would add minutes)."""
    found = [p for p in RULE_OF[error_type](load_tables(data.root)) if p.error_type == error_type]
    hits = [p for p in found if p.file.endswith(file) and p.row == line and p.field == field]
    assert hits, f"no {error_type} at {file}:{line} {field}; got: " + "\n".join(map(str, found))
    assert re.search(r"[\u4e00-\u9fff]", hits[0].message_zh)


def test_every_rule_of_this_file_runs_in_the_validator():
    assert set(RULE_OF.values()) <= set(rules.RULES)


FIG = "tasks/figures.csv"
NET = "monitoring/network.csv"
OBS = "indicators/observations.csv"
PRJ = "projects/projects.csv"


def test_a_value_repeated_under_a_second_id(data):
    """big-publicity-events-alt once repeated 5 at 一(四)3(1) instead of the 7 of 一(四)6(2)."""
    data.edit(FIG, "value", "5", id="big-publicity-events-alt")
    line = data.edit(FIG, "source_section", "一(四)3(1)", id="big-publicity-events-alt")
    assert_problem(data, "figure-duplicate", FIG, line, "item_zh")


def test_the_same_project_twice(data):
    """fumin-gw-monitoring was fumin-hw-monitor-points again, with 和 for 、."""
    row = data.rows(PRJ)[data.find(PRJ, id="fumin-hw-monitor-points")]
    line = data.append(
        PRJ, dict(row, id="fumin-gw-monitoring", name_zh=row["name_zh"].replace("土壤、地下水", "土壤和地下水"))
    )
    assert_problem(data, "project-duplicate", PRJ, line, "name_zh")


@pytest.mark.parametrize("file,key", [(FIG, {"id": "green-factories-share"}), (NET, {"id": "m-soil-key-list"})])
def test_a_discrepancy_reference_that_does_not_exist(data, file, key):
    line = data.edit(file, "discrepancy_id", "a-d-green-factory-share", **key)
    assert_problem(data, "discrepancy-unknown", file, line, "discrepancy_id")


def test_a_discrepancy_id_hidden_in_a_note(data):
    line = data.edit(FIG, "note_zh", "按62/169计算约为36.7%,见a-d-green-factory-share", id="green-factories-share")
    assert_problem(data, "id-in-note", FIG, line, "note_zh")


@pytest.mark.parametrize(
    "file,sections,key",
    [
        (
            OBS,
            "一(二)1(4); 三(一)3",
            {"indicator_id": "forest-cover", "year": "2020"},
        ),  # 三(一)3 only says 低于2020年的数据
        (FIG, "一(三)专栏1(1); 一(四)3(3)", {"id": "major-sci-projects"}),  # 专栏1(1) says 等一系列, not 2
    ],
)
def test_a_cited_section_that_does_not_print_the_value(data, file, sections, key):
    line = data.edit(file, "source_section", sections, **key)
    assert_problem(data, "number-not-in-section", file, line, "source_section")


def test_a_section_the_report_does_not_have(data):
    line = data.edit(FIG, "source_section", "一(四)3(9)", id="major-sci-projects")
    assert_problem(data, "section-unknown", FIG, line, "source_section")


@pytest.mark.parametrize(
    "figure,qualifier",
    [
        ("software-copyrights", "≥"),  # 50余项: more than 50, not at least 50
        ("bio-day-news", ""),  # 60余条 printed with 余 every time
        ("mech-sweeping-core", ">"),
    ],
)  # 85%以上: at least 85
def test_qualifier_against_the_words_beside_the_number(data, figure, qualifier):
    line = data.edit(FIG, "qualifier", qualifier, id=figure)
    assert_problem(data, "qualifier-wording", FIG, line, "qualifier")


def test_qualifier_in_monitoring_against_the_words(data):
    line = data.edit(NET, "qualifier", "≥", id="m-medwaste-online")  # 5000多家
    assert_problem(data, "qualifier-wording", NET, line, "qualifier")


@pytest.mark.parametrize(
    "project,status",
    [
        ("yzh-smart-platform-rd", "other"),  # 持续推进 means under way, as for cxo-platform
        ("forest-fire-road", "approved"),  # funding received says nothing of approval
        ("yzh-green-farming", "other"),
    ],
)  # 实施
def test_status_against_its_wording(data, project, status):
    line = data.edit(PRJ, "status", status, id=project)
    assert_problem(data, "status-wording", PRJ, line, "status")


def test_every_discrepancy_kind_has_a_label_and_a_note():
    schema = json.loads((DATAPACKAGES / "indicators" / "datapackage.json").read_text(encoding="utf-8"))
    discrepancies = next(r for r in schema["resources"] if r["name"] == "discrepancies")
    field = next(f for f in discrepancies["schema"]["fields"] if f["name"] == "kind")
    described = {c["value"] for c in field["categories"] if c.get("label_zh") and c.get("description_zh")}
    assert set(field["constraints"]["enum"]) == described


SUMMARIES = [
    ("tasks/columns.csv", "summary_zh"),
    ("tasks/column_tasks.csv", "summary_zh"),
    ("tasks/areas.csv", "summary_zh"),
    ("tasks/major_tasks.csv", "summary_zh"),
    ("tasks/report_sections.csv", "summary_zh"),
]


@pytest.mark.parametrize("file,column", SUMMARIES)
def test_terms_in_our_summaries_are_the_reports_terms(file, column):
    """Our words around the facts, but the report's own terms: area7-5 once said 公检联动 where the report says 行刑联动."""
    report = full_text()
    wrong = []
    for _, row in pd.read_csv(DATAPACKAGES / file, dtype=str, keep_default_na=False).iterrows():
        terms = re.findall(r"“([^”]{2,})”", row[column]) + re.findall(r"[\u4e00-\u9fff]{2}联动", row[column])
        wrong += [f"{row.iloc[0]}: {t}" for t in terms if t not in report]
    assert not wrong, wrong


def test_stocks_that_must_not_shrink_are_ecological_security():
    """The classification rule on the methodology page: a protected stock (耕地保有量, 森林, 草原, 红线) is 生态安全."""
    ind = pd.read_csv(DATAPACKAGES / "indicators" / "indicators.csv", dtype=str, keep_default_na=False)
    stocks = ind[ind["name_zh"].str.contains("保有量|红线|森林|草原")]
    assert len(stocks) >= 5 and set(stocks["category_id"]) == {"eco_security"}, stocks[["id", "category_id"]]


def test_every_listed_vegetable_waste_site_is_recorded():
    """一(四)1(3) names four vegetable-waste disposers (四家); all four are projects, not two."""
    projects = pd.read_csv(DATAPACKAGES / "projects" / "projects.csv", dtype=str, keep_default_na=False)
    assert (projects["status_text_zh"] == "蔬菜废物处置工作有序开展").sum() == 4
