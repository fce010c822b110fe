"""How indicator figures read on pages and in exports: the DfE markers beside `core.presentation`'s units and
words (the one place for those). Formatting only."""

from __future__ import annotations

from decimal import Decimal

from core.presentation import value_text
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
