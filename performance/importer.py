"""Reading an observations file (CSV or XLSX) as DESIGN.md "Interfaces" defines it, all or nothing.

Columns: indicator (code, any case), period_end (YYYY-MM-DD), value (number or c/x/z/u), and optional authority
(blank: this council), target (blank: unchanged) and note. Every problem is reported with its row (as a
spreadsheet numbers rows) and column; a file with any problem writes nothing. A title above the header row is
recognised and skipped.

Reading (`performance.importing.readers`) streams the file; a cell is read as the person sees it or refused
(`performance.importing.cells`). The upload page works within `limits.WEB`; the command line streams any size in
two passes (check everything, then write in chunks in one transaction), so memory stays bounded.

The period end must be a plausible date (1990 to the end of the current period); otherwise an indicator's frequency
decides when its data is overdue, not which dates a file may carry (a snapshot "as at 19 May" is a valid figure).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from performance import services
from performance.importing import cells, colours
from performance.importing import limits as import_limits
from performance.importing.limits import Limits
from performance.importing.readers import Reading, Source, Unreadable, read_rows
from performance.models import Authority, Indicator
from performance.services import ObservationInput

COLUMNS = ("indicator", "period_end", "value", "authority", "target", "note")
REQUIRED = ("indicator", "period_end", "value")
NOTE_MAX = 500
TITLE_ROWS = 5  # rows above the header that may hold a title
CHUNK_ROWS = 5000
HOW_TO_SAVE = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)', or upload the .xlsx workbook."
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


class ImportRejected(Exception):
    """The file was rejected; nothing was written. `errors` lists the problems (up to a limit); `total` counts
    them all."""

    def __init__(self, errors: Sequence[RowError], total: int | None = None):
        self.errors = list(errors)
        self.total = max(total or 0, len(self.errors))
        super().__init__(f"{self.total} problem(s) in the file; nothing was imported.")


@dataclass
class ParsedFile:
    inputs: list[ObservationInput] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    notes: list[str] = field(default_factory=list)
    rows: int = 0
    # This council's figures for rated indicators, and the target rows: what decides colour changes.
    home_values: list[ObservationInput] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)


class _Problems:
    """Errors kept up to the limit, all of them counted."""

    def __init__(self, parsed: ParsedFile, limit: int):
        self.parsed, self.limit = parsed, limit

    def add(self, error: RowError) -> None:
        self.parsed.error_count += 1
        if len(self.parsed.errors) < self.limit:
            self.parsed.errors.append(error)


class _Lookups:
    """Every indicator and authority, read once (two queries) so that validating a row costs no query."""

    def __init__(self):
        self.indicators = {
            i.code.lower(): i for i in Indicator.objects.select_related("numerator", "denominator").order_by("code")
        }
        self.authorities = {a.code.lower(): a for a in Authority.objects.order_by("code")}
        self.home = next((a for a in self.authorities.values() if a.is_home), None)
        self.unknown_indicator_row: int | None = None
        self.unknown_authority_row: int | None = None
        today = timezone.localdate()
        self.latest = {frequency: cells.current_period_end(frequency, today) for frequency in Indicator.Frequency}
        self.latest_any = max(self.latest.values())


def _suggest(code: str, known) -> str:
    close = difflib.get_close_matches(code.lower(), list(known), n=1)
    return f" Did you mean '{close[0]}'?" if close else ""


def _header(number: int, row: list) -> tuple[dict[str, int], list[RowError]]:
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


def _is_header(row: list) -> bool:
    return any(cells.text(c).lower() in COLUMNS for c in row)


def _rows(source: Source, lim: Limits, parsed: ParsedFile) -> Iterator[tuple[int, list]]:
    """The file's non-empty rows, counted against the row limit."""
    reading = Reading(parsed.notes)
    for number, row in read_rows(source, lim, reading):
        parsed.rows += 1
        if lim.over("rows", parsed.rows):
            raise Unreadable(
                f"The file has more than {lim.rows:,} rows; the limit for an upload is {lim.rows:,} rows. Split it "
                f"into smaller files. {import_limits.COMMAND_HINT}",
                number,
            )
        yield number, row


def _scan(source: Source, lim: Limits, *, keep_inputs: bool) -> ParsedFile:
    """Read and check a whole file. Keeps every input only when asked (the command line keeps none, so that any
    size fits in memory); this council's rated figures and target rows are always kept."""
    parsed = ParsedFile()
    problems = _Problems(parsed, lim.errors)
    try:
        rows = _rows(source, lim, parsed)
        header = _find_header(rows, parsed)
        if header is None:
            return parsed
        header_number, positions = header
        lookups = _Lookups()
        seen: dict[int, int] = {}
        any_rows = False
        for number, row in rows:
            any_rows = True
            item = _parse_row(number, row, positions, lookups, problems)
            if item is None:
                continue
            key = ((item.indicator.pk * 1_000_000 + item.authority.pk) << 22) + item.period_end.toordinal()
            if key in seen:
                problems.add(
                    RowError(number, "period_end", f"Same indicator, authority and period end as row {seen[key]}.")
                )
                continue
            seen[key] = number
            if keep_inputs:
                parsed.inputs.append(item)
                parsed.row_numbers.append(number)
            if item.authority.is_home and (item.target is not None or item.indicator.polarity in colours.RATED):
                parsed.home_values.append(item)
        if not any_rows:
            problems.add(RowError(header_number, "", "The file has a header but no figures below it."))
        _list_known_codes(lookups, problems)
    except Unreadable as exc:
        problems.add(RowError(exc.row, "", exc.message))
    if parsed.errors:
        parsed.inputs, parsed.row_numbers, parsed.home_values = [], [], []
    return parsed


def _find_header(rows: Iterator[tuple[int, list]], parsed: ParsedFile) -> tuple[int, dict[str, int]] | None:
    """The header row: the first row naming known columns, after at most a few title rows (which are skipped and
    named in the preview)."""
    above: list[tuple[int, list]] = []
    for number, row in rows:
        if _is_header(row):
            positions, errors = _header(number, row)
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
        parsed.errors.extend(_header(*above[0])[1])
    parsed.error_count = len(parsed.errors)
    return None


def _list_known_codes(lookups: _Lookups, problems: _Problems) -> None:
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


def _parse_row(number: int, row: list, positions: dict[str, int], lookups: _Lookups, problems: _Problems):
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
        message = f"Unknown indicator code '{code}'.{_suggest(code, lookups.indicators)}"
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
            message = f"Unknown authority code '{authority_code}'.{_suggest(authority_code, lookups.authorities)}"
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
        for column, message in services.input_errors(indicator=indicator, value=value, target=target).items():
            found.append(RowError(number, column, message))

    if found:
        for error in found:
            problems.add(error)
        return None
    return ObservationInput(indicator, authority, period_end, value, reason, note, target)


def parse(content: Source, *, limits: Limits = import_limits.WEB) -> ParsedFile:
    """Read and validate a whole file, keeping every row. Nothing is written; `errors` lists the problems."""
    return _scan(content, limits, keep_inputs=True)


def colour_changes(parsed: ParsedFile) -> list[colours.ColourChange]:
    """This council's periods whose colour the file changes, through a value or a target."""
    new_targets = services.plan_observations([r for r in parsed.home_values if r.target is not None]).new_targets
    return colours.colour_changes(parsed.home_values, new_targets)


def old_target_error(changes: Sequence[colours.ColourChange]) -> RowError | None:
    """A target on an earlier period that recolours periods the file does not touch: said, never done silently."""
    recoloured = [c for c in changes if c.through_old_target]
    if not recoloured:
        return None
    listed = ", ".join(f"{c.indicator.code} {c.period_end:%Y-%m-%d} ({c.before} to {c.after})" for c in recoloured[:10])
    more = f" and {len(recoloured) - 10} more" if len(recoloured) > 10 else ""
    return RowError(
        1,
        "target",
        f"A target in this file, set on an earlier period, changes the colour of {len(recoloured)} later period(s) "
        f"the file does not contain: {listed}{more}. Check them in the upload page's preview, or run the command "
        "again with --accept-target-changes if that is meant.",
    )


def import_file(
    source: Source,
    filename: str = "",
    *,
    user,
    limits: Limits = import_limits.COMMAND_LINE,
    accept_target_changes: bool = False,
) -> services.ApplyResult:
    """Check the whole file, then write it in chunks inside one transaction (any size, bounded memory); raises
    ImportRejected (nothing written) on any problem, including a target that would recolour later periods the file
    does not contain unless `accept_target_changes`."""
    checked = _scan(source, limits, keep_inputs=False)
    if not checked.ok:
        raise ImportRejected(checked.errors, checked.error_count)
    if not accept_target_changes and (error := old_target_error(colour_changes(checked))):
        raise ImportRejected([error])
    reason = f"Imported from {filename}"[:100]
    with transaction.atomic():
        parsed = ParsedFile()
        problems = _Problems(parsed, limits.errors)
        positions = None
        lookups = _Lookups()
        chunk: list[ObservationInput] = []
        totals: dict[str, int] = defaultdict(int)
        for number, row in _rows(source, limits, parsed):
            if positions is None:
                if _is_header(row):
                    positions, _ = _header(number, row)
                continue
            if (item := _parse_row(number, row, positions, lookups, problems)) is not None:
                chunk.append(item)
            if len(chunk) >= CHUNK_ROWS:
                _apply(chunk, user, reason, totals)
        _apply(chunk, user, reason, totals)
        if parsed.error_count:  # the file changed between the two passes
            transaction.set_rollback(True)
            raise ImportRejected(parsed.errors, parsed.error_count)
    return services.ApplyResult(**{name: totals[name] for name in services.ApplyResult.__dataclass_fields__})


def _apply(chunk: list[ObservationInput], user, reason: str, totals: dict[str, int]) -> None:
    if chunk:
        result = services.apply_observations(inputs=chunk, user=user, reason=reason)
        for name in services.ApplyResult.__dataclass_fields__:
            totals[name] += getattr(result, name)
        chunk.clear()


def apply_parsed(parsed: ParsedFile, *, user, filename: str) -> services.ApplyResult:
    """Write a checked upload in chunks, all or nothing."""
    totals: dict[str, int] = defaultdict(int)
    reason = f"Imported from {filename}"[:100]
    with transaction.atomic():
        for start in range(0, len(parsed.inputs), CHUNK_ROWS):
            _apply(parsed.inputs[start : start + CHUNK_ROWS], user, reason, totals)
    return services.ApplyResult(**{name: totals[name] for name in services.ApplyResult.__dataclass_fields__})


# Between preview and commit the validated rows wait in the database cache (several app servers share it), as
# plain codes and strings, compressed; they are resolved and checked again on commit, since the catalogue may
# have changed.
def to_payload(inputs: Sequence[ObservationInput]) -> bytes:
    rows = [
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
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)


def from_payload(payload: bytes) -> ParsedFile:
    """Rebuild a stored upload as a ParsedFile, re-validated against the catalogue as it is now."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for code, authority, period_end, value, reason, note, target in json.loads(zlib.decompress(payload)):
        writer.writerow([code, period_end, value or reason, authority, target or "", note])
    return parse(buffer.getvalue().encode("utf-8"), limits=import_limits.COMMAND_LINE)


def preview(parsed: ParsedFile) -> services.WritePlan:
    return services.plan_observations(parsed.inputs)
