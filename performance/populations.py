"""Which child population a rate per 10,000 uses: the one for the figure's own year.

DfE's years end on 31 March; a figure dated in April 2015 to March 2016 belongs to the year ending 31 March 2016
and is divided by that year's population (`ChildPopulation`). Where that year is not known, the latest earlier
year is used, then the authority's single `child_population`; the year used is always reported with the figure.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from performance.models import Authority, ChildPopulation


def year_end(day: datetime.date) -> datetime.date:
    """The 31 March that ends the reporting year `day` falls in."""
    return datetime.date(day.year if day.month <= 3 else day.year + 1, 3, 31)


@dataclass(frozen=True)
class PopulationUsed:
    population: int
    year_end: datetime.date | None  # None: the authority's single population, no year known

    @property
    def label(self) -> str:
        return f"year to {self.year_end:%-d %b %Y}" if self.year_end else "no year given"

    def borrowed(self, day: datetime.date) -> str:
        """Empty when this is the population of `day`'s own year; otherwise which population a rate of a figure
        dated `day` used instead, to be shown with the rate."""
        wanted = year_end(day)
        if self.year_end == wanted:
            return ""
        if self.year_end is None:
            return "a child population of no stated year"
        return f"the {self.label}'s child population: the year to {wanted:%-d %b %Y}'s is not yet loaded"


class Populations:
    """Every stored population of some authorities, read in one query."""

    def __init__(self, authorities: Iterable[Authority]):
        self.authorities = {a.pk: a for a in authorities if a.pk is not None}
        found: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
        if self.authorities:
            rows = ChildPopulation.objects.filter(authority_id__in=self.authorities).order_by("year_end")
            for authority_id, year, population in rows.values_list("authority_id", "year_end", "population"):
                found[authority_id].append((year, population))
        self.by_authority = dict(found)

    def at(self, authority: Authority | int, day: datetime.date) -> PopulationUsed | None:
        authority_id = authority if isinstance(authority, int) else authority.pk
        years = self.by_authority.get(authority_id, [])
        wanted = year_end(day)
        index = bisect_right([y for y, _ in years], wanted)
        if index:
            year, population = years[index - 1]
            return PopulationUsed(population, year)
        fixed = self.authorities[authority_id].child_population if authority_id in self.authorities else None
        return PopulationUsed(fixed, None) if fixed else None

    def population(self, authority: Authority | int, day: datetime.date) -> int | None:
        used = self.at(authority, day)
        return used.population if used else None
