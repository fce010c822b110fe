"""The building blocks every performance read shares: a figure (`Point`), the target in force for a period, the
council itself, and the latest figure on or before a date.

Every function here takes explicit dates: nothing reads today's date, so committee reports and tests see the same
figures whenever they run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from performance import rules
from performance.models import Authority, Indicator, Observation, Target


@dataclass(frozen=True)
class Point:
    period_end: datetime.date
    value: Decimal | None
    missing_reason: str = ""


@dataclass(frozen=True)
class TargetInForce:
    value: Decimal
    tolerance: Decimal
    effective_from: datetime.date


def home_authority() -> Authority | None:
    """The council itself: the authority every entry and import defaults to."""
    return Authority.objects.filter(kind=Authority.Kind.COUNCIL).first()


def targets_by_indicator(indicators: Sequence[Indicator]) -> dict[int, list[TargetInForce]]:
    by_id = {i.pk: i for i in indicators}
    found: dict[int, list[TargetInForce]] = defaultdict(list)
    rows = Target.objects.filter(indicator_id__in=by_id).values_list(
        "indicator_id", "value", "tolerance", "effective_from"
    )
    for indicator_id, value, tolerance, effective_from in rows:
        # The indicator's default tolerance applies when a target has none (DESIGN.md "Target").
        tol = by_id[indicator_id].default_tolerance if tolerance is None else tolerance
        found[indicator_id].append(TargetInForce(value, tol, effective_from))
    return found


def target_for(targets: list[TargetInForce], period_end: datetime.date) -> TargetInForce | None:
    return rules.target_in_force(targets, period_end)


def judge(
    indicator: Indicator, point: Point | None, previous: Point | None, targets: list[TargetInForce]
) -> tuple[TargetInForce | None, str | None, str | None]:
    """(target in force, RAG, direction) for one period, against the target in force for that period."""
    if point is None:
        return None, None, None
    target = target_for(targets, point.period_end)
    rag = rules.indicator_rag(
        indicator.polarity, point.value, target.value if target else None, target.tolerance if target else None
    )
    travel = rules.direction(indicator.polarity, point.value, previous.value if previous else None)
    return target, rag, travel


def latest_on_or_before(indicator_ids: list[int], authority: Authority, day: datetime.date) -> dict[int, Point]:
    rows = (
        Observation.objects.filter(
            authority=authority, indicator_id__in=indicator_ids, period_end__range=(rules.EARLIEST_PERIOD_END, day)
        )
        .annotate(recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_end").desc()))
        .filter(recency=1)
        .values_list("indicator_id", "period_end", "value", "missing_reason")
    )
    return {indicator_id: Point(period_end, value, reason) for indicator_id, period_end, value, reason in rows}


def value_on_or_before(indicator: Indicator, authority: Authority, day: datetime.date) -> Observation | None:
    """The observation a paper quoting "as at `day`" would use: the latest on or before that date."""
    return (
        Observation.objects.filter(
            indicator=indicator, authority=authority, period_end__range=(rules.EARLIEST_PERIOD_END, day)
        )
        .order_by("-period_end")
        .first()
    )


IMPLAUSIBLE_LISTED = 50


def implausible_observations(indicator: Indicator, *, today: datetime.date) -> list[Observation]:
    """Up to IMPLAUSIBLE_LISTED + 1 of the indicator's stored figures (any authority) whose period end no real period
    has, for the admins' warning on its page (one more than listed says there are more). One query."""
    return list(
        Observation.objects.filter(indicator=indicator)
        .implausible(today)
        .select_related("authority")
        .order_by("period_end", "authority__name")[: IMPLAUSIBLE_LISTED + 1]
    )
