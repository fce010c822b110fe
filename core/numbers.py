"""Number formatting and change arithmetic, as the committee papers show them (DESIGN.md "Rules")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeAlias

# What a value can arrive as: a model's Decimal, a Python number, or text from a form or a file.
NumberLike: TypeAlias = Decimal | int | float | str


def to_decimal(value: NumberLike | None) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_half_away(value: Decimal, places: int = 0) -> Decimal:
    """Round half away from zero (Decimal's ROUND_HALF_UP is symmetric about zero)."""
    exponent = Decimal(1).scaleb(-places)
    return value.quantize(exponent, rounding=ROUND_HALF_UP)


def money_text(value: Decimal | None) -> str:
    """'£1,700,000' or '£1,250.50'; no value is 'not set' rather than £0."""
    if value is None:
        return "not set"
    if value == value.to_integral_value():
        return f"£{value:,.0f}"
    return f"£{value:,.2f}"


def format_number(value: NumberLike | None, places: int | None = None) -> str:
    """Thousands separators; whole numbers without decimals; otherwise up to `places` (default 1) decimals."""
    number = to_decimal(value)
    if number is None:
        return ""
    if places is None:
        places = 0 if number == number.to_integral_value() else 1
    rounded = round_half_away(number, places)
    return f"{rounded:,.{places}f}"


@dataclass(frozen=True)
class Change:
    old: Decimal
    new: Decimal

    @property
    def amount(self) -> Decimal:
        return self.new - self.old

    @property
    def percent(self) -> Decimal | None:
        """Percent change to whole percent, rounded half away from zero; None when the old value is zero."""
        if self.old == 0:
            return None
        return round_half_away(self.amount / self.old * 100)

    @property
    def direction(self) -> str:
        if self.amount < 0:
            return "reduction"
        if self.amount > 0:
            return "increase"
        return "no change"


def change(old: NumberLike | None, new: NumberLike | None) -> Change | None:
    old_d, new_d = to_decimal(old), to_decimal(new)
    if old_d is None or new_d is None:
        return None
    return Change(old_d, new_d)
