"""Rows for CSV/XLSX downloads of the performance tables that are not django-tables2 tables (core.exports does the
file). Computed columns (colour, direction, change) are exported as words, as the pages show them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from core import presentation as shown
from core.rag import rag_label
from performance.models import Authority, Indicator
from performance.selectors import ChangeRow, ComparisonTable, PeriodRow


def _number(value):
    """Numbers stay numbers in the spreadsheet: whole ones as integers, others as decimals."""
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def periods_table(indicator: Indicator, rows: Sequence[PeriodRow], comparators: Sequence[Authority]):
    unit = indicator.unit
    headers = [
        "Period end",
        shown.heading("Value", unit),
        "Missing reason",
        shown.heading("Target", unit),
        shown.heading("Tolerance", unit, difference=True),
        "Colour",
        "Direction",
        "Note",
    ]
    per_10k = indicator.unit == Indicator.Unit.COUNT
    if per_10k:
        headers.append("Per 10,000 children")
    for authority in comparators:
        headers.append(shown.heading(authority.name, unit))
        if per_10k:
            headers.append(f"{authority.name} per 10,000 children")
    table = []
    for row in rows:
        line = [
            row.point.period_end,
            _number(row.point.value),
            row.point.missing_reason,
            _number(row.target.value) if row.target else "",
            _number(row.target.tolerance) if row.target else "",
            "" if indicator.is_context else rag_label(row.rag),
            shown.direction_word(row.direction),
            row.note,
        ]
        if per_10k:
            line.append(_number(row.per_10k))
        for n, point in enumerate(row.comparators):
            line.append((_number(point.value) if point.value is not None else point.missing_reason) if point else "")
            if per_10k:
                line.append(_number(row.comparators_per_10k[n]))
        table.append(line)
    return headers, table


def change_table(rows: Sequence[ChangeRow], old_date: datetime.date, new_date: datetime.date):
    headers = [
        "Indicator",
        f"Value at {old_date:%d/%m/%Y}",
        "Dated",
        f"Value at {new_date:%d/%m/%Y}",
        "Dated",
        "Unit",
        "Change (in the unit; pp for percentages)",
        "Percent change (counts only; not for rates)",
        "Change described",
        "Reduction or increase",
        "Better or worse",
    ]
    table = []
    for row in rows:
        table.append(
            [
                row.indicator.name,
                _number(row.old.value) if row.old else "",
                row.old.period_end if row.old else "",
                _number(row.new.value) if row.new else "",
                row.new.period_end if row.new else "",
                row.indicator.get_unit_display(),
                _number(row.change.amount) if row.change else "",
                _number(row.relative_percent) if row.relative_percent is not None else "",
                row.described,
                row.label,
                shown.direction_word(row.judgement),
            ]
        )
    return headers, table


def comparison_table(data: ComparisonTable):
    headers = ["Authority", "Measure", "Child population", *(d.isoformat() for d in data.periods)]
    if data.has_totals:
        headers.append("Total")
    table = []
    for line in data.lines:
        cells = [
            line.authority.name,
            "Per 10,000 children" if line.measure == "per_10k" else data.indicator.get_unit_display(),
            line.authority.child_population or "",
            *(_number(v) if v is not None else reason for v, reason in zip(line.values, line.reasons, strict=True)),
        ]
        if data.has_totals:
            cells.append(_number(line.total))
        table.append(cells)
    return headers, table
