"""DfE Explore Education Statistics (EES) files as published, turned into the importer's rows.

An EES file is recognised by its header (`time_period`, `time_identifier`, `geographic_level`, geography codes,
then one column per measure). Some publications add filter columns whose text picks what a row measures (the
looked-after file's `population_count` holds "Children looked after at 31 March each year", "... starting ...").
Each known measure column (under the names other releases of the same publication used too) maps to an
indicator; an admin maps others with `--map COLUMN=CODE` or in the upload preview (remembered in
`ColumnMapping`); the rest are listed as not imported. Every row becomes one importer row per mapped measure and
goes through the importer's own validation (`importing.validation.parse_row`), so the same rules and messages apply.

Councils are found by DfE LA number, else ONS code, else name; rows for an authority the product does not know
(a council abolished before the shipped lookup, Inner London) are listed and left out. `time_period` 2023 with a
yearly `time_identifier` is dated on the indicator's year end (31 March 2023, or 30 September 2023 for the
workforce). DfE's markers are missing values with their reason (`:` and `..` are "not available", x).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from performance import reference
from performance.dfe_mappings import map_key, remembered_mappings
from performance.models import Authority, Indicator
from performance.services import ObservationInput

LAYOUT = ("time_period", "time_identifier", "geographic_level")
GEOGRAPHY = {
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
}
# Years ending on 31 March (or, for the workforce, at 30 September). Calendar and academic years end on other days
# and are refused rather than dated on the wrong one.
YEARLY = {"reporting year", "financial year"}
MARKERS = {"c": "c", "x": "x", "z": "z", "u": "u", "low": "low", ":": "x", "..": "x"}
CLA_POPULATION_SOURCE = "DfE, Children looked after in England: population_estimate"
CLA_AT_31_MARCH = "children looked after at 31 march each year"
CLA_STARTING = "children starting to be looked after each year"
CLA_CEASING = "children ceasing to be looked after each year"


@dataclass(frozen=True)
class Measure:
    """A measure column (any of `names`), for rows whose filter value is `where` (any row when None).

    `role`: "value" imports into `code`; "snapshot" too, and the figure is a count on the year's last day (so it
    also fits a monthly indicator); "published_rate" checks the derived indicator `code` against DfE's rate;
    "population" is the child population behind the row's rates."""

    names: tuple[str, ...]
    code: str
    where: str | None = None
    role: str = "value"


KNOWN: tuple[Measure, ...] = (
    # Characteristics of children in need, table b1
    Measure(("at31_episodes", "cin_at31", "at31_children"), "cin_count"),
    Measure(("at31_episodes_rate", "cin_at31_rate", "at31_children_rate"), "cin_rate"),
    # Characteristics of children in need, table c1 (referrals and re-referrals)
    Measure(("referrals", "number_of_referrals"), "referrals_year"),
    Measure(("referrals_rate", "referrals_rate_per_10000"), "referrals_year_rate"),
    Measure(("re_referrals", "rereferrals", "number_of_re_referrals"), "rereferrals_year"),
    Measure(("re_referrals_percent", "re_referrals_pc", "rereferrals_percent"), "rereferrals_year_pct"),
    # Children looked after in England: numbers and rates per 10,000
    Measure(("number", "number_cla"), "cla_count", CLA_AT_31_MARCH, "snapshot"),
    Measure(("rate_per_10000", "rate"), "cla_rate", CLA_AT_31_MARCH, "published_rate"),
    Measure(("number",), "cla_started", CLA_STARTING),
    Measure(("rate_per_10000", "rate"), "cla_started_rate", CLA_STARTING),
    Measure(("number",), "cla_ceased", CLA_CEASING),
    Measure(("rate_per_10000", "rate"), "cla_ceased_rate", CLA_CEASING),
    Measure(("population_estimate",), "", None, "population"),
    # Children's social work workforce, headline measures
    Measure(("turnover_rate_fte_%", "turnover_rate_fte"), "csww_turnover_pct"),
    Measure(("absence_rate_fte_%", "absence_rate_fte"), "csww_absence_pct"),
    Measure(("agency_worker_rate_fte_%", "agency_rate_fte_%", "agency_rate_fte"), "csww_agency_pct"),
    Measure(("agency_cover_rate_fte_%", "agency_cover_rate_fte"), "csww_agency_cover_pct"),
    Measure(("vacancy_rate_fte_%", "vacancy_rate_fte"), "csww_vacancy_pct"),
    Measure(("caseload_fte", "caseload_per_fte"), "csww_caseload_avg"),
)


def is_layout(header: list) -> bool:
    names = {str(c).strip().lower() for c in header if c is not None}
    return all(name in names for name in LAYOUT)


@dataclass
class _Column:
    index: int
    name: str


def _text(cell) -> str:
    from performance.importing import cells

    return cells.text(cell)


def _is_number(text: str) -> bool:
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


def _year(period: str, identifier: str, month: int) -> tuple[datetime.date | None, str | None]:
    """The period end of a yearly time period for an indicator whose year ends in `month`, or why not."""
    if identifier.lower() not in YEARLY:
        return None, (
            f"time_identifier '{identifier}' is not a period this import can date; it reads DfE files by "
            "Reporting year or Financial year."
        )
    if re.fullmatch(r"\d{4}", period):
        year = int(period)
    elif re.fullmatch(r"\d{6}", period) and int(period[4:]) == (int(period[2:4]) + 1) % 100:
        year = int(period[:4]) + 1  # 202223: the year ending in 2023
    else:
        return None, f"time_period '{period}' is not a year (2023) or a two-year span (202223)."
    last = (datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, last), None


class _Resolver:
    """Finds the authority a row describes, or says why it is left out."""

    def __init__(self):
        self.codes = reference.authorities_by_code()
        self.names: dict[str, list[Authority]] = defaultdict(list)
        for authorities in self.codes.values():
            for authority in authorities:
                if authority not in self.names[authority.name.lower()]:
                    self.names[authority.name.lower()].append(authority)

    def _one(self, found: list[Authority], what: str) -> tuple[Authority | None, str]:
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, f"{what} (shared by {', '.join(a.name for a in found)})"
        return None, what

    def find(self, cells: Mapping[str, str]) -> tuple[Authority | None, str]:
        level = cells.get("geographic_level", "").lower()
        if level == "national":
            code = cells.get("country_code", "")
            return self._one(self.codes.get(code.upper(), []), f"{cells.get('country_name') or 'country'} ({code})")
        if level == "regional":
            code = cells.get("region_code", "")
            return self._one(self.codes.get(code.upper(), []), f"{cells.get('region_name') or 'region'} ({code})")
        if level == "local authority":
            name = cells.get("la_name", "")
            if number := cells.get("old_la_code", ""):
                # A reorganised council's old number must never fall through to its successor's ONS code.
                return self._one(self.codes.get(number.upper(), []), f"{name} ({number})")
            if ons := cells.get("new_la_code", ""):
                return self._one(self.codes.get(ons.upper(), []), f"{name} ({ons})")
            return self._one(self.names.get(name.lower(), []), name)
        return None, f"geographic level '{cells.get('geographic_level', '')}'"


class _Found:
    """Collects one row's problems from `validation.parse_row`, to name the file's column in them."""

    def __init__(self):
        self.errors: list = []

    def add(self, error) -> None:
        self.errors.append(error)


Rows = Callable[[], Iterator[tuple[int, list]]]


def _filter_columns(rows: Iterator[tuple[int, list]], candidates: list[int]) -> list[int]:
    """Columns holding text (not numbers or markers) in some data row: the filters that say what a row measures.
    One streamed pass."""
    found: set[int] = set()
    for _, row in rows:
        for i in candidates:
            text = _text(row[i]) if i not in found and i < len(row) else ""
            if text and not _is_number(text) and text.lower() not in MARKERS:
                found.add(i)
        if len(found) == len(candidates):
            break
    return [i for i in candidates if i in found]


def read_items(
    rows: Rows, parsed, *, mappings: Mapping[str, str] | None = None
) -> Iterator[tuple[int, ObservationInput]]:
    """An EES file's figures, row by row: `rows()` streams the file (header first) and is called twice (once to
    find the filter columns, once to read). Yields (row number, input) for each valid figure; problems, child
    populations and what was left out go to `parsed` (an importer.ParsedFile). Memory holds a row at a time, plus
    the populations, one key per figure (to refuse a second figure for the same period) and the counts behind
    DfE's published rates."""
    from performance import importer
    from performance.importing import validation

    stream = rows()
    first = next(stream, None)
    if first is None:
        return
    header_number, header = first
    names = [_text(c) for c in header]
    lower = [n.lower() for n in names]
    wanted = {**remembered_mappings(), **{k.lower(): v.lower() for k, v in (mappings or {}).items()}}
    lookups = validation.Lookups()

    candidates = [i for i, n in enumerate(lower) if n and n not in GEOGRAPHY]
    filters = _filter_columns(stream, candidates)
    measures = [i for i in candidates if i not in filters]
    unused_keys = set(wanted)

    def measure_for(index: int, where: str | None) -> Measure | None:
        for key in (map_key(lower[index], where), lower[index]):
            if key in wanted:
                unused_keys.discard(key)
                return Measure((lower[index],), wanted[key], None, "mapped")
        for measure in KNOWN:
            if lower[index] in measure.names and (measure.where is None or measure.where == where):
                return measure
        return None

    positions = {"indicator": 0, "period_end": 1, "value": 2, "authority": 3, "note": 4}
    skipped: Counter = Counter()
    not_mapped: set[str] = set()
    seen: dict[tuple, int] = {}
    checks: list[_RateCheck] = []
    counts: dict[tuple[int, int, datetime.date], Decimal | None] = {}
    resolver = _Resolver()
    reading = rows()
    next(reading, None)  # the header
    for number, row in reading:
        cells = {lower[i]: _text(row[i]) if i < len(row) else "" for i in range(len(lower)) if lower[i]}
        where = next((cells[lower[i]].lower() for i in filters if cells[lower[i]]), None)
        authority, why = resolver.find(cells)
        if authority is None:
            skipped[why] += 1
            continue
        for index in measures:
            measure = measure_for(index, where)
            column = names[index]
            if measure is None:
                not_mapped.add(map_key(column, where if filters else None))
                continue
            raw = cells[lower[index]]
            if measure.role == "population":
                if raw.isdigit() and int(raw) > 0:
                    year_end, _ = _year(cells.get("time_period", ""), cells.get("time_identifier", ""), 3)
                    if year_end:
                        parsed.populations[(authority.pk, year_end)] = (int(raw), CLA_POPULATION_SOURCE)
                continue
            indicator = lookups.indicators.get(measure.code)
            if indicator is None:
                parsed.errors.append(
                    importer.RowError(
                        header_number,
                        column,
                        f"'{measure.code}' is not an indicator code; see the indicator list for the codes.",
                    )
                )
                return
            if measure.role == "published_rate":
                period_end, _ = _year(cells.get("time_period", ""), cells.get("time_identifier", ""), 3)
                level = cells.get("geographic_level", "").lower()
                checks.append(_RateCheck(number, column, indicator, authority, raw, period_end, level))
                continue
            if measure.role == "mapped" and not indicator.is_annual:
                parsed.errors.append(
                    importer.RowError(
                        header_number,
                        column,
                        f"'{indicator.code}' is a {indicator.get_frequency_display().lower()} indicator, but DfE's "
                        f"figures are for a whole year ({cells.get('time_identifier')}): map {column} to an annual "
                        "indicator.",
                    )
                )
                return
            month = indicator.year_end_month if indicator.is_annual else 3
            period_end, period_error = _year(cells.get("time_period", ""), cells.get("time_identifier", ""), month)
            if period_error or period_end is None:
                parsed.errors.append(importer.RowError(number, "time_period", period_error or "No period."))
                continue
            value = MARKERS.get(raw.lower(), raw)
            note = f"DfE: {column}" + (f" [{where}]" if where and filters else "")
            found = _Found()
            item = validation.parse_row(
                number, [indicator.code, period_end.isoformat(), value, authority.code, note], positions, lookups, found
            )
            for error in found.errors:
                parsed.errors.append(
                    importer.RowError(number, column if error.column == "value" else error.column, error.message)
                )
            if item is None:
                continue
            if (earlier := seen.get(item.key)) is not None:
                parsed.errors.append(
                    importer.RowError(
                        number,
                        column,
                        f"A second figure for {indicator.code}, {authority.name}, {period_end} "
                        f"(the first is in row {earlier}); a file gives each once.",
                    )
                )
                continue
            seen[item.key] = number
            counts[item.key] = item.value
            yield number, item
    _check_published_rates(parsed, checks, counts)
    for key in sorted(unused_keys):
        parsed.errors.append(importer.RowError(header_number, key, f"The file has no measure column '{key}' to map."))
    parsed.unmapped = sorted(not_mapped)
    parsed.ignored = [f"Not imported (no indicator for it): {', '.join(sorted(not_mapped))}."] if not_mapped else []
    parsed.ignored += [
        f"Rows left out, {count} for {why}: not an authority this product knows."
        for why, count in sorted(skipped.items())
    ]


def parse_rows(rows: Rows, parsed, *, mappings: Mapping[str, str] | None = None):
    """Validate an EES file (`rows()` streams it, header first) into `parsed` (an importer.ParsedFile), keeping every
    figure; nothing is written."""
    for number, item in read_items(rows, parsed, mappings=mappings):
        parsed.inputs.append(item)
        parsed.row_numbers.append(number)
    if parsed.errors:
        parsed.inputs, parsed.row_numbers, parsed.populations = [], [], {}
    return parsed


def _published_places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


@dataclass(frozen=True)
class _RateCheck:
    """A published rate to compare with the one the product derives, once the whole file is read."""

    number: int
    column: str
    indicator: Indicator
    authority: Authority
    raw: str
    period_end: datetime.date | None
    level: str


def _check_published_rates(
    parsed, checks: list[_RateCheck], counts: Mapping[tuple[int, int, datetime.date], Decimal | None]
) -> None:
    """A rate the product derives (cla_rate = cla_count / child population x 10,000) must agree with DfE's
    published rate at the published precision; a disagreement means the count or population is wrong."""
    from performance import importer

    for check in checks:
        raw, indicator, authority = check.raw, check.indicator, check.authority
        if raw.lower() in MARKERS or not _is_number(raw) or check.period_end is None:
            continue
        count = counts.get((indicator.numerator_id or 0, authority.pk, check.period_end))
        population = parsed.populations.get((authority.pk, check.period_end))
        if count is None or population is None or indicator.factor is None:
            continue
        places = Decimal(1).scaleb(-_published_places(raw))
        # DfE rounds national and regional counts to the nearest 10, so their rate may come from a count up to 5
        # away; council counts are exact.
        slack = Decimal(5) if check.level in ("national", "regional") else Decimal(0)
        rates = [
            (max(count + d, Decimal(0)) / Decimal(population[0]) * indicator.factor).quantize(
                places, rounding=ROUND_HALF_UP
            )
            for d in (-slack, slack)
        ]
        if not rates[0] <= Decimal(raw) <= rates[1]:
            derived = (count / Decimal(population[0]) * indicator.factor).quantize(places, rounding=ROUND_HALF_UP)
            parsed.errors.append(
                importer.RowError(
                    check.number,
                    check.column,
                    f"DfE publishes {raw} for {authority.name}; {count} / {population[0]:,} x "
                    f"{indicator.factor:,.0f} gives {derived}. Check the count and the population.",
                )
            )
