"""How far an indicator has come: the arithmetic, kept in one place.

Used by the validator (to compare with the report's stated %) and by the pages.
"""

from __future__ import annotations

from decimal import Decimal

from .values import number


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
