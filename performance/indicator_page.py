"""What an indicator's page shows: the council's periods judged against the target then in force, beside its
comparators, within the range asked for (`periods_shown`), with its charts. Figures whose period end no real period
has (9999-12-31) are left out here; the view lists them for admins."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from performance import charts, rules, selectors
from performance.models import Authority, Indicator
from performance.periods_shown import PeriodRange


@dataclass
class IndicatorPage:
    indicator: Indicator
    authority: Authority
    as_at: datetime.date
    comparators: list[Authority]
    comparator_series: list[selectors.Series]
    rows: list[selectors.PeriodRow]
    shown: PeriodRange

    @classmethod
    def read(
        cls, indicator: Indicator, authority: Authority, *, as_at: datetime.date, query: Mapping[str, str]
    ) -> IndicatorPage:
        start, end = rules.plausible_range(None, None, as_at)
        others = selectors.comparator_authorities(authority)
        comparator_series = selectors.with_neighbour_average(
            selectors.series(indicator, others, start, end, also_populations=[authority])
        )
        comparators = [s.authority for s in comparator_series]
        rows = selectors.indicator_periods(
            indicator, authority=authority, comparator_series=comparator_series, start=start, end=end
        )
        # The range shown (table, chart, export): whole history is read so each period keeps its direction of travel.
        shown = PeriodRange.from_query(query, rows)
        return cls(indicator, authority, as_at, comparators, shown.series(comparator_series), shown.rows(rows), shown)

    def context(self) -> dict[str, Any]:
        indicator, rows, comparator_series = self.indicator, self.rows, self.comparator_series
        latest = rows[0] if rows else None
        per_10k = indicator.unit == Indicator.Unit.COUNT
        return {
            "indicator": indicator,
            "authority": self.authority,
            "comparators": self.comparators,
            "rows": rows,
            "latest": latest,
            "overdue": rules.is_overdue(indicator.frequency, latest.point.period_end if latest else None, self.as_at),
            "chart": charts.indicator_chart(
                indicator, rows, authority_name=self.authority.name, comparators=comparator_series
            )
            if rows
            else None,
            "per_10k_chart": charts.per_10k_chart(
                indicator, [selectors.Series(self.authority, [r.point for r in reversed(rows)]), *comparator_series]
            )
            if rows and per_10k and any(s.per_10k for s in comparator_series)
            else None,
            "per_10k_wanted": per_10k,
            "range": self.shown,
        }
