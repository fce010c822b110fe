"""Reading an observations file (CSV or XLSX) as DESIGN.md "Interfaces" defines it, all or nothing.

Columns: indicator (code), period_end (YYYY-MM-DD), value (number or c/x/z/u), and optional authority (blank: this
council), target (blank: unchanged) and note. Every problem is reported with its row (the header is row 1, as a
spreadsheet shows it) and column; a file with any problem writes nothing.

A monthly figure may be dated on any day (a snapshot "as at 19 May" is a valid figure for a monthly indicator); an
annual figure must be dated on its publication's year end (31 March, 30 September).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from performance import dfe, reference, rules, services
from performance.models import Authority, Indicator
from performance.services import ObservationInput

COLUMNS = ("indicator", "period_end", "value", "authority", "target", "note")
REQUIRED = ("indicator", "period_end", "value")
NOTE_MAX = 500
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
HOW_TO_SAVE = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)', or upload the .xlsx workbook."


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file was rejected; nothing was written. `errors` lists every problem by row and column."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__(f"{len(self.errors)} problem(s) in the file; nothing was imported.")


@dataclass
class ParsedFile:
    inputs: list[ObservationInput] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # DfE files (performance.dfe): what was not imported, and the child populations the file gives.
    ignored: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    populations: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_cells(content: bytes) -> tuple[list[list], list[RowError]]:
    """The file's rows as lists of cells (header first), or why it cannot be read at all."""
    if not content.strip():
        return [], [RowError(1, "", "The file is empty; it needs a header row and at least one row of figures.")]
    if content.startswith(_XLSX_MAGIC):
        return _read_xlsx(content)
    if content.startswith(_XLS_MAGIC):
        return [], [RowError(1, "", "Old Excel .xls workbooks cannot be read. " + HOW_TO_SAVE)]
    if b"\x00" in content[:8192]:
        return [], [RowError(1, "", "This is not a CSV or XLSX file (it holds binary data). " + HOW_TO_SAVE)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = content[: exc.start].count(b"\n") + 1
        return [], [
            RowError(
                row,
                "",
                f"The file is not UTF-8 text (byte 0x{content[exc.start]:02x} cannot be read). " + HOW_TO_SAVE,
            )
        ]
    try:
        return list(csv.reader(io.StringIO(text, newline=""))), []
    except csv.Error as exc:
        return [], [RowError(1, "", f"This file cannot be read as CSV ({exc}). " + HOW_TO_SAVE)]


def _read_xlsx(content: bytes) -> tuple[list[list], list[RowError]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or mislabelled zip
        return [], [RowError(1, "", "This file looks like an Excel workbook but cannot be opened. " + HOW_TO_SAVE)]
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)], []
    finally:
        workbook.close()


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _header(cells: list) -> tuple[dict[str, int], list[RowError]]:
    names = [_text(c).lower() for c in cells]
    errors = []
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name:
            continue
        if name not in COLUMNS:
            errors.append(
                RowError(1, name, f"Unknown column '{name}'; the columns are {', '.join(COLUMNS)} (in any order).")
            )
        elif name in positions:
            errors.append(RowError(1, name, f"Column '{name}' appears twice; keep one."))
        else:
            positions[name] = index
    for name in REQUIRED:
        if name not in positions:
            errors.append(RowError(1, name, f"The header has no '{name}' column; the first row must name the columns."))
    return positions, errors


def _date(cell) -> datetime.date | None:
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = _text(cell)
    if not _DATE.match(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


class _Lookups:
    """Every indicator and authority, read once (two queries) so that validating a row costs no query."""

    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.select_related("numerator", "denominator")}
        self.authorities = {a.code: a for a in Authority.objects.all()}
        self.home = next((a for a in self.authorities.values() if a.is_home), None)


def parse(content: bytes, *, mappings: dict[str, str] | None = None) -> ParsedFile:
    """Read and validate a whole file. Nothing is written; `ParsedFile.errors` lists every problem.

    A DfE Explore Education Statistics file is read as published (`performance.dfe`); `mappings` maps its
    measure columns the import does not know to indicator codes."""
    cells, errors = _read_cells(content)
    parsed = ParsedFile(errors=errors)
    if errors:
        return parsed
    rows = [(number, row) for number, row in enumerate(cells, start=1) if any(_text(c) for c in row)]
    if not rows:
        parsed.errors.append(RowError(1, "", "The file is empty; it needs a header row and at least one row."))
        return parsed
    header_number, header_cells = rows[0]
    if dfe.is_layout(header_cells):
        return _with_derived_checks(dfe.parse_rows(rows, parsed, mappings=mappings))
    positions, header_errors = _header(header_cells)
    if header_errors:
        parsed.errors = [RowError(header_number, e.column, e.message) for e in header_errors]
        return parsed
    if len(rows) == 1:
        parsed.errors.append(RowError(header_number, "", "The file has a header but no figures below it."))
        return parsed
    lookups = _Lookups()
    seen: dict[tuple, int] = {}
    for number, row in rows[1:]:
        item = _parse_row(number, row, positions, lookups, parsed.errors)
        if item is None:
            continue
        key = (item.indicator.code, item.authority.code, item.period_end)
        if key in seen:
            parsed.errors.append(
                RowError(number, "period_end", f"Same indicator, authority and period end as row {seen[key]}.")
            )
            continue
        seen[key] = number
        parsed.inputs.append(item)
        parsed.row_numbers.append(number)
    if parsed.errors:
        parsed.inputs, parsed.row_numbers = [], []
    return _with_derived_checks(parsed)


def _with_derived_checks(parsed: ParsedFile) -> ParsedFile:
    """Refuse a file whose figures would make a derived percentage over 100 (an annual total in a monthly series
    does), naming the rows of its inputs."""
    if not parsed.ok:
        return parsed
    rows = {row.key: number for row, number in zip(parsed.inputs, parsed.row_numbers, strict=True)}
    for problem in services.derived_problems(parsed.inputs):
        indicator = problem.indicator
        sources = [indicator.numerator_id, indicator.denominator_id]
        numbers = [rows.get((pk, problem.authority.pk, problem.period_end)) for pk in sources if pk]
        for number in sorted({n for n in numbers if n}):
            parsed.errors.append(RowError(number, "value", str(problem)))
    if parsed.errors:
        parsed.inputs, parsed.row_numbers, parsed.populations = [], [], {}
    return parsed


def _parse_row(number: int, row: list, positions: dict[str, int], lookups: _Lookups, errors: list[RowError]):
    def cell(name):
        index = positions.get(name)
        return row[index] if index is not None and index < len(row) else None

    found: list[RowError] = []
    extra = [c for i, c in enumerate(row) if i not in positions.values() and _text(c)]
    if extra:
        found.append(RowError(number, "", "This row has more cells than the header has columns."))

    code = _text(cell("indicator"))
    indicator = lookups.indicators.get(code)
    if not code:
        found.append(RowError(number, "indicator", "An indicator code is required."))
    elif indicator is None:
        found.append(RowError(number, "indicator", f"Unknown indicator code '{code}'."))

    period_end = _date(cell("period_end"))
    if period_end is None:
        shown = _text(cell("period_end"))
        message = f"'{shown}' is not a date in YYYY-MM-DD form." if shown else "A period end date is required."
        found.append(RowError(number, "period_end", message))

    value, reason, value_error = rules.parse_value(cell("value"))
    if value_error:
        found.append(RowError(number, "value", value_error))

    authority_code = _text(cell("authority")).lower()
    if authority_code:
        authority = lookups.authorities.get(authority_code)
        if authority is None:
            found.append(RowError(number, "authority", f"Unknown authority code '{authority_code}'."))
    else:
        authority = lookups.home
        if authority is None:
            found.append(
                RowError(number, "authority", "No authority is marked as this council; give an authority code.")
            )

    target = None
    target_text = _text(cell("target"))
    if target_text:
        target, target_reason, target_error = rules.parse_value(cell("target"))
        if target_error or target_reason:
            found.append(RowError(number, "target", target_error or "A target must be a number."))
        elif authority is not None and not authority.is_home:
            found.append(RowError(number, "target", "Targets are for this council's figures; leave it blank here."))

    note = _text(cell("note"))
    if len(note) > NOTE_MAX:
        found.append(RowError(number, "note", f"The note has {len(note)} characters; the limit is {NOTE_MAX}."))

    if indicator is not None:
        checked = services.input_errors(indicator=indicator, value=value, target=target, period_end=period_end)
        for column, message in checked.items():
            found.append(RowError(number, column, message))

    if found:
        errors.extend(found)
        return None
    return ObservationInput(indicator, authority, period_end, value, reason, note, target)


def import_file(content: bytes, filename: str = "", *, user, mappings: dict[str, str] | None = None):
    """Parse, validate and apply a whole file; raises ImportRejected (nothing written) on any problem."""
    parsed = parse(content, mappings=mappings)
    if not parsed.ok:
        raise ImportRejected(parsed.errors)
    return apply(parsed.inputs, parsed.populations, user=user, reason=f"Imported from {filename}"[:100])


@transaction.atomic
def apply(inputs, populations: dict, *, user, reason: str) -> services.ApplyResult:
    """Write a validated file: the child populations it gives first, so derived rates use them, then the figures."""
    reference.save_populations(populations, user=user)
    return services.apply_observations(inputs=inputs, user=user, reason=reason)


# Between preview and commit the validated rows wait in the database cache (several app servers share it), as
# plain codes and strings; they are resolved and checked again on commit, since the catalogue may have changed.
def to_payload(inputs: Sequence[ObservationInput]) -> list[list]:
    return [
        [
            i.indicator.code,
            i.authority.code,
            i.period_end.isoformat(),
            None if i.value is None else str(i.value),
            i.missing_reason,
            i.note,
            None if i.target is None else str(i.target),
        ]
        for i in inputs
    ]


def from_payload(payload: list[list]) -> ParsedFile:
    """Rebuild a stored upload as a ParsedFile, re-validated against the catalogue as it is now."""
    header = [list(COLUMNS)]
    rows = [
        [code, period_end, value or reason, authority, target or "", note]
        for (code, authority, period_end, value, reason, note, target) in payload
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(header + rows)
    return parse(buffer.getvalue().encode("utf-8"))


def preview(parsed: ParsedFile) -> services.WritePlan:
    return services.plan_observations(parsed.inputs)
