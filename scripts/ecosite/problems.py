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
