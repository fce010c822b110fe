"""Section 5 of a committee report, impact: the change table between the baseline and current dates and each
indicator's colour against its target, with small numbers suppressed; the charts are drawn in `charts.py`."""

from __future__ import annotations

import datetime

from core import presentation
from improvement.models import CommitteeReport
from improvement.reports.charts import chart_series, compares_counts, indicator_charts
from improvement.reports.snapshot import ChangeRow, ImpactSection, IndicatorRow
from improvement.reports.suppression import Suppressor
from improvement.reports.why import long_date
from performance import selectors as performance_selectors
from performance.populations import Populations
from performance.presentation import indicator_why


def short_date(day: datetime.date) -> str:
    """'19/05/15', as the seed papers head their change tables."""
    return f"{day:%d/%m/%y}"


def impact_content(report: CommitteeReport, suppressor: Suppressor) -> ImpactSection:
    indicators = list(report.indicators.order_by("order", "code"))
    authority = performance_selectors.home_authority()
    if authority is None or not indicators:
        return {"rows": [], "indicators": [], "charts": [], "change_heading": "Change"}
    baseline, current = report.baseline_date, report.current_date
    changes = performance_selectors.change_rows(indicators, authority=authority, old_date=baseline, new_date=current)
    statuses = performance_selectors.indicator_statuses(indicators, authority=authority, as_at=current)
    rows = [_change_row(row, suppressor) for row in changes]
    directions = {r["direction"] for r in rows if r["direction"]}
    change_heading = {"reduction": "Reduction", "increase": "Increase"}.get(
        next(iter(directions)) if len(directions) == 1 else "", "Change"
    )
    comparators = performance_selectors.comparator_authorities(authority)
    series = chart_series(indicators, [authority, *comparators], baseline, current)
    # Child populations (one query) only where counts are compared across councils and so drawn per 10,000.
    compared = any(compares_counts(i, comparators, series) for i in indicators)
    populations = Populations([authority, *comparators]) if compared else None
    return {
        "baseline_short": short_date(baseline),
        "current_short": short_date(current),
        "change_heading": change_heading,
        "mixed_directions": change_heading == "Change",
        "rows": rows,
        "indicators": [_status_row(status, suppressor) for status in statuses],
        "charts": [
            chart
            for status in statuses
            for chart in indicator_charts(
                status, authority, comparators, series, baseline, current, suppressor, populations
            )
        ],
    }


def _change_row(row, suppressor: Suppressor) -> ChangeRow:
    indicator = row.indicator
    old = row.old.value if row.old else None
    new = row.new.value if row.new else None
    old_text, old_hidden = suppressor.show(indicator, old, row.old.missing_reason if row.old else "")
    new_text, new_hidden = suppressor.show(indicator, new, row.new.missing_reason if row.new else "")
    hidden = old_hidden or new_hidden
    change = row.change
    if change is None:
        change_text = ""
    elif hidden:
        # The difference between a shown figure and a suppressed one would give the suppressed one away.
        change_text = "not shown"
    else:
        change_text = presentation.change_text(change, indicator.unit)
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.get_unit_display(),
        "old_text": old_text,
        "new_text": new_text,
        "old_date_text": long_date(row.old.period_end) if row.old else "",
        "new_date_text": long_date(row.new.period_end) if row.new else "",
        "change_text": change_text,
        "direction": change.direction if change and not hidden else "",
        "judgement": (row.judgement or "") if not hidden else "",
    }


def _status_row(status, suppressor: Suppressor) -> IndicatorRow:
    indicator = status.indicator
    value_text, hidden = suppressor.show(indicator, status.value, status.missing_reason)
    target = status.target
    why = indicator_why(
        status.assessment.reasons,
        value_text=value_text,
        target=status.target_value,
        tolerance=status.tolerance,
        unit=indicator.unit,
        gap_hidden=hidden,
    )
    return {
        "code": indicator.code,
        "name": indicator.name,
        "polarity": indicator.get_polarity_display(),
        "period_text": long_date(status.period_end) if status.period_end else "no figure",
        "value_text": value_text,
        "target_text": presentation.value_text(target.value, indicator.unit) if target else "",
        # A tolerance is a distance from the target: percentage points for a percentage.
        "tolerance_text": presentation.difference_text(target.tolerance, indicator.unit, signed=False)
        if target
        else "",
        "target_from_text": long_date(target.effective_from) if target else "",
        "rag": status.rag,
        "direction": status.direction or "",
        "why": why,
    }
