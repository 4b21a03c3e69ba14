"""Words the site uses for the data's codes (vocabulary, not figures)."""

STATUS_ZH = {"exceeded": "超预期", "on_track": "符合预期", "accelerate": "需加快推进", "adjust": "建议调整"}
STATUS_ORDER = list(STATUS_ZH)
NATURE_ZH = {"binding": "约束性", "expected": "预期性"}
LIST_ZH = {"main": "主要指标", "chapter": "章节指标"}
ROLE_ZH = {
    "baseline": "基期值",
    "actual": "实际值",
    "target": "规划目标",
    "annual_target": "省级年度目标",
    "actual_adjusted": "扣除特定影响后",
    "reference": "参考值",
}
RECOMMENDATION_ZH = {"delete": "建议删除", "change_target": "建议调整目标", "rename": "建议调整指标名称"}
DISCREPANCY_KIND_ZH = {
    "conflicting_values": "同一数字前后不一",
    "progress_mismatch": "指标进度与数字不符",
    "percentage_mismatch": "百分比与数字不符",
    "total_mismatch": "合计与分项不符",
    "numbering": "编号错误",
    "period_mismatch": "同一时段给出不同的数",
    "status_vs_value": "评估结论与数值不相称",
    "double_listing": "两个清单重复计数",
    "duplicate_text": "同一段文字重复出现",
    "wording_slip": "文字漏字、多字",
    "other": "其他",
}
# What each kind means for a reader: an error of the report, or a matter of definition (shown on the audit page).
DISCREPANCY_KIND_NOTE_ZH = {
    "conflicting_values": "同一事项在不同章节写成不同数值。可能是笔误，也可能是统计时点或口径不同，报告没有说明；本站并列两处数值，不替报告取舍。",
    "progress_mismatch": "报告所写的完成进度与按它自己的数字计算的结果不符，属于计算或抄录错误。",
    "percentage_mismatch": "百分比与报告给出的分子、分母不符，属于计算错误，除非另有未写明的口径。",
    "total_mismatch": "合计与所列分项之和不等，或所称数目多于列出的名称：要么分项未列全，要么合计有误。",
    "numbering": "标题或条目编号跳号、倒序，属于排版错误，不影响数值。",
    "period_mismatch": "同一时段的同一类事项给出两个不同的数，可能一为累计、一为新增，报告没有交代，属于表述不清。",
    "status_vs_value": "数值已达到目标而结论仍是“符合预期”。对以达标或固定比例为目标的指标，保持达标即符合预期，这是口径选择而非错误；但判定规则未写明。",
    "double_listing": "同一指标在两个清单中各算一次，按清单合计时会重复，属于统计口径问题。",
    "duplicate_text": "同一段文字在两处重复出现，属于编辑疏漏，不影响数值。",
    "wording_slip": "漏字、多字或括号不全，属于文字错误，不影响数值。",
    "other": "不属于以上类型的问题，见各条说明。",
}
# Colours chosen for contrast on white and dark backgrounds, and told apart without colour by the labels.
STATUS_COLOURS = {"exceeded": "#1a7f37", "on_track": "#0969da", "accelerate": "#bf8700", "adjust": "#cf222e"}

# English labels for the same codes (issue 12). The terms follow datapackages/tasks/glossary.csv;
# tests/test_glossary.py checks that each label renders its Chinese twin as the glossary does.
STATUS_EN = {
    "exceeded": "Ahead of expectations",
    "on_track": "On track",
    "accelerate": "Needs acceleration",
    "adjust": "Adjustment proposed",
}
NATURE_EN = {"binding": "Binding", "expected": "Expected"}
LIST_EN = {"main": "Main indicators", "chapter": "Chapter indicators"}
ROLE_EN = {
    "baseline": "Baseline",
    "actual": "Actual value",
    "target": "Plan target",
    "annual_target": "Provincial annual target",
    "actual_adjusted": "Excluding specific effects",
    "reference": "Reference value",
}
RECOMMENDATION_EN = {
    "delete": "Proposed for removal",
    "change_target": "Adjustment proposed: target",
    "rename": "Adjustment proposed: indicator name",
}
DISCREPANCY_KIND_EN = {
    "conflicting_values": "Same figure given differently",
    "progress_mismatch": "Progress does not match the figures",
    "percentage_mismatch": "Percentage does not match the figures",
    "total_mismatch": "Total does not match its parts",
    "numbering": "Numbering error",
    "period_mismatch": "Two numbers for the same period",
    "status_vs_value": "Conclusion does not fit the value",
    "double_listing": "Counted in two lists",
    "duplicate_text": "Same passage printed twice",
    "wording_slip": "Missing or extra characters",
    "other": "Other",
}
DISCREPANCY_KIND_NOTE_EN = {
    "conflicting_values": "The same matter is given different values in different sections. It may be a slip, or a different date or basis that the report does not explain; we show both values and do not choose between them.",
    "progress_mismatch": "The completion progress the report gives does not match the result of its own figures: an error of calculation or copying.",
    "percentage_mismatch": "The percentage does not match the numerator and denominator the report gives: a calculation error, unless there is an unstated basis.",
    "total_mismatch": "A total differs from the sum of the listed parts, or more items are claimed than are named: either the parts are incomplete or the total is wrong.",
    "numbering": "Headings or items skip numbers or run backwards: a layout error that does not affect the values.",
    "period_mismatch": "Two different numbers are given for the same kind of thing in the same period, perhaps one cumulative and one new; the report does not say, so the wording is unclear.",
    "status_vs_value": "The value has reached the target yet the conclusion is still “on track”. For indicators whose target is compliance or a fixed share, staying compliant counts as on track; that is a choice of basis, not an error, but the rule is not stated.",
    "double_listing": "The same indicator is counted once in each of two lists, so totals over the lists count it twice: a question of statistical basis.",
    "duplicate_text": "The same passage appears in two places: an editing slip that does not affect the values.",
    "wording_slip": "Missing or extra characters or an unclosed bracket: a text error that does not affect the values.",
    "other": "A problem of none of the kinds above; see each entry.",
}
COUNTY_EN = {
    "五华区": "Wuhua District",
    "盘龙区": "Panlong District",
    "官渡区": "Guandu District",
    "西山区": "Xishan District",
    "呈贡区": "Chenggong District",
    "晋宁区": "Jinning District",
    "东川区": "Dongchuan District",
    "安宁市": "Anning City",
    "富民县": "Fumin County",
    "宜良县": "Yiliang County",
    "石林县": "Shilin County",
    "嵩明县": "Songming County",
    "禄劝县": "Luquan County",
    "寻甸县": "Xundian County",
    "滇中新区": "Dianzhong New Area",
    "高新区": "High-tech Zone",
    "经开区": "Economic and Technological Development Zone",
    "阳宗海": "Yangzonghai Scenic Area",
    "度假区": "Dianchi Resort",
}

# sources.kind: what sort of evaluation a report is (the home cards say which one they come from)
SOURCE_KIND_ZH = {"mid_term": "中期评估", "final": "终期评估", "annual": "年度评估", "other": "评估"}
SOURCE_KIND_EN = {
    "mid_term": "Mid-term evaluation",
    "final": "Final evaluation",
    "annual": "Annual evaluation",
    "other": "Evaluation",
}
