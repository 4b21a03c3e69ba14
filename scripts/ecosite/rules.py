"""The rules a Table Schema cannot express, checked across tables.

Each rule is a small function taking the loaded tables and yielding Problems.
Row numbers are CSV line numbers (header = line 1), as in the schema checks.
"""

from __future__ import annotations

from collections.abc import Iterator

from . import progress
from .derive import latest_observation, memberships
from .load import Tables
from .paths import rel
from .problems import Problem
from .values import empty


def check(tables: Tables) -> list[Problem]:
    found: list[Problem] = []
    for rule in RULES:
        found.extend(rule(tables))
    return found


def _line(index: int) -> int:
    return int(index) + 2


def _file(tables: Tables, package: str, resource: str) -> str:
    return rel(tables.csv_path(package, resource))


def stated_counts_match(t: Tables) -> Iterator[Problem]:
    ind, cross = t["indicators"]["indicators"], t["indicators"]["cross_listings"]
    assessed = memberships(ind, cross).merge(ind[["id", "nature"]], on="id")
    stated = t["indicators"]["stated_counts"]
    assessments = t["indicators"]["assessments"]
    for i, row in stated.iterrows():
        members = assessed[assessed["list"] == row["list"]].merge(
            assessments[assessments["source_id"] == row["source_id"]][["indicator_id", "status"]],
            left_on="id",
            right_on="indicator_id",
            how="left",
        )
        if not empty(row["status"]):
            members = members[members["status"] == row["status"]]
        if not empty(row["nature"]):
            members = members[members["nature"] == row["nature"]]
        if len(members) != row["count"]:
            what = "、".join(str(x) for x in (row["list"], row["status"], row["nature"]) if not empty(x))
            yield Problem(
                _file(t, "indicators", "stated_counts"),
                f"报告称「{what}」共 {row['count']} 项，但数据中只有 {len(members)} 项符合（请检查 indicators 与 assessments 中的清单、属性和评估结论）",
                "count-mismatch",
                _line(i),
                "count",
                str(row["count"]),
            )


def parts_belong_to_parent(t: Tables) -> Iterator[Problem]:
    ind = t["indicators"]["indicators"]
    by_id = ind.set_index("id")
    for i, row in ind[ind["parent_id"].notna()].iterrows():
        parent = by_id.loc[row["parent_id"]] if row["parent_id"] in by_id.index else None
        if parent is None:
            continue  # a dangling parent is a foreign-key error, reported by the schema check
        if row["parent_id"] == row["id"]:
            yield Problem(
                _file(t, "indicators", "indicators"),
                "指标不能是自己的分项",
                "part-parent",
                _line(i),
                "parent_id",
                row["parent_id"],
            )
        elif not empty(parent["parent_id"]):
            yield Problem(
                _file(t, "indicators", "indicators"),
                f"上级指标「{row['parent_id']}」本身也是分项：分项只能有一层",
                "part-parent",
                _line(i),
                "parent_id",
                row["parent_id"],
            )
        elif parent["list"] != row["list"] or parent["category_id"] != row["category_id"]:
            yield Problem(
                _file(t, "indicators", "indicators"),
                f"分项的清单（list）和类别（category_id）必须与上级指标「{row['parent_id']}」相同",
                "part-parent",
                _line(i),
                "list",
                row["list"],
            )


def one_assessment_per_source(t: Tables) -> Iterator[Problem]:
    ind, assessments = t["indicators"]["indicators"], t["indicators"]["assessments"]
    for source in assessments["source_id"].unique():
        have = set(assessments.loc[assessments["source_id"] == source, "indicator_id"])
        for _, row in ind.iterrows():
            if row["id"] not in have:
                yield Problem(
                    _file(t, "indicators", "assessments"),
                    f"指标「{row['id']}」（{row['name_zh']}）缺少来源「{source}」的评估结论：每个指标每次评估需要恰好一行",
                    "assessment-missing",
                    None,
                    "indicator_id",
                    row["id"],
                )
    parts = set(ind.loc[ind["parent_id"].notna(), "id"])
    for i, row in assessments.iterrows():
        is_part = row["indicator_id"] in parts
        if is_part and not empty(row["status"]):
            yield Problem(
                _file(t, "indicators", "assessments"),
                "分项指标不单独给评估结论（随上级指标），status 应留空",
                "status-on-part",
                _line(i),
                "status",
                row["status"],
            )
        if not is_part and empty(row["status"]):
            yield Problem(
                _file(t, "indicators", "assessments"),
                "缺少评估结论：status 应为 exceeded、on_track、accelerate 或 adjust",
                "status-missing",
                _line(i),
                "status",
                "",
            )
        adjust = row["status"] == "adjust"
        has_rec = not empty(row["recommendation_kind"]) or not empty(row["recommendation_zh"])
        if adjust and (empty(row["recommendation_kind"]) or empty(row["recommendation_zh"])):
            yield Problem(
                _file(t, "indicators", "assessments"),
                "结论为“建议调整”（adjust）的指标须写明 recommendation_kind 和 recommendation_zh",
                "recommendation-missing",
                _line(i),
                "recommendation_zh",
                "",
            )
        if has_rec and not adjust:
            yield Problem(
                _file(t, "indicators", "assessments"),
                "只有结论为“建议调整”（adjust）的指标才有调整建议",
                "recommendation-unexpected",
                _line(i),
                "recommendation_kind",
                row["recommendation_kind"],
            )


def percentages_in_range(t: Tables) -> Iterator[Problem]:
    ind, obs = t["indicators"]["indicators"], t["indicators"]["observations"]
    percent = set(ind.loc[ind["unit"] == "%", "id"])
    for i, row in obs.iterrows():
        if row["indicator_id"] in percent and not empty(row["value"]) and not 0 <= row["value"] <= 100:
            yield Problem(
                _file(t, "indicators", "observations"),
                "该指标单位是 %（比例），数值应在 0 到 100 之间",
                "percent-range",
                _line(i),
                "value",
                f"{row['value']:g}",
            )


def observations_say_something(t: Tables) -> Iterator[Problem]:
    obs = t["indicators"]["observations"]
    for i, row in obs.iterrows():
        if empty(row["value"]) and empty(row["value_text_zh"]):
            yield Problem(
                _file(t, "indicators", "observations"),
                "value 和 value_text_zh 都为空：至少填写一项",
                "empty-observation",
                _line(i),
                "value",
                "",
            )
        elif empty(row["value"]) and not empty(row["qualifier"]):
            yield Problem(
                _file(t, "indicators", "observations"),
                "有限定符（qualifier）却没有数值（value）",
                "qualifier-without-value",
                _line(i),
                "qualifier",
                row["qualifier"],
            )


def progress_matches_or_is_listed(t: Tables) -> Iterator[Problem]:
    """A stated progress % that does not follow from the numbers must be a listed discrepancy."""
    ind = t["indicators"]["indicators"].set_index("id")
    obs, assessments = t["indicators"]["observations"], t["indicators"]["assessments"]
    disc = t["indicators"]["discrepancies"]
    listed = set(disc.loc[disc["kind"] == "progress_mismatch", "indicator_id"].dropna())
    mismatched = set()
    # Observations grouped once by (indicator, source): filtering the whole table per assessment grows with
    # the square of the data.
    by_key = dict(tuple(obs.groupby(["indicator_id", "source_id"], sort=False)))
    none = obs.iloc[0:0]
    for i, row in assessments.iterrows():
        if empty(row["reported_progress_pct"]):
            continue
        mine = by_key.get((row["indicator_id"], row["source_id"]), none)
        baseline, actual, target = (latest_observation(mine, role) for role in ("baseline", "actual", "target"))
        recomputed = progress.recompute(
            ind.loc[row["indicator_id"], "progress_method"],
            *(None if o is None else o["value"] for o in (baseline, actual, target)),
        )
        if recomputed is None or progress.agrees(row["reported_progress_pct"], recomputed):
            continue
        mismatched.add(row["indicator_id"])
        if row["indicator_id"] not in listed:
            yield Problem(
                _file(t, "indicators", "assessments"),
                f"报告进度 {row['reported_progress_pct']:g}% 与按数据重算的 {recomputed:.2f}% 不符：请核对数值；若报告本身如此，请在 discrepancies.csv 中登记一条 kind=progress_mismatch 的记录",
                "progress-mismatch",
                _line(i),
                "reported_progress_pct",
                f"{row['reported_progress_pct']:g}",
            )
    for i, row in disc.iterrows():
        if (
            row["kind"] == "progress_mismatch"
            and not empty(row["indicator_id"])
            and row["indicator_id"] not in mismatched
        ):
            yield Problem(
                _file(t, "indicators", "discrepancies"),
                "登记为进度不符，但按现有数据重算已与报告进度一致（或报告未给进度）：请删除或更正这条记录",
                "stale-discrepancy",
                _line(i),
                "indicator_id",
                row["indicator_id"],
            )


def cross_listings_are_other_lists(t: Tables) -> Iterator[Problem]:
    ind = t["indicators"]["indicators"].set_index("id")
    cross = t["indicators"]["cross_listings"]
    for i, row in cross.iterrows():
        home = ind.loc[row["indicator_id"]] if row["indicator_id"] in ind.index else None
        if home is None:
            continue
        if home["list"] == row["list"]:
            yield Problem(
                _file(t, "indicators", "cross_listings"),
                f"指标本来就在「{row['list']}」清单中，不需要再列",
                "cross-listing",
                _line(i),
                "list",
                row["list"],
            )
        if not empty(home["parent_id"]):
            yield Problem(
                _file(t, "indicators", "cross_listings"),
                "分项指标不能单独列入另一清单",
                "cross-listing",
                _line(i),
                "indicator_id",
                row["indicator_id"],
            )


def positions_unique(t: Tables) -> Iterator[Problem]:
    ind, cross = t["indicators"]["indicators"], t["indicators"]["cross_listings"]
    members = memberships(ind, cross)
    dup = members[members.duplicated(["list", "position"], keep="first")]
    for _, row in dup.iterrows():
        yield Problem(
            _file(t, "indicators", "indicators"),
            f"清单「{row['list']}」中排序号 {row['position']} 被两个指标使用（含 cross_listings）",
            "position-duplicate",
            None,
            "position",
            str(row["position"]),
        )


def units_go_with_amounts(t: Tables) -> Iterator[Problem]:
    projects = t["projects"]["projects"]
    for i, row in projects.iterrows():
        for amount, unit in (("capacity", "capacity_unit"), ("investment", "investment_unit")):
            if not empty(row[amount]) and empty(row[unit]):
                yield Problem(
                    _file(t, "projects", "projects"),
                    f"填了 {amount} 却没有单位 {unit}",
                    "unit-missing",
                    _line(i),
                    unit,
                    "",
                )
            if empty(row[amount]) and not empty(row[unit]):
                yield Problem(
                    _file(t, "projects", "projects"),
                    f"填了单位 {unit} 却没有数值 {amount}",
                    "amount-missing",
                    _line(i),
                    amount,
                    "",
                )


def task_counts_match(t: Tables) -> Iterator[Problem]:
    stated = t["tasks"]["stated_counts"]
    for i, row in stated.iterrows():
        actual = len(t["tasks"][row["resource"]]) if row["resource"] in t["tasks"] else 0
        if actual != row["count"]:
            yield Problem(
                _file(t, "tasks", "stated_counts"),
                f"报告称共 {row['count']} 项，但 {row['resource']}.csv 中有 {actual} 行",
                "count-mismatch",
                _line(i),
                "count",
                str(row["count"]),
            )


def chart_groups_share_a_unit(t: Tables) -> Iterator[Problem]:
    figs = t["tasks"]["figures"]
    grouped = figs[figs["chart_group"].notna()]
    for group, rows in grouped.groupby("chart_group"):
        if rows["unit"].nunique() > 1:
            first = rows["unit"].iloc[0]
            for i, row in rows[rows["unit"] != first].iterrows():
                yield Problem(
                    _file(t, "tasks", "figures"),
                    f"同一图表分组「{group}」中的数字单位必须相同（该组其他数字的单位是「{first}」）",
                    "chart-unit",
                    _line(i),
                    "unit",
                    row["unit"],
                )


# What each rule checks, for the public validation report page.
RULE_TITLES_ZH = {
    "stated_counts_match": "按评估结论和属性统计的指标数与报告所述汇总数（stated_counts.csv）一致",
    "parts_belong_to_parent": "分项指标属于一个上级指标，清单和类别与上级相同，且只有一层",
    "one_assessment_per_source": "每个指标每次评估恰有一个结论；分项不单独评估；“建议调整”的指标写明建议",
    "percentages_in_range": "单位为 % 的数值在 0 到 100 之间",
    "observations_say_something": "每个观测值有数字或文字，限定符总跟着数字",
    "progress_matches_or_is_listed": "报告所述进度与按数据重算的进度一致，不一致处已登记为报告自相矛盾",
    "cross_listings_are_other_lists": "同时列入两个清单的指标只登记一次",
    "positions_unique": "同一清单中的排序号不重复",
    "units_go_with_amounts": "项目的规模和投资数值都有单位",
    "task_counts_match": "专栏、方面和主要任务的数量与报告所述一致",
    "chart_groups_share_a_unit": "画在同一张图中的关键数字单位相同",
}

RULES = [
    stated_counts_match,
    parts_belong_to_parent,
    one_assessment_per_source,
    percentages_in_range,
    observations_say_something,
    progress_matches_or_is_listed,
    cross_listings_are_other_lists,
    positions_unique,
    units_go_with_amounts,
    task_counts_match,
    chart_groups_share_a_unit,
]


# ---- Provenance: the report text is data (datapackages/report) -------------------------------------------

SECTION_COLUMNS = ("source_section", "sections", "section")


def sections_exist(t: Tables) -> Iterator[Problem]:
    """Every cited section is a heading path of the report (a foreign key across packages, which frictionless cannot check)."""
    from .reportdoc import split_sections

    known = set(t["report"]["sections"]["id"])
    for package, frames in t.frames.items():
        if package == "report":
            continue
        for resource, frame in frames.items():
            for column in (c for c in SECTION_COLUMNS if c in frame.columns):
                for i, value in frame[column].items():
                    for s in split_sections(value):
                        if s not in known:
                            yield Problem(
                                _file(t, package, resource),
                                f"报告中没有章节「{s}」（见 report/sections.csv 的 id）",
                                "section-unknown",
                                _line(i),
                                column,
                                s,
                            )


def numbers_in_sections(t: Tables) -> Iterator[Problem]:
    """Every number taken from the report is printed in a section it cites (derived values excepted)."""
    from .reportdoc import cited, number_in, section_texts

    texts = section_texts(t["report"]["sections"], t["report"]["lines"])
    stored = set(t["report"]["document"]["id"])
    for package, resource, line, value, secs in cited(t.frames):
        frame = t[package][resource]
        if "source_id" in frame.columns and frame.loc[line - 2, "source_id"] not in stored:
            continue  # from a report whose text is not in the repository (a later evaluation round)
        # Every cited section must print the value: a section that only mentions the matter is not its source.
        missing = [s for s in secs if s in texts and not number_in(texts[s], value)]
        if missing:
            yield Problem(
                _file(t, package, resource),
                f"数值 {value} 在所注明的报告章节 {'；'.join(missing)} 中找不到：请核对数值，或只注明印有该数值的章节",
                "number-not-in-section",
                line,
                "source_section",
                "; ".join(secs),
            )


RULE_TITLES_ZH.update(
    {
        "sections_exist": "每个“来源章节”都是评估报告原文（report 数据包）中的章节",
        "numbers_in_sections": "取自报告的每个数字都印在它注明的每个章节原文中",
    }
)
RULES += [sections_exist, numbers_in_sections]


# ---- Second pass (issue 10): each error class found once gets a rule -----------------------------------------

_ID_IN_TEXT = __import__("re").compile(r"(?<![A-Za-z0-9])[a-z][a-z0-9]*(?:-[a-z0-9]+){1,}(?![A-Za-z0-9])")


def discrepancy_references_exist(t: Tables) -> Iterator[Problem]:
    """discrepancy_id points to indicators/discrepancies (across packages); notes do not hide ids in their text."""
    from .reportdoc import split_sections

    known = set(t["indicators"]["discrepancies"]["id"])
    for package, resource in (("tasks", "figures"), ("monitoring", "network")):
        frame = t[package][resource]
        for i, row in frame.iterrows():
            for ref in split_sections(row.get("discrepancy_id")):
                if ref not in known:
                    yield Problem(
                        _file(t, package, resource),
                        f"discrepancies.csv 中没有 id 为「{ref}」的记录",
                        "discrepancy-unknown",
                        _line(i),
                        "discrepancy_id",
                        ref,
                    )
            note = row.get("note_zh")
            if isinstance(note, str) and _ID_IN_TEXT.search(note):
                yield Problem(
                    _file(t, package, resource),
                    "备注中写了标识符：请把不一致记录的 id 填入 discrepancy_id 列，备注只写说明",
                    "id-in-note",
                    _line(i),
                    "note_zh",
                    _ID_IN_TEXT.search(note).group(0),
                )


def projects_not_repeated(t: Tables) -> Iterator[Problem]:
    """One project, one row: names equal once 和/、/与/及 and punctuation are ignored, with a section in common."""
    import re

    projects = t["projects"]["projects"]
    seen: dict[str, tuple[str, set]] = {}
    for i, row in projects.iterrows():
        key = re.sub(r"[和与及、，,()（）\s]", "", row["name_zh"])
        sections = set(str(row["source_section"]).split("; "))
        if key in seen and seen[key][1] & sections:
            yield Problem(
                _file(t, "projects", "projects"),
                f"与项目「{seen[key][0]}」名称相同、章节相同：同一项目只登记一行",
                "project-duplicate",
                _line(i),
                "name_zh",
                row["name_zh"],
            )
        seen.setdefault(key, (row["id"], sections))


def figures_not_repeated(t: Tables) -> Iterator[Problem]:
    """The same value with the same unit from the same section is one figure, not two."""

    figs = t["tasks"]["figures"]
    for _, same in figs[figs["value"].notna()].groupby(["value", "unit", "source_section"]):
        rows = list(same.iterrows())
        # Only names that share a run of _RUN characters can be the same thing (see _same_thing), so each row
        # is compared with the earlier rows that share one of its _RUN-character pieces, not with all of them:
        # a group of many figures with one value costs about its size, not its square.
        earlier: dict[str, list[int]] = {}
        for k, (i, row) in enumerate(rows):
            name = row["item_zh"]
            pieces = {name[j : j + _RUN] for j in range(len(name) - _RUN + 1)}
            candidates = sorted({c for piece in pieces for c in earlier.get(piece, ())})
            for piece in pieces:
                earlier.setdefault(piece, []).append(k)
            # Small counts repeat by chance (two counties, each 5); the same thing shares most of its name.
            if not any(_same_thing(name, rows[c][1]["item_zh"]) for c in candidates):
                continue
            yield Problem(
                _file(t, "tasks", "figures"),
                "已有同一章节、同一数值和单位、名称相近的数字：同一个数字只登记一次（另一处的不同数值应另行登记并注明其章节）",
                "figure-duplicate",
                _line(i),
                "item_zh",
                row["item_zh"],
            )


_RUN = 8  # two names are the same thing only if they share a run of at least this many characters


def _same_thing(a: str, b: str) -> bool:
    import re
    from difflib import SequenceMatcher

    place = [re.match(r"^[^县区市]{1,4}[县区市]", x) for x in (a, b)]
    if (place[0] and place[0].group(0)) != (place[1] and place[1].group(0)):
        return False  # the same count in two counties is two figures
    run = SequenceMatcher(None, a, b).find_longest_match().size
    return run >= _RUN and run >= 0.7 * min(len(a), len(b))


def _wording(t: Tables):
    q = t["indicators"]["qualifiers"]
    before = sorted(
        (
            (w, s)
            for s, ws in zip(q["symbol"], q["before_zh"], strict=False)
            if isinstance(ws, str)
            for w in ws.split("、")
        ),
        key=lambda x: -len(x[0]),
    )
    after = sorted(
        (
            (w, s)
            for s, ws in zip(q["symbol"], q["after_zh"], strict=False)
            if isinstance(ws, str)
            for w in ws.split("、")
        ),
        key=lambda x: -len(x[0]),
    )
    return before, after


def qualifiers_follow_the_wording(t: Tables) -> Iterator[Problem]:
    """A value the report prints as 50余 / 90%以上 / 约163 carries the qualifier defined for that word in indicators/qualifiers."""
    import re

    from .reportdoc import number_spans, section_texts, split_sections, value_key

    texts = section_texts(t["report"]["sections"], t["report"]["lines"])
    before, after = _wording(t)
    for package, resource, column in (
        ("tasks", "figures", "value"),
        ("monitoring", "network", "count"),
        ("indicators", "observations", "value"),
    ):
        frame = t[package][resource]
        for i, row in frame.iterrows():
            if empty(row[column]) or ("derived" in frame.columns and row["derived"] is True):
                continue
            implied = []
            for s in split_sections(row["source_section"]):
                text = texts.get(s, "")
                for a, b in number_spans(text, value_key(row[column]), numerals=False):
                    tail = re.sub(r"^[%万亿千百]", "", text[b : b + 4])
                    found = next((sym for w, sym in before if text[:a].endswith(w)), None) or next(
                        (sym for w, sym in after if tail.startswith(w)), None
                    )
                    implied.append(found)
            words = {x for x in implied if x}
            q = None if empty(row["qualifier"]) else row["qualifier"]
            if q is not None and words and q not in words:
                yield Problem(
                    _file(t, package, resource),
                    f"报告在该数字旁的措辞对应限定符「{'、'.join(sorted(words))}」（见 indicators/qualifiers.csv），此处填的是「{q}」",
                    "qualifier-wording",
                    _line(i),
                    "qualifier",
                    q,
                )
            elif q is None and implied and None not in implied and len(words) == 1:
                yield Problem(
                    _file(t, package, resource),
                    f"报告每次都以限定措辞印出该数字（对应「{next(iter(words))}」，见 indicators/qualifiers.csv），限定符不能为空",
                    "qualifier-wording",
                    _line(i),
                    "qualifier",
                    "",
                )


def status_follows_the_wording(t: Tables) -> Iterator[Problem]:
    """A project's status code is what projects/status_wording says its status text means."""
    wording = t["projects"]["status_wording"].sort_values("position")
    pairs = list(zip(wording["wording_zh"], wording["status"], strict=False))
    projects = t["projects"]["projects"]
    for i, row in projects.iterrows():
        text = "" if empty(row["status_text_zh"]) else row["status_text_zh"]
        expected, word = next(((s, w) for w, s in pairs if w in text), ("other", None))
        if row["status"] != expected:
            why = f"状态原文含“{word}”" if word else "状态原文不含 status_wording.csv 中的任何措辞"
            yield Problem(
                _file(t, "projects", "projects"),
                f"{why}，按对照表应为「{expected}」",
                "status-wording",
                _line(i),
                "status",
                row["status"],
            )


RULE_TITLES_ZH.update(
    {
        "discrepancy_references_exist": "数字和监测记录所指的“报告不一致”记录存在（discrepancy_id），备注中不夹带标识符",
        "projects_not_repeated": "同名、同章节的项目只登记一次",
        "figures_not_repeated": "同一章节、同一数值和单位的关键数字只登记一次",
        "qualifiers_follow_the_wording": "限定符（≥ > ≤ < ≈）与报告在数字旁的措辞（以上、余、约……）一致，定义见 qualifiers.csv",
        "status_follows_the_wording": "项目状态代码按 status_wording.csv 由状态原文确定",
    }
)
RULES += [
    discrepancy_references_exist,
    projects_not_repeated,
    figures_not_repeated,
    qualifiers_follow_the_wording,
    status_follows_the_wording,
]


# ---- English edition (issue 12): every Chinese text has its English twin ---------------------------------------


def english_twin_present(t: Tables) -> Iterator[Problem]:
    """Wherever a column X_zh has a twin X_en, a filled Chinese cell needs the English, so no row appears untranslated.

    Loops over every table of every package, so a new *_zh/*_en pair is covered without a new rule.
    """
    for package, frames in t.frames.items():
        for resource, frame in frames.items():
            pairs = [
                (c, c[:-3] + "_en") for c in frame.columns if c.endswith("_zh") and c[:-3] + "_en" in frame.columns
            ]
            for zh, en in pairs:
                # Whole columns at once, then only the offending rows one by one.
                missing = (~frame[zh].map(empty) & frame[en].map(empty)).astype(bool)
                for i, value in frame.loc[missing, zh].items():
                    yield Problem(
                        _file(t, package, resource),
                        f"第 {_line(i)} 行的 {en} 为空，但 {zh} 有内容：请补上英文（用自己的话翻译，术语按 tasks/glossary.csv）",
                        "english-missing",
                        _line(i),
                        en,
                        str(value),
                    )


RULE_TITLES_ZH["english_twin_present"] = "每个有中文内容的文本列都有英文对应列的内容（*_zh 与 *_en）"
RULES += [english_twin_present]


# ---- The "why" (issue 9): a status that is not on track carries the report's reason ---------------------------

NEEDS_REASON = ("accelerate", "adjust")


def status_reason_given(t: Tables) -> Iterator[Problem]:
    """需加快推进 and 建议调整 say why (reason_zh, in our words, from the row's source_section); other statuses do not."""
    assessments = t["indicators"]["assessments"]
    for i, row in assessments.iterrows():
        needs = row["status"] in NEEDS_REASON
        if needs and empty(row["reason_zh"]):
            yield Problem(
                _file(t, "indicators", "assessments"),
                "结论为“需加快推进”或“建议调整”的指标须在 reason_zh 中用自己的话写明报告给出的原因",
                "reason-missing",
                _line(i),
                "reason_zh",
                "",
            )
        if not needs and not empty(row["reason_zh"]):
            yield Problem(
                _file(t, "indicators", "assessments"),
                "只有结论为“需加快推进”或“建议调整”的指标才写原因（reason_zh）",
                "reason-unexpected",
                _line(i),
                "reason_zh",
                row["reason_zh"],
            )


RULE_TITLES_ZH["status_reason_given"] = "“需加快推进”“建议调整”的指标写明报告给出的原因（reason_zh、reason_en）"
RULES += [status_reason_given]
