"""How far an indicator has come: the arithmetic, kept in one place.

Used by the validator (to compare with the report's stated %) and by the pages.
"""

from __future__ import annotations

from decimal import Decimal

from .values import number

METHOD_ZH = {
    "from_baseline": "（最新值 − 基期值）÷（目标值 − 基期值）",
    "share_of_target": "最新值 ÷ 目标值",
    "target_met": "比较最新值与目标值，判断是否已达到目标",
    "none": "报告未给出可计算的数值目标，不计算进度",
}


def recompute(method: str, baseline, actual, target) -> float | None:
    """Progress in percent, or None when the method or the numbers do not allow it."""
    baseline, actual, target = number(baseline), number(actual), number(target)
    if method == "from_baseline" and None not in (baseline, actual, target) and target != baseline:
        return (actual - baseline) / (target - baseline) * 100
    if method == "share_of_target" and None not in (actual, target) and target != 0:
        return actual / target * 100
    return None


def meets_target(direction: str, actual, target) -> bool | None:
    actual, target = number(actual), number(target)
    if actual is None or target is None:
        return None
    return actual >= target if direction == "higher_better" else actual <= target


def agrees(reported, recomputed) -> bool:
    """True when the recomputed % rounds to the reported one at the report's precision."""
    reported, recomputed = number(reported), number(recomputed)
    if reported is None or recomputed is None:
        return True
    decimals = max(0, -Decimal(str(reported)).normalize().as_tuple().exponent)
    return abs(recomputed - reported) <= 0.5 * 10 ** (-decimals) + 1e-9
