"""Indicators at a date: each one's latest figure and colour (lists, dashboards), the change between two dates
(the seed papers' change table) and the monthly entry grid. A fixed number of queries however many indicators.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from core.numbers import Change, change
from core.presentation import change_text, relative_change
from performance import rules
from performance.models import Authority, Indicator, Observation
from performance.selectors.common import Point, TargetInForce, judge, latest_on_or_before, targets_by_indicator

SPARKLINE_POINTS = 12


@dataclass
class IndicatorStatus:
    """One indicator's position as at a date: latest figure, target then in force, colour, direction, overdue."""

    indicator: Indicator
    latest: Point | None
    previous: Point | None
    target: TargetInForce | None
    rag: str | None
    direction: str | None
    overdue: bool
    sparkline: list[Point] = field(default_factory=list)

    @property
    def period_end(self) -> datetime.date | None:
        return self.latest.period_end if self.latest else None

    @property
    def value(self) -> Decimal | None:
        return self.latest.value if self.latest else None

    @property
    def missing_reason(self) -> str:
        return self.latest.missing_reason if self.latest else ""

    @property
    def target_value(self) -> Decimal | None:
        return self.target.value if self.target else None

    @property
    def tolerance(self) -> Decimal | None:
        return self.target.tolerance if self.target else None

    @property
    def gap(self) -> Decimal | None:
        """How far the latest value is from the target (value - target), what committee members ask for."""
        if self.value is None or self.target is None:
            return None
        return self.value - self.target.value

    @property
    def assessment(self) -> rules.IndicatorAssessment:
        """The colour with its reasons (the same rule and inputs that set `rag`)."""
        return rules.assess_indicator(self.indicator.polarity, self.value, self.target_value, self.tolerance)

    @property
    def sparkline_values(self) -> list[Decimal]:
        return [p.value for p in self.sparkline if p.value is not None]


def indicator_statuses(
    indicators: Iterable[Indicator], *, authority: Authority, as_at: datetime.date
) -> list[IndicatorStatus]:
    """For each indicator (in the order given): the latest observation on or before `as_at`, the previous one, the
    target in force for the latest period, RAG, direction, overdue-data flag and the last 12 points for a
    sparkline. Two queries (three if `indicators` is an unevaluated queryset), whatever the number of indicators."""
    indicators = list(indicators)
    if not indicators:
        return []
    ids = [i.pk for i in indicators]
    recent = (
        # From 1990: a stored 1899-12-31 (Excel's day zero) is never anyone's latest figure or sparkline point.
        Observation.objects.filter(
            authority=authority, indicator_id__in=ids, period_end__range=(rules.EARLIEST_PERIOD_END, as_at)
        )
        .annotate(recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_end").desc()))
        .filter(recency__lte=SPARKLINE_POINTS)
        .values_list("indicator_id", "period_end", "value", "missing_reason")
    )
    points: dict[int, list[Point]] = defaultdict(list)
    for indicator_id, period_end, value, reason in recent:
        points[indicator_id].append(Point(period_end, value, reason))
    targets = targets_by_indicator(indicators)

    statuses = []
    for indicator in indicators:
        series = sorted(points.get(indicator.pk, []), key=lambda p: p.period_end)
        latest = series[-1] if series else None
        previous = series[-2] if len(series) > 1 else None
        target, rag, travel = judge(indicator, latest, previous, targets.get(indicator.pk, []))
        statuses.append(
            IndicatorStatus(
                indicator=indicator,
                latest=latest,
                previous=previous,
                target=target,
                rag=rag,
                direction=travel,
                overdue=rules.is_overdue(indicator.frequency, latest.period_end if latest else None, as_at),
                sparkline=series,
            )
        )
    return statuses


def filter_statuses(
    statuses: Iterable[IndicatorStatus], *, colour: str = "", overdue: bool | None = None
) -> list[IndicatorStatus]:
    """Statuses with this colour ("none": no rating) and/or overdue flag; blank arguments keep everything."""
    kept = []
    for status in statuses:
        if colour and (status.rag or "none") != colour:
            continue
        if overdue is not None and status.overdue != overdue:
            continue
        kept.append(status)
    return kept


@dataclass
class ChangeRow:
    """One line of the seeds' change table: old value, new value, change with percent, reduction or increase,
    better or worse by polarity."""

    indicator: Indicator
    old: Point | None
    new: Point | None
    change: Change | None

    @property
    def label(self) -> str:
        return self.change.direction if self.change else ""

    @property
    def judgement(self) -> str | None:
        """better / worse / same by polarity; None for context indicators (DESIGN.md "Rules")."""
        if self.change is None or self.indicator.is_context:
            return None
        return rules.direction(self.indicator.polarity, self.change.new, self.change.old)

    @property
    def described(self) -> str:
        """'1,052 (29%)' for a count; '0.4 pp' for a percentage (never a relative change of a rate)."""
        return change_text(self.change, self.indicator.unit)

    @property
    def relative_percent(self) -> Decimal | None:
        return relative_change(self.change, self.indicator.unit)


def change_rows(
    indicators: Iterable[Indicator], *, authority: Authority, old_date: datetime.date, new_date: datetime.date
) -> list[ChangeRow]:
    """The change between two dates for each indicator, from the latest observation on or before each date.
    Two queries (three with an unevaluated queryset)."""
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    if not ids:
        return []
    old_points = latest_on_or_before(ids, authority, old_date)
    new_points = latest_on_or_before(ids, authority, new_date)
    rows = []
    for indicator in indicators:
        old, new = old_points.get(indicator.pk), new_points.get(indicator.pk)
        rows.append(
            ChangeRow(
                indicator=indicator,
                old=old,
                new=new,
                change=change(old.value if old else None, new.value if new else None),
            )
        )
    return rows


@dataclass
class EntryRow:
    """A line of the monthly entry grid: the indicator, its last figure before the month, any figure already
    stored for the month."""

    indicator: Indicator
    previous: Point | None
    current: Observation | None


def entry_rows(*, authority: Authority, period_end: datetime.date) -> list[EntryRow]:
    """The indicators typed in for a month (active, not derived, with a period ending that day). Three queries."""
    indicators = [
        i for i in Indicator.objects.filter(is_active=True, numerator__isnull=True) if i.ends_period(period_end)
    ]
    ids = [i.pk for i in indicators]
    previous = latest_on_or_before(ids, authority, period_end - datetime.timedelta(days=1)) if ids else {}
    current = {
        o.indicator_id: o
        for o in Observation.objects.filter(authority=authority, indicator_id__in=ids, period_end=period_end)
    }
    return [EntryRow(i, previous.get(i.pk), current.get(i.pk)) for i in indicators]
