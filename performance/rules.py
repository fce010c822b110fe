"""Indicator rules from DESIGN.md "Rules", as pure functions of plain values (no database, no request).

Polarity, unit and frequency arguments are the string values of `Indicator.Polarity`, `Indicator.Unit` and
`Indicator.Frequency` (TextChoices compare equal to their strings).
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Protocol, TypeVar

from core.numbers import NumberLike, to_decimal
from core.presentation import add_months

HIGHER = "higher"
LOWER = "lower"
CONTEXT = "context"

# The DfE suppression markers an observation may carry instead of a value (DOMAIN.md section 3).
MISSING_MARKERS = ("c", "x", "z", "u", "low")

# A period's figure is due this many months after the period ends; later than that, the data is overdue.
REPORTING_MONTHS = 1
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}

# Observation.value holds 14 digits with 4 after the point.
MAX_DECIMAL_PLACES = 4
MAX_WHOLE_DIGITS = 10

# A comma is a thousands separator only between groups of three digits ("1,302", "12,345.5"); "17,5" (a decimal
# comma), "22,40" or "1,2,9,1" could mean two things and are refused rather than read as 175, 2240 or 1291.
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")


@dataclass(frozen=True)
class TargetMissed:
    """Why an indicator is red or amber: `shortfall` beyond the target (always positive), within `tolerance` or
    not (amber or red)."""

    shortfall: Decimal
    tolerance: Decimal
    within_tolerance: bool


@dataclass(frozen=True)
class IndicatorAssessment:
    """An indicator's colour for a period and why: `reasons` holds one `TargetMissed` exactly when it is red or
    amber."""

    rag: str | None
    reasons: tuple[TargetMissed, ...] = ()


def assess_indicator(
    polarity: str, value: NumberLike | None, target_value: NumberLike | None, tolerance: NumberLike | None
) -> IndicatorAssessment:
    """Green meets or beats the target; amber is worse by no more than the tolerance; red is beyond it.

    No colour for context indicators, a missing value or no target in force. A missing tolerance counts as zero.
    """
    if polarity not in (HIGHER, LOWER):
        return IndicatorAssessment(None)
    value_d, target_d = to_decimal(value), to_decimal(target_value)
    if value_d is None or target_d is None:
        return IndicatorAssessment(None)
    tolerance_d = to_decimal(tolerance) or Decimal(0)
    shortfall = target_d - value_d if polarity == HIGHER else value_d - target_d
    if shortfall <= 0:
        return IndicatorAssessment("green")
    within = shortfall <= tolerance_d
    return IndicatorAssessment("amber" if within else "red", (TargetMissed(shortfall, tolerance_d, within),))


def indicator_rag(
    polarity: str, value: NumberLike | None, target_value: NumberLike | None, tolerance: NumberLike | None
) -> str | None:
    """The colour of `assess_indicator`."""
    return assess_indicator(polarity, value, target_value, tolerance).rag


def direction(polarity: str, value: NumberLike | None, previous: NumberLike | None) -> str | None:
    """Direction of travel against the previous period.

    "better"/"worse"/"same" for indicators with a good direction; context indicators are only "up"/"down"/"same",
    because a rise in, say, contacts is neither good nor bad in itself. None when either value is missing.
    """
    value_d, previous_d = to_decimal(value), to_decimal(previous)
    if value_d is None or previous_d is None:
        return None
    if value_d == previous_d:
        return "same"
    went_up = value_d > previous_d
    if polarity == HIGHER:
        return "better" if went_up else "worse"
    if polarity == LOWER:
        return "worse" if went_up else "better"
    return "up" if went_up else "down"


class _Dated(Protocol):
    @property
    def effective_from(self) -> datetime.date: ...


T = TypeVar("T", bound=_Dated)


def target_in_force(targets: Iterable[T], period_end: datetime.date) -> T | None:
    """The target with the latest `effective_from` on or before `period_end`: the one a period is judged against.

    Judging each period against the target then in force is what keeps past colours fixed when a target changes.
    """
    best = None
    for target in targets:
        if target.effective_from <= period_end and (best is None or target.effective_from > best.effective_from):
            best = target
    return best


def period_end_after(day: datetime.date, months: int) -> datetime.date:
    """A period's end `months` later: a month end stays a month end (30 Nov + 1 month = 31 Dec, 28 Feb 2015 + 1 =
    31 Mar); any other day moves as `core.presentation.add_months` moves it (19 May + 1 = 19 Jun)."""
    later = add_months(day, months)
    return month_end(later) if day == month_end(day) else later


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# The months whose last day ends a period: quarters end with the financial year's quarters, years on 31 March.
PERIOD_END_MONTHS = {"monthly": range(1, 13), "quarterly": (3, 6, 9, 12), "annual": (3,)}


def is_period_end(frequency: str, day: datetime.date) -> bool:
    """Whether the entry grid's month end `day` ends one of this indicator's periods."""
    return day == month_end(day) and day.month in PERIOD_END_MONTHS.get(frequency, range(1, 13))


# A period end is plausible from 1990 (older figures are typing slips: 1899-12-31 is Excel's day zero) to the end of
# the period today falls in (9999-12-31 is a placeholder; 2062 a mistyped 2026).
EARLIEST_PERIOD_END = datetime.date(1990, 1, 1)


def current_period_end(frequency: str, today: datetime.date) -> datetime.date:
    """The end of the period that `today` falls in: the latest period end a figure can describe."""
    day = month_end(today)
    while not is_period_end(frequency, day):
        day = month_end(add_months(day, 1))
    return day


@functools.lru_cache(maxsize=16)
def latest_plausible_period_end(today: datetime.date) -> datetime.date:
    """The latest period end any figure can have today, whatever its frequency (cached: checked for every row
    written)."""
    return max(current_period_end(frequency, today) for frequency in PERIOD_END_MONTHS)


def plausible_range(
    start: datetime.date | None, end: datetime.date | None, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """The range from `start` to `end` (None: open on that side) narrowed to plausible period ends."""
    earliest, latest = EARLIEST_PERIOD_END, latest_plausible_period_end(today)
    return max(start or earliest, earliest), min(end or latest, latest)


def period_end_problem(day: datetime.date, *, latest: datetime.date) -> str | None:
    """Why `day` cannot be a period end (before 1990, after `latest`), or None."""
    if day < EARLIEST_PERIOD_END:
        return f"{day:%Y-%m-%d} is before 1990; check the year."
    if day > latest:
        return (
            f"{day:%Y-%m-%d} is after the end of the current period ({latest:%Y-%m-%d}); a figure cannot describe "
            "a period that has not happened yet. Check the year (a placeholder such as 9999-12-31 is not a date)."
        )
    return None


def data_due_by(frequency: str, latest_period_end: datetime.date) -> datetime.date:
    """The date by which the next period's figure should be in: the next period end plus the reporting allowance."""
    return period_end_after(latest_period_end, PERIOD_MONTHS.get(frequency, 1) + REPORTING_MONTHS)


def is_overdue(frequency: str, latest_period_end: datetime.date | None, as_at: datetime.date) -> bool:
    """Overdue data: the latest period is older than the indicator's frequency allows (or there is no data at all).

    Monthly: with September's figure the latest, data becomes overdue once November ends without October's.
    """
    if latest_period_end is None:
        return True
    return as_at > data_due_by(frequency, latest_period_end)


def parse_value(raw: object) -> tuple[Decimal | None, str, str | None]:
    """Read a typed or imported value: a number, or one of DfE's markers c/x/z/u (any case).

    Returns (value, missing_reason, error). Thousands separators are allowed ("3,617"), as spreadsheets show them,
    but only between groups of three digits.
    """
    if isinstance(raw, bool):
        return None, "", f"{raw!r} is not a number; give a number or one of c, x, z, u."
    if isinstance(raw, int | float | Decimal):
        number = Decimal(str(raw))
    else:
        text = "" if raw is None else str(raw).strip()
        if not text:
            return None, "", "A value is required: give a number or one of c, x, z, u for a missing figure."
        if text.lower() in MISSING_MARKERS:
            return None, text.lower(), None
        if "," in text and not _THOUSANDS.match(text):
            return None, "", _comma_error(text)
        try:
            number = Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None, "", f"'{text}' is not a number; give a number or one of c, x, z, u."
    if not number.is_finite():
        return None, "", f"'{raw}' is not a number; give a number or one of c, x, z, u."
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        return None, "", f"{raw} has more than {MAX_DECIMAL_PLACES} decimal places; round it."
    if abs(number) >= Decimal(10) ** MAX_WHOLE_DIGITS:
        return None, "", f"{raw} is too large; values must be below 10,000,000,000."
    # "1E+3" and "12.50" are stored and compared as the numbers they are.
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize(), "", None


def _comma_error(text: str) -> str:
    message = f"'{text}' is not a number as written: a comma can only separate thousands, as in 1,302."
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        message += f" For a decimal, write a point ({text.replace(',', '.')})."
    return message


def unit_error(unit: str, value: Decimal | None) -> str | None:
    """What is wrong with a value for an indicator of this unit, or None: percents 0-100, counts whole and not
    negative, rates and days not negative."""
    if value is None:
        return None
    if unit == "percent" and not (0 <= value <= 100):
        return f"{value} is not a percentage between 0 and 100."
    if unit == "count":
        if value < 0:
            return f"{value} is a negative count; counts cannot be below 0."
        if value != value.to_integral_value():
            return f"{value} is not a whole number; counts must be whole numbers."
    if unit in ("rate_per_10k", "days") and value < 0:
        return f"{value} is negative; this indicator cannot be below 0."
    return None


def derived_value(
    numerator: NumberLike | None, denominator: NumberLike | None, factor: NumberLike | None
) -> Decimal | None:
    """numerator / denominator x factor, rounded to the 4 places an observation stores; None without both inputs
    or with a zero denominator."""
    num, den, fac = to_decimal(numerator), to_decimal(denominator), to_decimal(factor)
    if num is None or den is None or fac is None or den == 0:
        return None
    return (num / den * fac).quantize(Decimal("0.0001"))


def per_10k(value: NumberLike | None, child_population: NumberLike | None) -> Decimal | None:
    """A count as a rate per 10,000 children (None without a population)."""
    if not child_population:
        return None
    return derived_value(value, child_population, 10_000)
