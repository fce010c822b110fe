"""Which periods an indicator page shows: the last 12, 24 or 36 months up to its latest figure, or all of them
(`?range=12|24|36|all`, default 24), so that a page does not list 160 rows and its chart is not scaled by a peak
from years before. The table, the chart and the export follow the same range."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from core.presentation import add_months
from performance import rules
from performance.selectors import PeriodRow, Series

CHOICES = {"12": "Last 12 months", "24": "Last 24 months", "36": "Last 36 months", "all": "All periods"}
DEFAULT = "24"


@dataclass(frozen=True)
class PeriodRange:
    key: str
    after: datetime.date | None  # periods ending after this day are shown; None: all
    total: int  # periods there are in all

    @classmethod
    def from_query(cls, query: Mapping[str, str], rows: Sequence[PeriodRow]) -> PeriodRange:
        """The range asked for (an unknown value falls back to the default), counted back from the latest figure."""
        key = query.get("range", DEFAULT)
        key = key if key in CHOICES else DEFAULT
        if key == "all" or not rows:
            return cls(key, None, len(rows))
        latest = rows[0].point.period_end  # newest first
        return cls(key, rules.month_end(add_months(latest, -int(key))), len(rows))

    def rows(self, rows: Sequence[PeriodRow]) -> list[PeriodRow]:
        return [r for r in rows if self.after is None or r.point.period_end > self.after]

    def series(self, all_series: Sequence[Series]) -> list[Series]:
        """Comparators' figures within the range (their rates too: the neighbours' average carries its own)."""
        if self.after is None:
            return list(all_series)
        after = self.after
        return [
            replace(
                one,
                points=[p for p in one.points if p.period_end > after],
                rates=None if one.rates is None else [p for p in one.rates if p.period_end > after],
            )
            for one in all_series
        ]

    @property
    def choices(self) -> list[tuple[str, str, bool]]:
        """(value, label, chosen) for the page's range control."""
        return [(value, label, value == self.key) for value, label in CHOICES.items()]

    @property
    def label(self) -> str:
        return CHOICES[self.key]
