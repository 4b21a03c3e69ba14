"""A data problem, told in words a bureau editor can act on.

Every problem names the file, the row (the line number in the CSV, header = 1),
the field, the bad value and what is wrong, in Chinese, with the machine error
type in English in brackets.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    message_zh: str
    error_type: str
    row: int | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.field:
            where.append(f"字段「{self.field}」")
        if self.value is not None:
            where.append(f"值「{_short(self.value)}」")
        return f"{'，'.join(where)}：{self.message_zh} [{self.error_type}]"

    def github_annotation(self) -> str:
        """One `::error` line, so GitHub shows the problem on the CSV line."""
        loc = f"file={self.file}"
        if self.row is not None:
            loc += f",line={self.row}"
        text = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error {loc},title={self.error_type}::{text}"


def _short(value: str, limit: int = 60) -> str:
    value = str(value).replace("\n", "⏎")
    return value if len(value) <= limit else value[: limit - 1] + "…"


class DataInvalid(Exception):
    """Raised when validation finds problems; carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} 个数据问题")


# What each error type means and how to fix it; the contributor guide shows this table,
# and a test checks that every type the validator can report is explained here.
HELP_ZH: dict[str, tuple[str, str]] = {
    "type-error": (
        "单元格的类型不对，例如数字列里写了汉字或单位、全角数字（２０２３）、千分位逗号（1,234）、NaN 或 inf，日期写成了 2023/09/15。",
        "数字只写半角数字（单位写在 unit 列，没有数值就留空），日期写 YYYY-MM-DD，年月写 YYYY-MM，是否写 true/false。",
    ),
    "constraint-error": (
        "单元格违反了这一列的约束：必填却为空、不在允许的取值中、格式不对、太长、超出范围、前后有空格，或以 = + - @ 开头。",
        "按提示改正；允许的取值和长度上限列在数据字典中。",
    ),
    "unique-error": ("这一列的值必须唯一，但与另一行重复。", "改成不重复的值，或删除重复的那一行。"),
    "primary-key": (
        "同一条记录写了两次（标识这一行的列与另一行完全相同）。",
        "删除重复行，或改正标识列（如 id、indicator_id + year + role）。",
    ),
    "foreign-key": (
        "引用了另一张表中不存在的值，例如 indicator_id 拼错了。",
        "改正拼写，或先在被引用的表中加上这一行。",
    ),
    "missing-cell": ("这一行的单元格比表头少。", "补上漏掉的逗号；空值也要保留逗号。"),
    "extra-cell": (
        "这一行的单元格比表头多，通常是文本里用了英文逗号。",
        "把含逗号的文本整个用英文双引号括起来，或改用中文逗号“，”。",
    ),
    "blank-row": ("文件中有空行。", "删除空行。"),
    "incorrect-label": (
        "表头（第一行）与数据包描述不一致。",
        "不要修改、增删或调换列名；要加列请联系维护人员同时修改 datapackage.json。",
    ),
    "missing-label": ("表头少了列。", "同上。"),
    "extra-label": ("表头多了列。", "同上。"),
    "duplicate-label": ("表头中有重复的列名。", "同上。"),
    "blank-label": ("表头中有空列名。", "同上。"),
    "scheme-error": ("找不到数据包中列出的文件。", "文件被删除、改名或移动了：恢复原名，或同时修改 datapackage.json。"),
    "source-error": ("文件无法读取。", "检查文件是否完整、是否为 CSV 文本。"),
    "encoding-error": (
        "文件不是 UTF-8 编码（Excel 默认另存为 GBK；“Unicode 文本”是 UTF-16）。",
        "在 GitHub 网页编辑器中修改；或在 Excel 中选择“CSV UTF-8（逗号分隔）”另存。",
    ),
    "delimiter-error": (
        "列之间用分号或制表符分隔，而不是英文逗号（Excel 在某些地区设置下另存为“CSV”时如此）。",
        "在 Excel 中选择“CSV UTF-8（逗号分隔）”另存，或在 GitHub 网页编辑器中修改。",
    ),
    "empty-file": ("CSV 文件是空的，连表头都没有。", "撤销这次修改，或从仓库历史中恢复文件。"),
    "unsafe-path": (
        "datapackage.json 中表的 path 不是本文件夹里的 CSV 文件名（网址、绝对路径或含 ..）。校验不会去读取这样的路径。",
        "path 只写文件名，如 categories.csv；撤销对 datapackage.json 的修改，并联系维护人员。",
    ),
    "invalid-json": (
        "datapackage.json 不是有效的 JSON。",
        "按提示的行列检查漏掉的逗号、引号或括号；不确定时请撤销修改。",
    ),
    "missing-descriptor": ("数据包缺少 datapackage.json。", "恢复该文件。"),
    "package-error": ("datapackage.json 的结构有误。", "撤销对 datapackage.json 的修改，并联系维护人员。"),
    "resource-error": ("datapackage.json 中某张表的描述有误。", "同上。"),
    "schema-error": ("datapackage.json 中某张表的表结构有误。", "同上。"),
    "field-error": ("datapackage.json 中某一列的定义有误（如类型名拼错）。", "同上。"),
    "count-mismatch": (
        "数据统计出的数量与报告所述汇总数不一致（如超预期指标应为 9 项）。",
        "检查 assessments.csv 中的 status、indicators.csv 中的 list 和 nature；或任务表的行数。",
    ),
    "part-parent": (
        "分项指标与上级指标不匹配：分项只能有一层，清单和类别须与上级相同。",
        "改正 parent_id、list 或 category_id。",
    ),
    "assessment-missing": (
        "某个指标缺少某次评估的结论：每个指标每次评估要有恰好一行。",
        "在 assessments.csv 中补上这一行。",
    ),
    "status-missing": ("指标缺少评估结论。", "填写 exceeded、on_track、accelerate 或 adjust。"),
    "status-on-part": ("分项指标填了评估结论；分项随上级指标，不单独评估。", "清空该行的 status。"),
    "recommendation-missing": ("“建议调整”的指标没有写调整建议。", "填写 recommendation_kind 和 recommendation_zh。"),
    "recommendation-unexpected": ("不是“建议调整”的指标却写了调整建议。", "清空建议，或把结论改为 adjust。"),
    "reason-missing": (
        "“需加快推进”或“建议调整”的指标没有写原因。",
        "在 reason_zh 中用自己的话概述报告给出的原因（并填 reason_en），source_section 写给出原因的章节。",
    ),
    "reason-unexpected": (
        "不是“需加快推进”或“建议调整”的指标却写了原因。",
        "清空 reason_zh 和 reason_en，或改正结论。",
    ),
    "percent-range": ("单位为 % 的数值不在 0 到 100 之间。", "检查是否多打了数字或小数点位置不对。"),
    "empty-observation": ("观测值既没有数字也没有文字。", "填写 value 或 value_text_zh，或删除这一行。"),
    "qualifier-without-value": ("填了限定符（≥、≈ 等）却没有数值。", "填写 value，或清空 qualifier。"),
    "progress-mismatch": (
        "报告所述进度百分比与按数据重算的结果不符。",
        "先核对数值；若报告本身如此，在 discrepancies.csv 中登记一条 progress_mismatch。",
    ),
    "stale-discrepancy": (
        "登记为“进度不符”的记录已不再成立（数字已一致）。",
        "删除或更正 discrepancies.csv 中这一行。",
    ),
    "cross-listing": ("跨清单登记有误：指标已在该清单中，或是分项指标。", "改正或删除 cross_listings.csv 中这一行。"),
    "position-duplicate": ("同一清单中两个指标用了相同的排序号。", "改正 position。"),
    "unit-missing": ("填了规模或投资数值却没有单位。", "填写对应的单位列。"),
    "amount-missing": ("填了单位却没有数值。", "填写数值，或清空单位。"),
    "chart-unit": ("同一图表分组中的数字单位不同，无法画在一张图里。", "改正单位，或把该数字移出这个图表分组。"),
    "section-unknown": (
        "来源章节在报告原文（report/sections.csv）中不存在，例如编号写错。",
        "对照网站“评估报告原文”页面改正章节写法。",
    ),
    "number-not-in-section": (
        "数值没有印在所注明的报告章节中：数值有误，或注明了只提到此事而没有这个数字的章节。",
        "核对报告原文；只注明印有该数值的章节。",
    ),
    "discrepancy-unknown": (
        "discrepancy_id 指向的不一致记录在 discrepancies.csv 中不存在。",
        "改正拼写，或先在 discrepancies.csv 中登记这条记录。",
    ),
    "id-in-note": (
        "备注里写了标识符（如 “见 xxx-yyy”），校验无法检查它是否存在。",
        "把 id 填到 discrepancy_id 列，备注只写说明。",
    ),
    "project-duplicate": ("同一项目登记了两行（名称相同、章节相同）。", "删除重复的一行。"),
    "figure-duplicate": (
        "同一章节的同一个数字登记了两次。",
        "删除重复行；若另一章节给出不同数值，登记那个数值和章节，并在 discrepancies.csv 中记录。",
    ),
    "qualifier-wording": (
        "限定符与报告在数字旁的措辞不符（如“50余项”应为 >，“90%以上”应为 ≥）。",
        "按 indicators/qualifiers.csv 的对照填写限定符。",
    ),
    "english-missing": (
        "中文列（*_zh）有内容，对应的英文列（*_en）却是空的；英文版网站会缺这段文字。",
        "在同一行的 *_en 列用自己的话写出英文（不要照抄报告原文），术语按 tasks/glossary.csv 的统一译法；不会翻译时请联系维护人员。",
    ),
    "status-wording": (
        "项目状态代码与状态原文的措辞不符。",
        "按 projects/status_wording.csv 的对照填写 status；新的措辞请先加入对照表。",
    ),
    "label-missing": (
        "datapackage.json 中某个字段新增了允许的取值，却没有写它的中文和英文名称（网页上要显示名称）。",
        "在该字段的 categories 中为这个取值写上 label（英文）和 label_zh（中文）；不确定时请联系维护人员。",
    ),
}
