"""How things read on every page, export and report: the one place for each presentation rule.

- a person's name: `person_name` (full name, else the username);
- a value with its unit (`value_text`), a difference with its unit (`difference_text`: percentage points, "pp", for
  percentages) and a change between two dates (`change_text`: a relative change only where it means something);
- small trend lines: `sparkline_svg`;
- "did it get better": `colour_change` for RAG colours, `direction_word` for an indicator's direction of travel,
  with every word in `CHANGE_WORDS` / `DIRECTION_WORDS`;
- calendar arithmetic: `add_months`.

Formatting only: nothing here decides a colour or a direction (the rules modules do); template filters over these
live in `core.templatetags.ui`.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from core.numbers import Change, NumberLike, format_number, to_decimal
from core.rag import RAG_ORDER

# ---------------------------------------------------------------------------------------------------------- people


def person_name(user) -> str:
    """'Jo Bloggs', or the username for a user with no name; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.username


# ----------------------------------------------------------------------------------------------------------- units

# An indicator's unit (performance.Indicator.Unit values) and money: how a value shows it.
PERCENT, COUNT, RATE_PER_10K, DAYS, NUMBER, MONEY = "percent", "count", "rate_per_10k", "days", "number", "money"
# Counts are whole; rates per 10,000 always show one decimal, as DfE publishes them ("377.9", "104.0").
FIXED_PLACES = {COUNT: 0, RATE_PER_10K: 1}
UNIT_SUFFIXES = {PERCENT: "%", RATE_PER_10K: " per 10,000", DAYS: " days", COUNT: "", NUMBER: ""}
# The unit named in a column heading ("Change (pp)"), for exports whose cells are bare numbers.
UNIT_HEADINGS = {PERCENT: "%", RATE_PER_10K: "per 10,000 children", DAYS: "days", COUNT: "count", NUMBER: "number"}
DIFFERENCE_HEADINGS = {**UNIT_HEADINGS, PERCENT: "pp"}
# A relative change ("29%") is shown only where a ratio of two values means something; a change of a rate
# (a percentage or a rate per 10,000) is its difference alone, in its unit (DESIGN.md "Rules").
RELATIVE_CHANGE_UNITS = frozenset({COUNT, NUMBER, DAYS, MONEY})


def value_text(value: NumberLike | None, unit: str = "", places: int | None = None) -> str:
    """3617 -> '3,617'; 87.5 percent -> '87.5%'; '42.1 per 10,000'; '12 days'; '£1,250'; nothing -> ''."""
    number = to_decimal(value)
    if number is None:
        return ""
    if unit == MONEY:
        return "£" + format_number(number, 0 if number == number.to_integral_value() else 2)
    if places is None and unit in FIXED_PLACES:
        places = FIXED_PLACES[unit]
    shown = format_number(number, places)
    if unit == DAYS and abs(number) == 1:
        return f"{shown} day"
    return shown + UNIT_SUFFIXES.get(unit, "")


def difference_text(amount: NumberLike | None, unit: str = "", *, signed: bool = True) -> str:
    """A difference between two values in the values' unit: percentages in percentage points ('+0.4 pp'), never
    '%' (which would read as a relative change); others as the value ('-12', '+3.5 per 10,000')."""
    number = to_decimal(amount)
    if number is None:
        return ""
    sign = ("+" if number > 0 else "-" if number < 0 else "") if signed else ""
    if unit == PERCENT:
        return f"{sign}{format_number(abs(number))} pp"
    return sign + value_text(abs(number), unit)


def change_text(change: Change | None, unit: str = "") -> str:
    """The size of a change between two dates, as the seed papers print it: '1,052 (29%)' for a count; a rate's
    change is its difference alone: '0.4 pp' for a percentage, '5.2 per 10,000' for a rate."""
    if change is None:
        return ""
    size = difference_text(change.amount, unit, signed=False)
    percent = change.percent if unit in RELATIVE_CHANGE_UNITS or not unit else None
    return f"{size} ({abs(percent)}%)" if percent is not None else size


def relative_change(change: Change | None, unit: str = "") -> Decimal | None:
    """The whole-percent relative change where the unit allows one (see RELATIVE_CHANGE_UNITS), else None."""
    if change is None or not (unit in RELATIVE_CHANGE_UNITS or not unit):
        return None
    return change.percent


def heading(label: str, unit: str, *, difference: bool = False) -> str:
    """A column heading naming its unit: 'Value (%)', 'Change (pp)', 'Value (per 10,000 children)'."""
    names = DIFFERENCE_HEADINGS if difference else UNIT_HEADINGS
    return f"{label} ({names[unit]})" if unit in names else label


# ------------------------------------------------------------------------------------------ did it get better

# Every word for "did it get better" (a RAG colour's change, an indicator's direction of travel), in one place.
CHANGE_WORDS = {
    "better": "better",
    "worse": "worse",
    "same": "no change",
    "new": "newly rated",
    "unrated": "no longer rated",
}
# Issued report snapshots are frozen: those written before the words above stored the words themselves.
_STORED_BEFORE = {"no change": "same", "no longer rated": "unrated"}
DIRECTION_WORDS = {"better": "Better", "worse": "Worse", "same": "Same", "up": "Up", "down": "Down"}
DIRECTION_ARROWS = {"better": "▲", "worse": "▼", "up": "▲", "down": "▼", "same": "▶"}
_RANK = {colour: rank for rank, colour in enumerate(RAG_ORDER)}  # red 0 (worst) ... blue 3 (complete)


def colour_change(then: str | None, now: str | None) -> str:
    """How a RAG colour moved from `then` to `now`, by severity (red worst, complete best): 'better', 'worse',
    'same', 'new' (not rated before) or 'unrated' (no longer rated). Words: `change_word`."""
    if (then or None) == (now or None):
        return "same"
    if not then:
        return "new"
    if not now:
        return "unrated"
    return "better" if _RANK[now] > _RANK[then] else "worse"


def change_code(value: str) -> str:
    """A stored colour change as a code of `CHANGE_WORDS` (older snapshots hold the word itself)."""
    return _STORED_BEFORE.get(value, value)


def change_word(value: str) -> str:
    return CHANGE_WORDS.get(change_code(value), value)


def direction_word(direction: str | None) -> str:
    return DIRECTION_WORDS.get(direction or "", "")


# --------------------------------------------------------------------------------------------------------- words

# Names that keep their capital inside a sentence though the rest of the word is lower case.
PROPER_NOUNS = frozenset({"Ofsted", "England"})


def in_sentence(label: str) -> str:
    """A display label as it reads inside a sentence ("This {label}"): an ordinary first word loses its capital
    ('Joint targeted area inspection' -> 'joint targeted ...'); acronyms and names keep theirs ('DfE review',
    'LGA peer review', 'Ofsted focused visit'), which lower-casing the whole label would break ('dfe review')."""
    first, _, rest = str(label).partition(" ")
    if first[1:] == first[1:].lower() and first not in PROPER_NOUNS and not first[:1].isdigit():
        first = first[:1].lower() + first[1:]
    return f"{first} {rest}" if rest else first


# ------------------------------------------------------------------------------------------------------ sparklines

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 100, 24, 2


def sparkline_svg(values: Iterable[NumberLike | None], label: str = "", unit: str = "") -> SafeString | str:
    """The last periods as a small inline SVG line (no script), with a text alternative naming the first and last
    values with their unit; "" for fewer than two values."""
    numbers = [to_decimal(v) for v in values]
    shown = [n for n in numbers if n is not None]
    if len(shown) < 2:
        return ""
    floats = [float(n) for n in shown]
    low, high = min(floats), max(floats)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / (len(floats) - 1)
    points = [
        (SPARK_PAD + i * step, SPARK_HEIGHT - SPARK_PAD - (v - low) / span * (SPARK_HEIGHT - 2 * SPARK_PAD))
        for i, v in enumerate(floats)
    ]
    first, last = value_text(shown[0], unit), value_text(shown[-1], unit)
    description = f"{label} trend over {len(floats)} periods: {first} to {last}".strip()
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}">'
        '<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.2" fill="currentColor"/></svg>',
        SPARK_WIDTH,
        SPARK_HEIGHT,
        SPARK_WIDTH,
        SPARK_HEIGHT,
        description,
        format_html_join(" ", "{},{}", ((f"{x:.1f}", f"{y:.1f}") for x, y in points)),
        f"{points[-1][0]:.1f}",
        f"{points[-1][1]:.1f}",
    )


# ----------------------------------------------------------------------------------------------------------- dates


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), on the month's last day where that month is shorter:
    31 Jan + 1 month = 28 Feb (29 in a leap year); 29 Feb 2024 + 12 months = 28 Feb 2025 (as dateutil's
    relativedelta and the legal "calendar month" count)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
