"""The demo council's performance figures: authorities, local indicators, monthly series, seed figures, targets.

Monthly series are curves through anchor points (worse towards the 2015 inspection, improving after) with
seeded noise, so every run produces the same numbers, and a month's value never depends on the day the demo
is loaded: loading later only adds months. The figures the seed papers quote are pinned on their exact dates.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import itertools
import random
from dataclasses import dataclass, field, replace
from decimal import Decimal

from performance.catalogue import CATALOGUE_BY_CODE

FIRST_MONTH_END = datetime.date(2013, 4, 30)
SNAPSHOT_BEFORE = datetime.date(2015, 5, 19)
SNAPSHOT_AFTER = datetime.date(2015, 9, 1)

COUNCIL = "sunderland"
ENGLAND = "england"
NEIGHBOURS = "statistical-neighbours"
REGION = "north-east"
LEEDS = "leeds"


@dataclass(frozen=True)
class AuthoritySpec:
    code: str
    name: str
    kind: str
    child_population: int | None
    order: int


AUTHORITIES = (
    AuthoritySpec(COUNCIL, "Sunderland", "council", 54_500, 0),
    AuthoritySpec(ENGLAND, "England", "england", 11_700_000, 1),
    # A group average: the population of the average neighbour, so rates computed from the group's average
    # count come out as the group's rate.
    AuthoritySpec(NEIGHBOURS, "Statistical neighbours", "statistical_neighbours", 52_000, 2),
    AuthoritySpec(REGION, "North East", "region", 540_000, 3),
    AuthoritySpec(LEEDS, "Leeds", "comparator", 183_000, 4),
)


@dataclass(frozen=True)
class LocalIndicatorSpec:
    code: str
    name: str
    definition: str
    category: str
    order: int


# The council's own measures from the Audit and Governance paper of 25 September 2015; snapshots, not in the
# shipped catalogue.
LOCAL_INDICATORS = (
    LocalIndicatorSpec(
        "check_status_cases",
        "Check status (no action recorded or plan)",
        "Open cases at check status: no action recorded and no plan in place (snapshot).",
        "Caseloads and workforce",
        300,
    ),
    LocalIndicatorSpec(
        "initial_assess_overdue",
        "Initial assessments not completed in timescale",
        "Initial assessments open past their timescale of 10 working days (snapshot).",
        "Assessment",
        310,
    ),
    LocalIndicatorSpec(
        "core_assess_overdue",
        "Core assessments not completed in timescale",
        "Core assessments open past their timescale of 35 working days (snapshot).",
        "Assessment",
        320,
    ),
)

# Seed 000, section 6: the figures on 19 May 2015 and 1 September 2015.
SNAPSHOTS: dict[str, tuple[int, int]] = {
    "open_cases": (3617, 2565),
    "unallocated_cases": (1003, 129),
    "check_status_cases": (988, 158),
    "initial_assess_overdue": (540, 98),
    "core_assess_overdue": (455, 161),
    "s47_open_28d": (173, 6),
}


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _d(text: str) -> datetime.date:
    """'2015-05' is that month's last day; '2015-05-19' is that day."""
    parts = [int(p) for p in text.split("-")]
    return month_end(parts[0], parts[1]) if len(parts) == 2 else datetime.date(*parts)


def _pins(values: dict[str, float]) -> dict[datetime.date, float]:
    return {_d(k): v for k, v in values.items()}


# Seed 002 (Corporate Parenting Board, 1 February 2016): contacts, the referrals behind its contact-to-referral
# rates (Sunderland 1,488 = 18%, Leeds 3,727 = 54%, July to October), and children looked after.
COUNCIL_PINS: dict[str, dict[datetime.date, float]] = {
    "contacts": _pins(
        {"2015-07": 2351, "2015-08": 1817, "2015-09": 2253, "2015-10": 1971, "2015-11": 2012, "2015-12": 1663}
    ),
    "referrals": _pins({"2015-07": 412, "2015-08": 331, "2015-09": 389, "2015-10": 356}),
    "cla_count": _pins(
        {"2015-06": 586, "2015-07": 598, "2015-08": 591, "2015-09": 579, "2015-10": 566, "2015-11": 549, "2015-12": 538}
    ),
    "cla_out_of_area_pct": _pins({"2015-12": 28}),
}
LEEDS_PINS: dict[str, dict[datetime.date, float]] = {
    "contacts": _pins({"2015-07": 1903, "2015-08": 1380, "2015-09": 1833, "2015-10": 1800}),
    "referrals": _pins({"2015-07": 1030, "2015-08": 741, "2015-09": 990, "2015-10": 966}),
}


@dataclass(frozen=True)
class Series:
    """A curve through anchor points (held flat beyond the last) with noise: relative for counts, in the
    indicator's unit otherwise."""

    anchors: tuple[tuple[datetime.date, float], ...]
    noise: float
    pins: dict[datetime.date, float] = field(default_factory=dict)


def _series(noise: float, *points: tuple[str, float], pins=None) -> Series:
    return Series(tuple((_d(when), value) for when, value in points), noise, pins or {})


COUNCIL_SERIES: dict[str, Series] = {
    "contacts": _series(0.06, ("2013-04", 1700), ("2015-06", 2300), ("2016-06", 1600),
                         ("2018-01", 1350), ("2026-12", 1250)),
    "referrals": _series(0.06, ("2013-04", 420), ("2015-06", 400), ("2015-12", 350),
                          ("2016-06", 380), ("2018-01", 360), ("2026-12", 340)),
    "rereferral_12m_pct": _series(0.8, ("2013-04", 24), ("2015-05", 31), ("2016-03", 28), ("2017-12", 22),
                                   ("2026-12", 19)),
    "assess_45wd_pct": _series(2, ("2013-04", 72), ("2015-05", 52), ("2015-12", 60), ("2017-06", 80),
                                ("2026-12", 88)),
    "assess_overdue": _series(0.06, ("2013-04", 220), ("2015-05", 420), ("2015-09", 150), ("2016-01", 190),
                               ("2017-06", 60), ("2026-12", 25)),
    "s47_open_28d": _series(0.05, ("2013-04", 60), ("2015-04", 165), ("2015-05-19", 173), ("2015-09-01", 6),
                             ("2016-03", 10), ("2026-12", 5)),
    "s47_rate": _series(4, ("2013-04", 130), ("2015-05", 180), ("2017-06", 160), ("2026-12", 170)),
    "icpc_15wd_pct": _series(2.5, ("2013-04", 70), ("2015-05", 55), ("2015-10", 70), ("2015-11", 61),
                              ("2016-06", 78), ("2018-01", 85), ("2026-12", 88)),
    "cp_rate": _series(1.5, ("2013-04", 45), ("2015-05", 60), ("2016-06", 55), ("2026-12", 48)),
    "cp_repeat_pct": _series(1, ("2013-04", 18), ("2015-05", 22), ("2017-06", 17), ("2026-12", 15)),
    "cp_2yr_pct": _series(0.5, ("2013-04", 5), ("2015-05", 7), ("2017-06", 4), ("2026-12", 3.5)),
    "cp_visit_10wd_pct": _series(2, ("2013-04", 80), ("2015-05", 62), ("2016-01", 85), ("2026-12", 94)),
    "cla_count": _series(0.008, ("2013-04", 470), ("2015-05", 575), ("2016-12", 500),
                          ("2018-06", 470), ("2026-12", 455)),
    "cla_3plus_pl_pct": _series(0.7, ("2013-04", 9), ("2015-05", 12), ("2016-06", 9), ("2026-12", 8)),
    "cla_lt_stability_pct": _series(1.5, ("2013-04", 68), ("2015-05", 66), ("2016-06", 70), ("2026-12", 72)),
    "cla_review_timely_pct": _series(1.5, ("2013-04", 90), ("2015-05", 78), ("2015-11", 95), ("2015-12", 91),
                                      ("2016-06", 96), ("2026-12", 97)),
    "cla_out_of_area_pct": _series(0.8, ("2013-04", 18), ("2015-05", 24), ("2016-06", 27),
                                    ("2018-06", 22), ("2026-12", 20)),
    "cl_suitable_acc_pct": _series(2, ("2013-04", 80), ("2015-05", 70), ("2016-03", 72), ("2018-06", 82),
                                    ("2026-12", 88)),
    # Care leavers are the slowest to improve (seed 002, 3.9): the demo's "impact not yet evidenced" example.
    "cl_neet_pct": _series(0.6, ("2013-04", 42), ("2015-03", 45), ("2015-09", 45), ("2016-03", 47),
                            ("2018-06", 46), ("2022-06", 48), ("2026-12", 49)),
    "open_cases": _series(0.015, ("2013-04", 3100), ("2015-04", 3560), ("2015-05-19", 3617),
                           ("2015-09-01", 2565), ("2016-06", 2500), ("2018-06", 2300), ("2026-12", 2250)),
    "unallocated_cases": _series(0.06, ("2013-04", 300), ("2015-04", 960), ("2015-05-19", 1003),
                                  ("2015-09-01", 129), ("2016-03", 40), ("2016-12", 12), ("2026-12", 6)),
    "caseload_avg": _series(0.5, ("2013-04", 20), ("2015-05", 26), ("2016-03", 22), ("2018-06", 17),
                             ("2026-12", 16)),
    "sw_vacancy_pct": _series(1, ("2013-04", 15), ("2015-05", 24), ("2016-01", 12), ("2026-12", 9)),
    "sw_agency_pct": _series(1, ("2013-04", 18), ("2015-05", 32), ("2016-01", 40), ("2017-06", 25),
                              ("2019-06", 15), ("2026-12", 12)),
    "sw_turnover_pct": _series(1, ("2013-04", 16), ("2015-05", 24), ("2017-06", 18), ("2026-12", 13)),
    "supervision_timely_pct": _series(2.5, ("2013-04", 75), ("2015-05", 55), ("2016-01", 68), ("2018-06", 85),
                                       ("2026-12", 90)),
    "audit_good_plus_pct": _series(3, ("2013-04", 40), ("2015-05", 22), ("2016-01", 25), ("2017-06", 45),
                                    ("2019-06", 60), ("2026-12", 68)),
}  # fmt: skip
for _code, _pinned in COUNCIL_PINS.items():
    COUNCIL_SERIES[_code] = replace(COUNCIL_SERIES[_code], pins=_pinned)


def _flat_trend(noise: float, start: float, end: float) -> Series:
    return _series(noise, ("2013-04", start), ("2026-12", end))


# England, statistical neighbours and the region, for indicators DfE publishes. cla_count is here so that
# cla_rate can be derived for the comparators from their child populations, as it is for the council.
COMPARATOR_SERIES: dict[str, dict[str, Series]] = {
    code: {
        ENGLAND: _flat_trend(noise, e0, e1),
        NEIGHBOURS: _flat_trend(noise, s0, s1),
        REGION: _flat_trend(noise, r0, r1),
    }
    for code, noise, (e0, e1), (s0, s1), (r0, r1) in (
        ("rereferral_12m_pct", 0.3, (24, 22), (25, 23), (24.5, 22.5)),
        ("assess_45wd_pct", 0.8, (80, 86), (78, 84), (79, 85)),
        ("s47_rate", 2, (140, 190), (160, 205), (165, 210)),
        ("icpc_15wd_pct", 1, (75, 80), (72, 78), (73, 79)),
        ("cp_rate", 0.8, (42, 43), (50, 52), (52, 54)),
        ("cp_repeat_pct", 0.4, (16, 17), (17, 18), (17, 18)),
        ("cp_2yr_pct", 0.2, (4.5, 4.2), (4.8, 4.4), (4.7, 4.3)),
        ("cla_count", 0.004, (68_000, 81_000), (420, 480), (4_400, 5_300)),
        ("cla_3plus_pl_pct", 0.3, (11, 10), (11, 10), (11, 10)),
        ("cla_lt_stability_pct", 0.6, (67, 68), (68, 69), (68, 70)),
        ("cl_suitable_acc_pct", 0.8, (78, 86), (80, 87), (81, 88)),
        ("cl_neet_pct", 0.6, (41, 39), (43, 41), (44, 42)),
        ("caseload_avg", 0.3, (17, 16), (18, 17), (18, 17)),
        ("sw_vacancy_pct", 0.5, (16, 19), (15, 18), (14, 17)),
        ("sw_agency_pct", 0.5, (15, 18), (14, 17), (13, 16)),
        ("sw_turnover_pct", 0.5, (16, 16), (15, 16), (15, 15)),
    )
}  # fmt: skip

LEEDS_SERIES: dict[str, Series] = {
    "contacts": _series(0.06, ("2013-04", 1900), ("2015-06", 1800), ("2026-12", 1750), pins=LEEDS_PINS["contacts"]),
    "referrals": _series(0.06, ("2013-04", 1000), ("2015-06", 960), ("2026-12", 940), pins=LEEDS_PINS["referrals"]),
}

# Whole figures for counts; one decimal place otherwise (as the papers print them).
COUNT_UNITS = {"count"}


def month_ends(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, year, month = [], first.year, first.month
    while (day := month_end(year, month)) <= last:
        months.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def last_complete_month_end(today: datetime.date) -> datetime.date:
    first_of_month = today.replace(day=1)
    return first_of_month - datetime.timedelta(days=1)


def _interpolate(anchors, day: datetime.date) -> float:
    if day <= anchors[0][0]:
        return anchors[0][1]
    for (d0, v0), (d1, v1) in itertools.pairwise(anchors):
        if day <= d1:
            return v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days
    return anchors[-1][1]


def generate(series: Series, unit: str, seed: str, days: list[datetime.date]) -> dict[datetime.date, Decimal]:
    """Values for `days`, deterministic for a seed. Each day's noise is drawn from its own seeded generator, so a
    value never depends on which other days were asked for."""
    values = {}
    for day in days:
        if day in series.pins:
            raw = series.pins[day]
        else:
            rng = random.Random(f"{seed}:{day.isoformat()}")
            wobble = max(-2.0, min(2.0, rng.gauss(0, 1))) * series.noise
            base = _interpolate(series.anchors, day)
            raw = base * (1 + wobble) if unit in COUNT_UNITS else base + wobble
        values[day] = _fit_unit(raw, unit)
    return values


def _fit_unit(raw: float, unit: str) -> Decimal:
    if unit in COUNT_UNITS:
        return Decimal(max(0, round(raw)))
    value = Decimal(str(round(max(0.0, raw), 1)))
    return min(value, Decimal(100)) if unit == "percent" else value


@dataclass(frozen=True)
class TargetSpec:
    code: str
    value: Decimal
    effective_from: datetime.date
    tolerance: Decimal | None = None


def _targets(code: str, *steps: tuple[str, float, float | None]) -> list[TargetSpec]:
    return [
        TargetSpec(code, Decimal(str(value)), _d(when), None if tol is None else Decimal(str(tol)))
        for when, value, tol in steps
    ]


# Targets for indicators with a good direction, from the start of a financial year. A blank tolerance takes the
# indicator's default. Several change over time: a period is judged against the target then in force.
TARGETS: list[TargetSpec] = [
    *_targets("unallocated_cases", ("2015-04-01", 50, None), ("2016-04-01", 0, 10)),
    *_targets("rereferral_12m_pct", ("2014-04-01", 24, None), ("2016-04-01", 22, None), ("2018-04-01", 20, None)),
    *_targets("assess_45wd_pct", ("2014-04-01", 80, None), ("2017-04-01", 85, None)),
    *_targets("assess_overdue", ("2014-04-01", 100, None), ("2016-04-01", 50, None), ("2018-04-01", 30, None)),
    *_targets("s47_open_28d", ("2014-04-01", 20, None), ("2016-04-01", 10, None)),
    *_targets("icpc_15wd_pct", ("2014-04-01", 80, None), ("2017-04-01", 85, None)),
    *_targets("cp_repeat_pct", ("2014-04-01", 18, None), ("2017-04-01", 16, None)),
    *_targets("cp_2yr_pct", ("2014-04-01", 5, None)),
    *_targets("cp_visit_10wd_pct", ("2014-04-01", 90, None)),
    *_targets("cla_3plus_pl_pct", ("2014-04-01", 10, None)),
    *_targets("cla_lt_stability_pct", ("2014-04-01", 68, None)),
    *_targets("cla_review_timely_pct", ("2014-04-01", 95, None)),
    *_targets("cla_out_of_area_pct", ("2014-04-01", 20, None)),
    *_targets("cl_suitable_acc_pct", ("2014-04-01", 85, None)),
    *_targets("cl_neet_pct", ("2014-04-01", 40, None)),
    *_targets("caseload_avg", ("2014-04-01", 20, None), ("2016-04-01", 18, None)),
    *_targets("sw_vacancy_pct", ("2014-04-01", 15, None), ("2017-04-01", 10, None)),
    *_targets("sw_agency_pct", ("2014-04-01", 20, None), ("2017-04-01", 15, None)),
    *_targets("sw_turnover_pct", ("2014-04-01", 15, None)),
    *_targets("supervision_timely_pct", ("2014-04-01", 90, None)),
    *_targets("audit_good_plus_pct", ("2015-04-01", 50, None), ("2017-04-01", 65, None)),
]


@functools.lru_cache(maxsize=4)
def monthly_figures(last_month_end: datetime.date) -> dict[tuple[str, str], dict[datetime.date, Decimal]]:
    """Every generated monthly series up to a month end, keyed by (indicator code, authority code). Cached: the
    figures are a pure function of the date, and generating them is most of a load's arithmetic."""
    days = month_ends(FIRST_MONTH_END, last_month_end)
    by_authority = [
        *((COUNCIL, code, series) for code, series in COUNCIL_SERIES.items()),
        *((LEEDS, code, series) for code, series in LEEDS_SERIES.items()),
        *(
            (authority, code, series)
            for code, group in COMPARATOR_SERIES.items()
            for authority, series in group.items()
        ),
    ]
    return {
        (code, authority): generate(series, CATALOGUE_BY_CODE[code].unit, f"{code}:{authority}", days)
        for authority, code, series in by_authority
    }
