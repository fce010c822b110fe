"""Checking an observations file row by row: the header (under an optional title), each cell, each code.

Every problem is a `RowError` with the row a spreadsheet shows and the column; `Problems` keeps them up to a limit
and counts them all. Codes are matched without regard to case; an unknown code is answered with the nearest known
one, and once per file with the valid codes and where to find them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

from performance import rules, services
from performance.importing import cells
from performance.models import Authority, Indicator
from performance.services import ObservationInput

COLUMNS = ("indicator", "period_end", "value", "authority", "target", "note")
REQUIRED = ("indicator", "period_end", "value")
NOTE_MAX = 500
TITLE_ROWS = 5  # rows above the header that may hold a title
INDICATOR_LIST_HINT = "Indicator codes are listed on the Performance page and under Administration > Indicators."
AUTHORITY_LIST_HINT = "Authority codes are listed under Administration > Authorities."


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


class Problems:
    """Errors kept up to the limit, all of them counted."""

    def __init__(self, parsed, limit: int):
        self.parsed, self.limit = parsed, limit

    def add(self, error: RowError) -> None:
        self.parsed.error_count += 1
        if len(self.parsed.errors) < self.limit:
            self.parsed.errors.append(error)


class Lookups:
    """Every indicator and authority, read once (two queries) so that validating a row costs no query."""

    def __init__(self):
        self.indicators = {
            i.code.lower(): i for i in Indicator.objects.select_related("numerator", "denominator").order_by("code")
        }
        self.authorities = {a.code.lower(): a for a in Authority.objects.order_by("code")}
        self.home = next((a for a in self.authorities.values() if a.is_home), None)
        self.unknown_indicator_row: int | None = None
        self.unknown_authority_row: int | None = None
        self._suggestions: dict[tuple[int, str], str] = {}
        today = timezone.localdate()
        self.latest = {frequency: rules.current_period_end(frequency, today) for frequency in Indicator.Frequency}
        self.latest_any = max(self.latest.values())

    def suggest(self, code: str, known: dict) -> str:
        """The nearest known code, worked out once per unknown code (a file may repeat it a million times)."""
        key = (id(known), code.lower())
        if key not in self._suggestions:
            close = difflib.get_close_matches(code.lower(), list(known), n=1)
            self._suggestions[key] = f" Did you mean '{close[0]}'?" if close else ""
        return self._suggestions[key]


def header_positions(number: int, row: list) -> tuple[dict[str, int], list[RowError]]:
    names = [cells.text(c).lower() for c in row]
    errors = []
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(
                RowError(number, name, f"Unknown column '{name}'; the columns are {', '.join(COLUMNS)} (any order).")
            )
        elif name in positions:
            errors.append(RowError(number, name, f"Column '{name}' appears twice; keep one."))
        else:
            positions[name] = index
    for name in REQUIRED:
        if name not in positions:
            errors.append(
                RowError(number, name, f"The header has no '{name}' column; the first row must name the columns.")
            )
    return positions, errors


def is_header(row: list) -> bool:
    return any(cells.text(c).lower() in COLUMNS for c in row)


def find_header(rows: Iterator[tuple[int, list]], parsed) -> tuple[int, dict[str, int]] | None:
    """The header row: the first row naming known columns, after at most a few title rows (which are skipped and
    named in the preview)."""
    above: list[tuple[int, list]] = []
    for number, row in rows:
        if is_header(row):
            positions, errors = header_positions(number, row)
            if errors:
                parsed.errors.extend(errors)
                parsed.error_count = len(errors)
                return None
            if above:
                titles = "; ".join(" ".join(cells.text(c) for c in r if cells.text(c)) for _, r in above)
                parsed.notes.append(
                    f"The header is row {number}; row{'s' if len(above) > 1 else ''} above it read as a title and "
                    f"skipped: '{titles[:200]}'."
                )
            return number, positions
        above.append((number, row))
        if len(above) >= TITLE_ROWS:
            break
    if not above:
        parsed.errors.append(RowError(1, "", "The file is empty; it needs a header row and at least one row."))
    else:
        # No row names a column: the first row is reported as the header it should have been.
        parsed.errors.extend(header_positions(*above[0])[1])
    parsed.error_count = len(parsed.errors)
    return None


def list_known_codes(lookups: Lookups, problems: Problems) -> None:
    if lookups.unknown_indicator_row:
        codes = ", ".join(lookups.indicators)
        message = f"Known indicator codes: {codes}. {INDICATOR_LIST_HINT}"
        problems.add(RowError(lookups.unknown_indicator_row, "indicator", message))
    if lookups.unknown_authority_row:
        known = list(lookups.authorities)
        codes = ", ".join(known) if len(known) <= 30 else ", ".join(known[:30]) + f" and {len(known) - 30} more"
        problems.add(
            RowError(
                lookups.unknown_authority_row,
                "authority",
                f"Known authority codes: {codes}. Leave the column blank for this council. {AUTHORITY_LIST_HINT}",
            )
        )


class ErrorSink(Protocol):
    def add(self, error: RowError) -> None: ...


def parse_row(
    number: int, row: list, positions: dict[str, int], lookups: Lookups, problems: ErrorSink
) -> ObservationInput | None:
    def cell(name):
        index = positions.get(name)
        return row[index] if index is not None and index < len(row) else None

    found: list[RowError] = []
    if len(row) > len(positions) and any(cells.text(c) for i, c in enumerate(row) if i not in positions.values()):
        found.append(RowError(number, "", "This row has more cells than the header has columns."))

    code = cells.text(cell("indicator"))
    indicator = lookups.indicators.get(code.lower())
    if not code:
        found.append(RowError(number, "indicator", "An indicator code is required."))
    elif indicator is None:
        lookups.unknown_indicator_row = lookups.unknown_indicator_row or number
        message = f"Unknown indicator code '{code}'.{lookups.suggest(code, lookups.indicators)}"
        found.append(RowError(number, "indicator", message))

    latest = lookups.latest.get(indicator.frequency, lookups.latest_any) if indicator else lookups.latest_any
    period_end, date_error = cells.period_end(cell("period_end"), latest=latest)
    if date_error:
        found.append(RowError(number, "period_end", date_error))

    unit = indicator.unit if indicator else None
    value, reason, value_error = cells.number(cell("value"), unit=unit)
    if value_error:
        found.append(RowError(number, "value", value_error))

    authority_code = cells.text(cell("authority")).lower()
    if authority_code:
        authority = lookups.authorities.get(authority_code)
        if authority is None:
            lookups.unknown_authority_row = lookups.unknown_authority_row or number
            hint = lookups.suggest(authority_code, lookups.authorities)
            message = f"Unknown authority code '{authority_code}'.{hint}"
            found.append(RowError(number, "authority", message))
    else:
        authority = lookups.home
        if authority is None:
            found.append(
                RowError(number, "authority", "No authority is marked as this council; give an authority code.")
            )

    target = None
    if cells.text(cell("target")):
        target, target_reason, target_error = cells.number(cell("target"), unit=unit)
        if target_error or target_reason:
            found.append(RowError(number, "target", target_error or "A target must be a number."))
        elif authority is not None and not authority.is_home:
            found.append(RowError(number, "target", "Targets are for this council's figures; leave it blank here."))

    note = cells.text(cell("note"))
    if len(note) > NOTE_MAX:
        found.append(RowError(number, "note", f"The note has {len(note)} characters; the limit is {NOTE_MAX}."))

    if indicator is not None:
        checked = services.input_errors(indicator=indicator, value=value, target=target, period_end=period_end)
        for column, message in checked.items():
            found.append(RowError(number, column, message))

    if found or indicator is None or authority is None or period_end is None:  # each None has an error in found
        for error in found:
            problems.add(error)
        return None
    return ObservationInput(indicator, authority, period_end, value, reason, note, target)
