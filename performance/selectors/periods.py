"""One indicator's periods, newest first, each judged against the target then in force and set beside each
comparator's latest figure on or before the same date (the indicator page).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from performance import rules
from performance.models import Authority, Indicator, Observation
from performance.populations import Populations
from performance.selectors.common import Point, TargetInForce, judge, targets_by_indicator
from performance.selectors.comparisons import Series, series


@dataclass
class PeriodRow:
    """One period on an indicator page: the council's figure, the target then in force, colour, direction and each
    comparator's latest figure on or before the same date."""

    point: Point
    note: str
    target: TargetInForce | None
    rag: str | None
    direction: str | None
    comparators: list[Point | None]
    per_10k: Decimal | None = None
    comparators_per_10k: list[Decimal | None] = field(default_factory=list)

    @property
    def comparator_cells(self) -> list[tuple[Point | None, Decimal | None]]:
        """(figure, per 10,000) for each comparator; the rate is None unless the indicator is a count."""
        rates = self.comparators_per_10k or [None] * len(self.comparators)
        return list(zip(self.comparators, rates, strict=True))


def _rate_of(one: Series, point: Point) -> Decimal | None:
    if one.rates is not None:
        return next((r.value for r in one.rates if r.period_end == point.period_end), None)
    return rules.per_10k(point.value, one.population(point.period_end))


def _on_or_before(points: list[Point], day: datetime.date) -> Point | None:
    found = None
    for point in points:  # oldest first
        if point.period_end > day:
            break
        found = point
    return found


def indicator_periods(
    indicator: Indicator,
    *,
    authority: Authority,
    comparators: Sequence[Authority] = (),
    comparator_series: Sequence[Series] | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[PeriodRow]:
    """The council's periods for one indicator, newest first, each judged against the target in force for it (so a
        later change of target never recolours the past). Three queries however many periods and comparators (two when
    the caller already holds the comparators' `series`)."""
    own = list(
        Observation.objects.filter(indicator=indicator, authority=authority)
        .filter(**({"period_end__gte": start} if start else {}))
        .filter(**({"period_end__lte": end} if end else {}))
        .order_by("period_end")
        .values_list("period_end", "value", "missing_reason", "note")
    )
    targets = targets_by_indicator([indicator]).get(indicator.pk, [])
    if comparator_series is None:
        comparator_series = series(indicator, comparators, end=end) if comparators else []
    per_10k_wanted = indicator.unit == Indicator.Unit.COUNT
    shared = next((s.populations for s in comparator_series if s.populations), None)
    if shared is None or authority.pk not in shared.authorities:
        shared = Populations([authority]) if per_10k_wanted else None
    own_populations = shared

    rows = []
    previous: Point | None = None
    for period_end, value, reason, note in own:
        point = Point(period_end, value, reason)
        target, rag, travel = judge(indicator, point, previous, targets)
        found = [_on_or_before(s.points, period_end) for s in comparator_series]
        row = PeriodRow(point, note, target, rag, travel, found)
        if per_10k_wanted and own_populations is not None:  # always set when rates are wanted
            row.per_10k = rules.per_10k(value, own_populations.population(authority, period_end))
            row.comparators_per_10k = [
                _rate_of(s, p) if p else None for p, s in zip(found, comparator_series, strict=True)
            ]
        rows.append(row)
        previous = point
    rows.reverse()
    return rows
