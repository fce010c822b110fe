"""The council beside its comparators: which authorities they are, their series for an indicator (with child
populations for rates per 10,000), the statistical neighbours' average and the side-by-side comparison table.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from performance import rules
from performance.models import Authority, Indicator, Observation, StatisticalNeighbour
from performance.populations import Populations, PopulationUsed
from performance.selectors.common import Point, home_authority

# Comparator order on every page: statistical neighbours (average, then each by rank), region, England, then
# councils named as comparators.
_COMPARATOR_GROUP: dict[str, int] = {
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
    return sorted(found, key=_comparator_order)


def _comparator_order(authority: Authority) -> tuple[int, int, int, str]:
    rank: int | None = getattr(authority, "sn_rank", None)  # annotated by comparator_authorities
    return (_COMPARATOR_GROUP.get(authority.kind, 5) if rank is None else 1, rank or 0, authority.order, authority.name)


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
    setattr(average, "sn_count", len(neighbours))  # noqa: B010 - shown by templates as the neighbours counted
    points = [Point(day, _mean(found)) for day, found in sorted(values.items())]
    per_10k = [Point(day, _mean(found)) for day, found in sorted(rates.items())]
    first = all_series.index(neighbours[0])
    return [*all_series[:first], Series(average, points, rates=per_10k), *all_series[first:]]


def _mean(values: list[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.0001"))


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

    def borrowed(self, day: datetime.date) -> str:
        """Which child population a rate of a figure dated `day` used, where not its own year's (see
        `performance.populations`); empty for its own year's, and for rates given rather than computed."""
        if self.rates is not None or self.authority.pk is None:
            return ""
        if self.populations is None:
            fixed = self.authority.child_population
            return PopulationUsed(fixed, None).borrowed(day) if fixed else ""
        used = self.populations.at(self.authority, day)
        return used.borrowed(day) if used else ""

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
