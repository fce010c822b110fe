"""Reads over indicators and observations, in a fixed number of queries however many indicators or periods.

Split by concern: `common` (figures, targets in force, the council), `statuses` (indicators at a date, changes
between dates, the entry grid), `comparisons` (comparators, series, the comparison table) and `periods` (one
indicator's page). Callers import from `performance.selectors`; every function takes explicit dates.
"""

from performance.populations import Populations
from performance.selectors.common import (
    Point,
    TargetInForce,
    home_authority,
    implausible_observations,
    judge,
    latest_on_or_before,
    target_for,
    targets_by_indicator,
    value_on_or_before,
)
from performance.selectors.comparisons import (
    NEIGHBOURS_AVERAGE_LABEL,
    ComparisonLine,
    ComparisonTable,
    Series,
    comparator_authorities,
    comparison_table,
    series,
    with_neighbour_average,
)
from performance.selectors.periods import PeriodRow, indicator_periods
from performance.selectors.statuses import (
    SPARKLINE_POINTS,
    ChangeRow,
    EntryRow,
    IndicatorStatus,
    change_rows,
    entry_rows,
    filter_statuses,
    indicator_statuses,
)

__all__ = [
    "NEIGHBOURS_AVERAGE_LABEL",
    "SPARKLINE_POINTS",
    "ChangeRow",
    "ComparisonLine",
    "ComparisonTable",
    "EntryRow",
    "IndicatorStatus",
    "PeriodRow",
    "Point",
    "Populations",
    "Series",
    "TargetInForce",
    "change_rows",
    "comparator_authorities",
    "comparison_table",
    "entry_rows",
    "filter_statuses",
    "home_authority",
    "implausible_observations",
    "indicator_periods",
    "indicator_statuses",
    "judge",
    "latest_on_or_before",
    "series",
    "target_for",
    "targets_by_indicator",
    "value_on_or_before",
    "with_neighbour_average",
]
