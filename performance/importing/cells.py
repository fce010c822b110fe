"""One cell of an import as a number or a period end, refusing what could mean two things (CONVENTIONS.md 18)."""

from __future__ import annotations

import contextlib
import datetime
import re
from decimal import Decimal

from performance import rules
from performance.importing.readers import Formula, Percent

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RECALCULATE = "open and save the file in Excel (Excel then stores the calculated values), then upload it again"


def text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal | float) and cell == int(cell):
        return str(int(cell))
    return str(cell).strip()


def number(cell, *, unit: str | None) -> tuple[Decimal | None, str, str | None]:
    """(value, missing reason, error) as `rules.parse_value`, for a cell as read from a file.

    A Percent-formatted cell is read as the person sees it (0.875 shown as 87.5%) for a percent indicator, and
    refused for any other unit, where neither 0.875 nor 87.5 is surely what was meant."""
    if isinstance(cell, Formula):
        return None, "", f"The cell holds a formula with no calculated value: {RECALCULATE}."
    if isinstance(cell, Percent):
        if unit is not None and unit != "percent":
            return (
                None,
                "",
                f"The cell is formatted as a percentage (it shows {cell}) but this indicator is not a percentage; "
                "format the cell as a plain number.",
            )
        return rules.parse_value(cell.shown)
    if isinstance(cell, datetime.date):
        return None, "", f"The cell holds a date ({cell:%Y-%m-%d}), not a number; format the cell as a number."
    return rules.parse_value(cell)


def period_end(cell, *, latest: datetime.date) -> tuple[datetime.date | None, str | None]:
    """(date, error). Only a plausible date is a period end: from 1990 to the end of the current period."""
    if isinstance(cell, Formula):
        return None, f"The cell holds a formula with no calculated value: {RECALCULATE}."
    if isinstance(cell, datetime.datetime):
        if cell.time() != datetime.time(0):
            return None, (
                f"{cell:%Y-%m-%d %H:%M} has a time of day. A time can mean the date was moved by a time zone "
                f"(midnight on the 31st saved as 23:00 on the 30th), so give the date alone: format the cell as a "
                "date without a time, or type it as YYYY-MM-DD."
            )
        day = cell.date()
    elif isinstance(cell, datetime.date):
        day = cell
    else:
        shown = text(cell)
        typed: datetime.date | None = None
        if _DATE.match(shown):
            with contextlib.suppress(ValueError):
                typed = datetime.date.fromisoformat(shown)
        if typed is None:
            return None, f"'{shown}' is not a date in YYYY-MM-DD form." if shown else "A period end date is required."
        day = typed
    if problem := rules.period_end_problem(day, latest=latest):
        return None, problem
    return day, None
