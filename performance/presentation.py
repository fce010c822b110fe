"""How indicator figures read on pages and in exports: units, DfE markers, direction words. Formatting only."""

from __future__ import annotations

from decimal import Decimal

from core.numbers import format_number
from performance.models import Observation

DIRECTION_WORDS = {
    "better": "Better",
    "worse": "Worse",
    "same": "Same",
    "up": "Up",
    "down": "Down",
}
DIRECTION_ARROWS = {"better": "▲", "worse": "▼", "up": "▲", "down": "▼", "same": "▶"}


def display_value(value: Decimal | None, unit: str = "", missing_reason: str = "") -> str:
    """3617 -> "3,617"; 87.5 percent -> "87.5%"; a DfE marker -> "c (suppressed)"; nothing -> ""."""
    if value is None:
        if missing_reason:
            return f"{missing_reason} ({Observation.MissingReason(missing_reason).label.split(' (')[0].lower()})"
        return ""
    places = None if unit == "count" or value == value.to_integral_value() else 1
    shown = format_number(value, places)
    return f"{shown}%" if unit == "percent" else shown


def display_point(point, unit: str = "") -> str:
    if point is None:
        return ""
    return display_value(point.value, unit, point.missing_reason)


def direction_word(direction: str | None) -> str:
    return DIRECTION_WORDS.get(direction or "", "")


def display_gap(gap: Decimal | None, unit: str = "") -> str:
    """Distance from target with its sign: "+12" or "-3.5%"."""
    if gap is None:
        return ""
    sign = "+" if gap > 0 else "-" if gap < 0 else ""
    return sign + display_value(abs(gap), unit)
