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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from performance import reference
from performance.models import Authority, ColumnMapping

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

_MAP_KEY = re.compile(r"^(?P<column>[^\[\]]+?)\s*(?:\[(?P<where>[^\]]*)\])?$")


def is_layout(header: list) -> bool:
    names = {str(c).strip().lower() for c in header if c is not None}
    return all(name in names for name in LAYOUT)


def map_key(column: str, where: str | None = None) -> str:
    """How a mapping names a measure column: `COLUMN`, or `COLUMN[filter value]` in a file with filter columns."""
    return f"{column}[{where}]" if where else column


def parse_map_option(values: list[str]) -> tuple[dict[str, str], list[str]]:
    """`--map COLUMN=CODE` options as {column key: code}, and what is wrong with any of them."""
    found, errors = {}, []
    for value in values:
        column, sep, code = value.rpartition("=")
        if not sep or not column.strip() or not code.strip():
            errors.append(f"--map {value!r}: write it as COLUMN=INDICATOR_CODE, e.g. --map Referrals=referrals_year.")
            continue
        found[column.strip().lower()] = code.strip().lower()
    return found, errors


def remembered_mappings() -> dict[str, str]:
    return {column.lower(): code for column, code in ColumnMapping.objects.values_list("column", "indicator__code")}


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


def parse_rows(rows: list[tuple[int, list]], parsed, *, mappings: Mapping[str, str] | None = None):
    """Validate an EES file's rows (header first) into `parsed` (an importer.ParsedFile); nothing is written."""
    from performance import importer
    from performance.importing import validation

    header_number, header = rows[0]
    names = [_text(c) for c in header]
    lower = [n.lower() for n in names]
    data = rows[1:]
    wanted = {**remembered_mappings(), **{k.lower(): v.lower() for k, v in (mappings or {}).items()}}
    lookups = validation.Lookups()

    # Filter columns: not geography, and holding text (not numbers or markers) in the data rows.
    candidates = [i for i, n in enumerate(lower) if n and n not in GEOGRAPHY]
    filters = [
        i
        for i in candidates
        if any(
            (t := _text(row[i]) if i < len(row) else "") and not _is_number(t) and t.lower() not in MARKERS
            for _, row in data
        )
    ]
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
    checks = []
    resolver = _Resolver()
    for number, row in data:
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
                return parsed
            if measure.role == "published_rate":
                checks.append((number, column, indicator, authority, raw, cells))
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
                return parsed
            month = indicator.year_end_month if indicator.is_annual else 3
            period_end, period_error = _year(cells.get("time_period", ""), cells.get("time_identifier", ""), month)
            if period_error:
                parsed.errors.append(importer.RowError(number, "time_period", period_error))
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
            parsed.inputs.append(item)
            parsed.row_numbers.append(number)
    _check_published_rates(parsed, checks)
    for key in sorted(unused_keys):
        parsed.errors.append(importer.RowError(header_number, key, f"The file has no measure column '{key}' to map."))
    parsed.unmapped = sorted(not_mapped)
    parsed.ignored = [f"Not imported (no indicator for it): {', '.join(sorted(not_mapped))}."] if not_mapped else []
    parsed.ignored += [
        f"Rows left out, {count} for {why}: not an authority this product knows."
        for why, count in sorted(skipped.items())
    ]
    if parsed.errors:
        parsed.inputs, parsed.row_numbers, parsed.populations = [], [], {}
    return parsed


def _published_places(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _check_published_rates(parsed, checks) -> None:
    """A rate the product derives (cla_rate = cla_count / child population x 10,000) must agree with DfE's
    published rate at the published precision; a disagreement means the count or population is wrong."""
    from performance import importer

    if not checks:
        return
    numerators = {check[2].numerator_id for check in checks}
    counts = {(i.authority.pk, i.period_end): i for i in parsed.inputs if i.indicator.pk in numerators}
    for number, column, indicator, authority, raw, cells in checks:
        if raw.lower() in MARKERS or not _is_number(raw):
            continue
        period_end, _ = _year(cells.get("time_period", ""), cells.get("time_identifier", ""), 3)
        count = counts.get((authority.pk, period_end))
        population = parsed.populations.get((authority.pk, period_end))
        if count is None or count.value is None or population is None:
            continue
        places = Decimal(1).scaleb(-_published_places(raw))
        # DfE rounds national and regional counts to the nearest 10, so their rate may come from a count up to 5
        # away; council counts are exact.
        slack = Decimal(5) if cells.get("geographic_level", "").lower() in ("national", "regional") else Decimal(0)
        rates = [
            (max(count.value + d, Decimal(0)) / Decimal(population[0]) * indicator.factor).quantize(
                places, rounding=ROUND_HALF_UP
            )
            for d in (-slack, slack)
        ]
        if not rates[0] <= Decimal(raw) <= rates[1]:
            derived = (count.value / Decimal(population[0]) * indicator.factor).quantize(places, rounding=ROUND_HALF_UP)
            parsed.errors.append(
                importer.RowError(
                    number,
                    column,
                    f"DfE publishes {raw} for {authority.name}; {count.value} / {population[0]:,} x "
                    f"{indicator.factor:,.0f} gives {derived}. Check the count and the population.",
                )
            )


def remember_mapping(*, column: str, indicator, user) -> ColumnMapping:
    """Remember that a DfE measure column goes into `indicator`, for this and every later file. Only annual
    indicators take DfE's yearly figures; derived ones are computed, never imported."""
    from django.core.exceptions import ValidationError

    if not indicator.is_annual or indicator.is_derived:
        raise ValidationError(
            f"'{indicator.code}' is not an annual indicator that takes figures; DfE's figures are for a year."
        )
    mapping = ColumnMapping.objects.filter(column__iexact=column).first() or ColumnMapping(column=column)
    mapping.indicator, mapping.created_by = indicator, user
    mapping.full_clean()
    mapping.save()
    return mapping
