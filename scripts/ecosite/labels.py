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
    "other": "其他",
}
# Colours chosen for contrast on white and dark backgrounds, and told apart without colour by the labels.
STATUS_COLOURS = {"exceeded": "#1a7f37", "on_track": "#0969da", "accelerate": "#bf8700", "adjust": "#cf222e"}
