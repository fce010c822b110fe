"""How indicator figures read on pages and in exports: the DfE markers beside `core.presentation`'s units and
words (the one place for those). Formatting only."""

from __future__ import annotations

from decimal import Decimal

from core import presentation as shown
from core.presentation import value_text
from performance import rules
from performance.models import Observation


def display_value(value: Decimal | None, unit: str = "", missing_reason: str = "") -> str:
    """3617 -> "3,617"; 87.5 percent -> "87.5%"; "42.1 per 10,000"; a DfE marker -> "c (suppressed)"; nothing -> ""."""
    if value is None:
        if missing_reason:
            return f"{missing_reason} ({Observation.MissingReason(missing_reason).label.split(' (')[0].lower()})"
        return ""
    return value_text(value, unit)


def display_point(point, unit: str = "") -> str:
    if point is None:
        return ""
    return display_value(point.value, unit, point.missing_reason)


def indicator_why(
    reasons: tuple[rules.TargetMissed, ...],
    *,
    value_text: str,
    target,
    tolerance,
    unit: str = "",
    gap_hidden: bool = False,
) -> str:
    """'129 against a target of 50 (tolerance 20): 79 worse than target', from the reason an indicator is red or
    amber; "" when it is neither. A percentage's target reads '50%' and its tolerance and distance in percentage
    points ('2 pp'). `value_text` is the figure as shown; with `gap_hidden` (a suppressed figure, whose distance
    from the target would give it away) the distance is left out."""
    if not reasons:
        return ""
    target_text = shown.value_text(target, unit)
    tolerance_text = (
        f" (tolerance {shown.difference_text(tolerance, unit, signed=False)})" if tolerance not in (None, "") else ""
    )
    gaps = ", ".join(
        "worse than target"
        if gap_hidden
        else f"{shown.difference_text(r.shortfall, unit, signed=False)} worse than target"
        for r in reasons
    )
    return f"{value_text} against a target of {target_text}{tolerance_text}: {gaps}"


def assessment_why(assessment: rules.IndicatorAssessment, value: Decimal | None, target, unit: str) -> str:
    """Why a period is red or amber, from `rules.assess_indicator`'s answer; "" when it is neither."""
    if target is None:
        return ""
    return indicator_why(
        assessment.reasons,
        value_text=value_text(value, unit),
        target=target.value,
        tolerance=target.tolerance,
        unit=unit,
    )
