"""Every value has provenance: each number in the data appears in the report section it cites,
and the summaries are our own words, not the report's sentences."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from ecosite.paths import DATAPACKAGES
from ecosite.reportdoc import CITED_NUMBERS, anchor, page, split
from report_text import full_text, number_in, sections

NUMBERS = [
    ("tasks/figures.csv", "value", None),
    ("monitoring/network.csv", "count", None),
    ("projects/projects.csv", "capacity", None),
    ("projects/projects.csv", "investment", None),
    ("indicators/observations.csv", "value", lambda f: f["derived"] == "false"),
    ("indicators/assessments.csv", "reported_progress_pct", None),
    ("indicators/plan.csv", "start_year", None),
    ("indicators/plan.csv", "end_year", None),
    ("indicators/stated_counts.csv", "count", None),
    ("tasks/stated_counts.csv", "count", None),
]


def _rows(file: str) -> pd.DataFrame:
    return pd.read_csv(DATAPACKAGES / file, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("file,column,keep", NUMBERS, ids=[f"{f}:{c}" for f, c, _ in NUMBERS])
def test_every_number_is_in_the_section_it_cites(file, column, keep):
    text = sections()
    rows = _rows(file)
    if keep is not None:
        rows = rows[keep(rows)]
    missing = []
    for line, row in rows.iterrows():
        if not row[column]:
            continue
        cited = row["source_section"].split("; ")
        unknown = [s for s in cited if s not in text]
        assert not unknown, f"{file} line {line + 2}: section {unknown} is not in the report"
        if not any(number_in(text[s], row[column]) for s in cited):
            missing.append(f"line {line + 2}: {row[column]} not found in {cited}")
    assert not missing, f"{file}: " + "; ".join(missing)


def test_the_list_covers_every_cited_number_column():
    """The pipeline (marks, rule) and this test read the same list of cited number columns."""
    assert {(f"{p}/{r}.csv", c) for p, r, c, _ in CITED_NUMBERS} == {(f, c) for f, c, _ in NUMBERS}


def test_stored_sections_follow_from_the_stored_text():
    """sections.csv and lines.section_id are what the splitter makes of lines.csv (nothing edited by hand)."""
    lines = _rows("report/lines.csv")
    stored = _rows("report/sections.csv")
    found, owner = split(lines["text_zh"].tolist())
    assert owner == lines["section_id"].tolist()
    assert [s.id for s in found] == stored["id"].tolist()
    assert [s.parent_id or "" for s in found] == stored["parent_id"].tolist()
    assert [page(s.id) for s in found] == stored["page"].tolist()
    assert [anchor(s.id) for s in found] == stored["anchor"].tolist()


def test_report_document_is_attributed():
    doc = _rows("report/document.csv").iloc[0]
    assert doc["publisher_zh"] == "昆明市生态环境局" and doc["published"] == "2024-11" and doc["licence_note_zh"]
    assert doc["title_zh"] in full_text() and doc["dated_zh"] in full_text()


def test_integer_is_not_read_out_of_a_decimal():
    assert (
        not number_in("较2020年提高2.9个百分点", "2")
        and number_in("提高2.0个百分点", "2")
        and number_in("1,120,751.19元", "1120751.19")
    )


def test_discrepancy_sections_exist():
    text = sections()
    for _, row in _rows("indicators/discrepancies.csv").iterrows():
        for s in row["sections"].split("; "):
            assert s in text, (row["id"], s)


SUMMARIES = [
    ("tasks/columns.csv", "summary_zh"),
    ("tasks/column_tasks.csv", "summary_zh"),
    ("tasks/areas.csv", "summary_zh"),
    ("tasks/major_tasks.csv", "summary_zh"),
    ("tasks/report_sections.csv", "summary_zh"),
    ("indicators/assessments.csv", "recommendation_zh"),
    ("indicators/assessments.csv", "reason_zh"),
    ("indicators/discrepancies.csv", "description_zh"),
]
RUN = 25  # characters; names of documents and places in 《》 or “” are facts and may be quoted


@pytest.mark.parametrize("file,column", SUMMARIES)
def test_summaries_are_our_own_words(file, column):
    report = full_text()
    copied = []
    for _, row in _rows(file).iterrows():
        own = re.sub(r"《[^》]*》|“[^”]*”", "□", row[column])
        runs = [
            own[i : i + RUN]
            for i in range(max(0, len(own) - RUN + 1))
            if "□" not in own[i : i + RUN] and own[i : i + RUN] in report
        ]
        if runs:
            copied.append(f"{row.iloc[0]}: “{runs[0]}…”")
    assert not copied, copied
