"""Small-number suppression: published children's data must not let a reader identify a child, so a report may
show counts below a threshold as "<N" (fewer than N) everywhere it shows them: tables, the change table, charts.

Only counts are suppressed (a rate or percentage is not a number of children). Comparators' counts are
suppressed too: the rule is about the figure, not whose it is.
"""

from __future__ import annotations

from core.numbers import to_decimal
from core.presentation import value_text
from performance.models import Indicator, Observation


class Suppressor:
    def __init__(self, threshold: int | None):
        self.threshold = threshold or None

    @property
    def note(self) -> str:
        if not self.threshold:
            return ""
        return f"Counts below {self.threshold} are shown as “<{self.threshold}” (fewer than {self.threshold})."

    def hides(self, indicator: Indicator, value) -> bool:
        number = to_decimal(value)
        return bool(
            self.threshold and number is not None and indicator.unit == Indicator.Unit.COUNT and number < self.threshold
        )

    def show(self, indicator: Indicator, value, missing_reason: str = "") -> tuple[str, bool]:
        """(text to show, whether it is suppressed)."""
        if value is None:
            if missing_reason:
                return Observation.MissingReason(missing_reason).label, False
            return "", False
        if self.hides(indicator, value):
            return f"<{self.threshold}", True
        return value_text(value, indicator.unit), False
