"""Reads over indicators and observations, in a fixed number of queries however many indicators or periods.

Every function here takes explicit dates (`as_at`, `old_date`, `new_date`, ...): nothing reads today's date, so
committee reports and tests see the same figures whenever they run.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber

from core.numbers import Change, change
from core.presentation import change_text, relative_change
from performance import rules
from performance.models import Authority, Indicator, Observation, StatisticalNeighbour, Target
from performance.populations import Populations

SPARKLINE_POINTS = 12


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


def home_authority() -> Authority | None:
    """The council itself: the authority every entry and import defaults to."""
    return Authority.objects.filter(kind=Authority.Kind.COUNCIL).first()


# Comparator order on every page: statistical neighbours (average, then each by rank), region, England, then
# councils named as comparators.
_COMPARATOR_GROUP = {
    Authority.Kind.STATISTICAL_NEIGHBOURS: 0,
    Authority.Kind.LOCAL_AUTHORITY: 1,
    Authority.Kind.REGION: 2,
    Authority.Kind.ENGLAND: 3,
    Authority.Kind.COMPARATOR: 4,
}


def comparator_authorities(home: Authority | None = None) -> list[Authority]:
    """The council's comparators, in one query: its ten statistical neighbours (DfE's ranking, as `sn_rank`), its
    region (every region when none is set), England, any statistical-neighbour group figures and named councils.
    The other councils of the national list are not comparators."""
    home = home or home_authority()
    rank = StatisticalNeighbour.objects.filter(authority=home, neighbour=OuterRef("pk")).values("rank")[:1]
    regions = Q(kind=Authority.Kind.REGION) & (Q(pk=home.region_id) if home and home.region_id else Q())
    kinds = [Authority.Kind.ENGLAND, Authority.Kind.STATISTICAL_NEIGHBOURS, Authority.Kind.COMPARATOR]
    found = Authority.objects.annotate(sn_rank=Subquery(rank)).filter(
        Q(kind__in=kinds) | regions | Q(sn_rank__isnull=False)
    )
    if home:
        found = found.exclude(pk=home.pk)
    return sorted(
        found,
        key=lambda a: (_COMPARATOR_GROUP.get(a.kind, 5) if a.sn_rank is None else 1, a.sn_rank or 0, a.order, a.name),
    )


NEIGHBOURS_AVERAGE_LABEL = "Statistical neighbours' average"


def with_neighbour_average(all_series: list[Series]) -> list[Series]:
    """Adds the statistical neighbours' average (computed from the neighbours' figures, period by period) before
    the first neighbour, unless a published statistical-neighbour figure is already there. Counts are averaged as
    rates per 10,000 too (the average of the neighbours' rates, each with its own year's population)."""
    neighbours = [s for s in all_series if getattr(s.authority, "sn_rank", None) is not None]
    if not neighbours or any(
        s.authority.kind == Authority.Kind.STATISTICAL_NEIGHBOURS and s.points for s in all_series
    ):
        return all_series
    values: dict[datetime.date, list[Decimal]] = defaultdict(list)
    rates: dict[datetime.date, list[Decimal]] = defaultdict(list)
    for one in neighbours:
        for point in one.points:
            if point.value is not None:
                values[point.period_end].append(point.value)
        for point in one.per_10k:
            if point.value is not None:
                rates[point.period_end].append(point.value)
    average = Authority(
        name=NEIGHBOURS_AVERAGE_LABEL, code="statistical-neighbours-average", kind=Authority.Kind.STATISTICAL_NEIGHBOURS
    )
    average.sn_count = len(neighbours)
    points = [Point(day, _mean(found)) for day, found in sorted(values.items())]
    per_10k = [Point(day, _mean(found)) for day, found in sorted(rates.items())]
    first = all_series.index(neighbours[0])
    return [*all_series[:first], Series(average, points, rates=per_10k), *all_series[first:]]


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))


def _targets_by_indicator(indicators: Sequence[Indicator]) -> dict[int, list[TargetInForce]]:
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


def _target_for(targets: list[TargetInForce], period_end: datetime.date) -> TargetInForce | None:
    return rules.target_in_force(targets, period_end)


def judge(indicator: Indicator, point: Point | None, previous: Point | None, targets: list[TargetInForce]):
    """(target in force, RAG, direction) for one period, against the target in force for that period."""
    if point is None:
        return None, None, None
    target = _target_for(targets, point.period_end)
    rag = rules.indicator_rag(
        indicator.polarity, point.value, target.value if target else None, target.tolerance if target else None
    )
    travel = rules.direction(indicator.polarity, point.value, previous.value if previous else None)
    return target, rag, travel


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
        Observation.objects.filter(authority=authority, indicator_id__in=ids, period_end__lte=as_at)
        .annotate(recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_end").desc()))
        .filter(recency__lte=SPARKLINE_POINTS)
        .values_list("indicator_id", "period_end", "value", "missing_reason")
    )
    points: dict[int, list[Point]] = defaultdict(list)
    for indicator_id, period_end, value, reason in recent:
        points[indicator_id].append(Point(period_end, value, reason))
    targets = _targets_by_indicator(indicators)

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


def filter_statuses(statuses: Iterable[IndicatorStatus], *, colour: str = "", overdue: bool | None = None):
    """Statuses with this colour ("none": no rating) and/or overdue flag; blank arguments keep everything."""
    kept = []
    for status in statuses:
        if colour and (status.rag or "none") != colour:
            continue
        if overdue is not None and status.overdue != overdue:
            continue
        kept.append(status)
    return kept


def _latest_on_or_before(indicator_ids: list[int], authority: Authority, day: datetime.date) -> dict[int, Point]:
    rows = (
        Observation.objects.filter(authority=authority, indicator_id__in=indicator_ids, period_end__lte=day)
        .annotate(recency=Window(RowNumber(), partition_by=[F("indicator_id")], order_by=F("period_end").desc()))
        .filter(recency=1)
        .values_list("indicator_id", "period_end", "value", "missing_reason")
    )
    return {indicator_id: Point(period_end, value, reason) for indicator_id, period_end, value, reason in rows}


def value_on_or_before(indicator: Indicator, authority: Authority, day: datetime.date) -> Observation | None:
    """The observation a paper quoting "as at `day`" would use: the latest on or before that date."""
    return (
        Observation.objects.filter(indicator=indicator, authority=authority, period_end__lte=day)
        .order_by("-period_end")
        .first()
    )


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
    old_points = _latest_on_or_before(ids, authority, old_date)
    new_points = _latest_on_or_before(ids, authority, new_date)
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
class Series:
    """One authority's figures for one indicator, oldest first, with the child populations of their years."""

    authority: Authority
    points: list[Point]
    populations: Populations | None = None
    # Rates per 10,000 given rather than computed (the neighbours' average: the mean of their rates).
    rates: list[Point] | None = None

    def population(self, day: datetime.date) -> int | None:
        """The child population for the year `day` falls in (see `performance.populations`)."""
        if self.authority.pk is None:
            return None
        if self.populations is None:
            return self.authority.child_population
        return self.populations.population(self.authority, day)

    @property
    def per_10k(self) -> list[Point]:
        """The same figures per 10,000 children of each figure's year; empty when no population is known."""
        if self.rates is not None:
            return self.rates
        if not any(self.population(p.period_end) for p in self.points):
            return []
        return [
            Point(p.period_end, rules.per_10k(p.value, self.population(p.period_end)), p.missing_reason)
            for p in self.points
        ]


def series(
    indicator: Indicator,
    authorities: Iterable[Authority],
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    also_populations: Sequence[Authority] = (),
) -> list[Series]:
    """Each authority's figures for the indicator between `start` and `end` (inclusive), in one query, and their
    child populations in another (with those of `also_populations`, for the caller's own rates)."""
    authorities = list(authorities)
    if not authorities:
        return []
    qs = Observation.objects.filter(indicator=indicator, authority__in=authorities)
    if start:
        qs = qs.filter(period_end__gte=start)
    if end:
        qs = qs.filter(period_end__lte=end)
    by_authority: dict[int, list[Point]] = defaultdict(list)
    for authority_id, period_end, value, reason in qs.order_by("period_end").values_list(
        "authority_id", "period_end", "value", "missing_reason"
    ):
        by_authority[authority_id].append(Point(period_end, value, reason))
    populations = Populations([*authorities, *also_populations])
    return [Series(a, by_authority.get(a.pk, []), populations) for a in authorities]


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
    targets = _targets_by_indicator([indicator]).get(indicator.pk, [])
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
        if per_10k_wanted:
            row.per_10k = rules.per_10k(value, own_populations.population(authority, period_end))
            row.comparators_per_10k = [
                _rate_of(s, p) if p else None for p, s in zip(found, comparator_series, strict=True)
            ]
        rows.append(row)
        previous = point
    rows.reverse()
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
    previous = _latest_on_or_before(ids, authority, period_end - datetime.timedelta(days=1)) if ids else {}
    current = {
        o.indicator_id: o
        for o in Observation.objects.filter(authority=authority, indicator_id__in=ids, period_end=period_end)
    }
    return [EntryRow(i, previous.get(i.pk), current.get(i.pk)) for i in indicators]


@dataclass
class ComparisonLine:
    authority: Authority
    measure: str  # "value" or "per_10k"
    values: list[Decimal | None]
    reasons: list[str]
    total: Decimal | None = None
    population: int | None = None
    population_year: str = ""

    @property
    def cells(self) -> list[tuple[Decimal | None, str]]:
        return list(zip(self.values, self.reasons, strict=True))


@dataclass
class ComparisonTable:
    """Authorities side by side, one column per period (the seed paper's contacts table), counts also per 10,000
    children of each period's year where the population is known, with a total over the periods for counts."""

    indicator: Indicator
    periods: list[datetime.date]
    lines: list[ComparisonLine]

    @property
    def has_totals(self) -> bool:
        return self.indicator.unit == Indicator.Unit.COUNT


def comparison_table(indicator: Indicator, all_series: Sequence[Series]) -> ComparisonTable:
    periods = sorted({p.period_end for s in all_series for p in s.points})
    counts = indicator.unit == Indicator.Unit.COUNT
    lines = []
    for one in all_series:
        by_date = {p.period_end: p for p in one.points}
        values = [by_date[d].value if d in by_date else None for d in periods]
        reasons = [by_date[d].missing_reason if d in by_date else "" for d in periods]
        total = sum((v for v in values if v is not None), Decimal(0)) if counts and one.points else None
        last = one.points[-1].period_end if one.points else (periods[-1] if periods else None)
        used = one.populations.at(one.authority, last) if one.populations and last else None
        population = used.population if used else one.authority.child_population
        year = used.label if used else ""
        lines.append(ComparisonLine(one.authority, "value", values, reasons, total, population, year))
        if counts and one.rates is not None:
            # The neighbours' average: the mean of their rates, no population of its own.
            rates = {p.period_end: p.value for p in one.rates}
            lines.append(ComparisonLine(one.authority, "per_10k", [rates.get(d) for d in periods], reasons))
        elif counts and population:
            lines.append(
                ComparisonLine(
                    one.authority,
                    "per_10k",
                    [rules.per_10k(v, one.population(d)) for v, d in zip(values, periods, strict=True)],
                    reasons,
                    # A total over periods of one year is divided by that year's population (the last period's).
                    rules.per_10k(total, population) if total is not None else None,
                    population,
                    year,
                )
            )
    return ComparisonTable(indicator, periods, lines)
