"""Reading an observations file (CSV or XLSX) as DESIGN.md "Interfaces" defines it, all or nothing.

Columns: indicator (code, any case), period_end (YYYY-MM-DD), value (number or c/x/z/u), and optional authority
(blank: this council), target (blank: unchanged) and note. Every problem is reported with its row (as a
spreadsheet numbers rows) and column; a file with any problem writes nothing. A title above the header row is
recognised and skipped.

Reading (`performance.importing.readers`) streams the file; a cell is read as the person sees it or refused
(`performance.importing.cells`). The upload page works within `limits.WEB`; the command line streams any size in
two passes (check everything, then write in chunks in one transaction), so memory stays bounded.

The period end must be a plausible date (1990 to the end of the current period). A monthly figure may be dated on
any day (a snapshot "as at 19 May" is a valid figure for a monthly indicator); an annual figure must be dated on its
publication's year end (31 March, 30 September).

A DfE Explore Education Statistics file is recognised by its first row and read as published (`performance.dfe`);
its child populations are saved before its figures. A file whose figures would make a derived percentage over 100
is refused.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from performance import dfe, reference, services
from performance.importing import colours, validation
from performance.importing import limits as import_limits
from performance.importing.limits import Limits
from performance.importing.readers import Reading, Source, Unreadable, read_rows
from performance.importing.validation import COLUMNS, RowError
from performance.services import ObservationInput

__all__ = ["COLUMNS", "ImportRejected", "ParsedFile", "RowError", "import_file", "parse"]

CHUNK_ROWS = 5000
WEB_LIMITS = import_limits.WEB


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
    # DfE files (performance.dfe): what was not imported, and the child populations the file gives.
    dfe: bool = False
    ignored: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    populations: dict = field(default_factory=dict)
    mappings: dict[str, str] = field(default_factory=dict)  # a DfE file's column mappings, for the second pass

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)


def _rows(source: Source, lim: Limits, parsed: ParsedFile) -> Generator[tuple[int, list], None, None]:
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


def _scan(source: Source, lim: Limits, *, keep_inputs: bool, mappings: dict[str, str] | None = None) -> ParsedFile:
    """Read and check a whole file. Keeps every input only when asked (the command line keeps none, so that any
    size fits in memory, except the inputs of derived indicators, checked together); this council's rated figures
    and target rows are always kept. A DfE file (recognised by its first row) is streamed by `performance.dfe`."""
    parsed = ParsedFile()
    problems = validation.Problems(parsed, lim.errors)
    try:
        rows = _rows(source, lim, parsed)
        first = next(rows, None)
        if first is not None and dfe.is_layout(first[1]):
            rows.close()
            parsed.rows, parsed.notes[:] = 0, []  # read again from the start, streamed, by performance.dfe
            _scan_dfe(source, lim, parsed, problems, mappings, keep_inputs=keep_inputs)
            return with_derived_checks(parsed, problems)
        header = validation.find_header(itertools.chain([first] if first else [], rows), parsed)
        if header is None:
            return parsed
        header_number, positions = header
        lookups = validation.Lookups()
        derived_sources = {
            pk for i in lookups.indicators.values() if i.numerator_id for pk in (i.numerator_id, i.denominator_id) if pk
        }
        seen: dict[int, int] = {}
        any_rows = False
        for number, row in rows:
            any_rows = True
            item = validation.parse_row(number, row, positions, lookups, problems)
            if item is None:
                continue
            key = ((item.indicator.pk * 1_000_000 + item.authority.pk) << 22) + item.period_end.toordinal()
            if key in seen:
                problems.add(
                    RowError(number, "period_end", f"Same indicator, authority and period end as row {seen[key]}.")
                )
                continue
            seen[key] = number
            if keep_inputs or item.indicator.pk in derived_sources:
                parsed.inputs.append(item)
                parsed.row_numbers.append(number)
            if item.authority.is_home and _decides_colour(item):
                parsed.home_values.append(item)
        if not any_rows:
            problems.add(RowError(header_number, "", "The file has a header but no figures below it."))
        validation.list_known_codes(lookups, problems)
    except Unreadable as exc:
        problems.add(RowError(exc.row, "", exc.message))
    return with_derived_checks(parsed, problems)


def _passes(source: Source, lim: Limits, counted: ParsedFile) -> dfe.Rows:
    """Fresh streams over the file for `performance.dfe`, which reads it twice: the first pass (finding filter
    columns, often stopping early) counts nothing, the second counts rows against the limit into `counted`."""
    targets = [counted, ParsedFile()]

    def rows() -> Iterator[tuple[int, list]]:
        return _rows(source, lim, targets.pop())

    return rows


def _scan_dfe(
    source: Source,
    lim: Limits,
    parsed: ParsedFile,
    problems: validation.Problems,
    mappings: dict[str, str] | None,
    *,
    keep_inputs: bool,
) -> None:
    """A DfE file as published, streamed: its measure columns become the importer's rows (`performance.dfe`).
    Keeps every input only when asked, like an ordinary file; this council's rated figures and the inputs of
    derived indicators always."""
    parsed.dfe, parsed.mappings = True, dict(mappings or {})
    found = ParsedFile()
    sources = services.derived_source_ids()
    for number, item in dfe.read_items(_passes(source, lim, parsed), found, mappings=mappings):
        if keep_inputs or item.indicator.pk in sources:
            parsed.inputs.append(item)
            parsed.row_numbers.append(number)
        if item.authority.is_home and _decides_colour(item):
            parsed.home_values.append(item)
    for error in found.errors:
        problems.add(error)
    parsed.ignored, parsed.unmapped, parsed.populations = found.ignored, found.unmapped, found.populations


def _decides_colour(item: ObservationInput) -> bool:
    return item.target is not None or item.indicator.polarity in colours.RATED


def with_derived_checks(parsed: ParsedFile, problems: validation.Problems) -> ParsedFile:
    """Refuse a file whose figures would make a derived percentage over 100 (an annual total in a monthly series
    does), naming the rows of its inputs. A file with any problem keeps nothing to write."""
    if parsed.ok:
        rows = {row.key: number for row, number in zip(parsed.inputs, parsed.row_numbers, strict=True)}
        for problem in services.derived_problems(parsed.inputs):
            indicator = problem.indicator
            sources = [indicator.numerator_id, indicator.denominator_id]
            numbers = [rows.get((pk, problem.authority.pk, problem.period_end)) for pk in sources if pk]
            for number in sorted({n for n in numbers if n}):
                problems.add(RowError(number, "value", str(problem)))
    if parsed.errors:
        parsed.inputs, parsed.row_numbers, parsed.home_values, parsed.populations = [], [], [], {}
    return parsed


def parse(content: Source, *, limits: Limits = import_limits.WEB, mappings: dict[str, str] | None = None) -> ParsedFile:
    """Read and validate a whole file, keeping every row. Nothing is written; `errors` lists the problems.

    A DfE Explore Education Statistics file is read as published (`performance.dfe`); `mappings` maps its
    measure columns the import does not know to indicator codes."""
    return _scan(content, limits, keep_inputs=True, mappings=mappings)


def colour_changes(parsed: ParsedFile) -> list[colours.ColourChange]:
    """This council's periods whose colour the file changes, through a value or a target."""
    new_targets = services.sort_observation_writes([r for r in parsed.home_values if r.target is not None]).new_targets
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
    mappings: dict[str, str] | None = None,
    chunk_rows: int | None = None,
) -> services.ApplyResult:
    """Check the whole file, then write it in chunks inside one transaction (any size, bounded memory); raises
    ImportRejected (nothing written) on any problem, including a target that would recolour later periods the file
    does not contain unless `accept_target_changes`."""
    checked = check(source, limits=limits, accept_target_changes=accept_target_changes, mappings=mappings)
    return write(checked, source, filename, user=user, limits=limits, chunk_rows=chunk_rows)


def check(
    source: Source,
    *,
    limits: Limits = import_limits.COMMAND_LINE,
    accept_target_changes: bool = False,
    mappings: dict[str, str] | None = None,
) -> ParsedFile:
    """The first pass: every problem in the file (ImportRejected), keeping only what the second pass cannot
    read again (a DfE file's rows and populations; this council's rated figures; the inputs of derived
    indicators, recomputed once after the last chunk)."""
    checked = _scan(source, limits, keep_inputs=False, mappings=mappings)
    if not checked.ok:
        raise ImportRejected(checked.errors, checked.error_count)
    if not accept_target_changes and (error := old_target_error(colour_changes(checked))):
        raise ImportRejected([error])
    return checked


def write(
    checked: ParsedFile,
    source: Source,
    filename: str = "",
    *,
    user,
    limits: Limits,
    chunk_rows: int | None = None,
) -> services.ApplyResult:
    """The second pass over a checked file: a DfE file's populations then its figures; an ordinary file read again
    and written in chunks, all in one transaction. Derived indicators are recomputed once, after the last chunk,
    from the inputs the first pass kept."""
    reason = f"Imported from {filename}"[:100]
    chunk_rows = chunk_rows or CHUNK_ROWS
    if checked.dfe:
        return _write_dfe(checked, source, user=user, reason=reason, limits=limits, chunk_rows=chunk_rows)
    with transaction.atomic():
        parsed = ParsedFile()
        totals = _write_chunks(_read_again(source, limits, parsed), user=user, reason=reason, chunk_rows=chunk_rows)
        if parsed.error_count:  # the file changed between the two passes
            transaction.set_rollback(True)
            raise ImportRejected(parsed.errors, parsed.error_count)
        _recompute(checked.inputs, user, totals)
    return _result(totals)


@transaction.atomic
def _write_dfe(
    checked: ParsedFile, source: Source, *, user, reason: str, limits: Limits, chunk_rows: int
) -> services.ApplyResult:
    """A checked DfE file: its child populations first (derived rates use them), then its figures read again and
    written in chunks, then the derived indicators."""
    reference.save_populations(checked.populations, user=user)
    found = ParsedFile()
    items = dfe.read_items(_passes(source, limits, ParsedFile()), found, mappings=checked.mappings)
    totals = _write_chunks((item for _, item in items), user=user, reason=reason, chunk_rows=chunk_rows)
    if found.errors:  # the file changed between the two passes
        transaction.set_rollback(True)
        raise ImportRejected(found.errors)
    _recompute(checked.inputs, user, totals)
    return _result(totals)


def _read_again(source: Source, limits: Limits, parsed: ParsedFile) -> Iterator[ObservationInput]:
    """An ordinary file's figures, read again for the second pass; any problem is counted into `parsed`."""
    problems = validation.Problems(parsed, limits.errors)
    positions = None
    lookups = validation.Lookups()
    for number, row in _rows(source, limits, parsed):
        if positions is None:
            if validation.is_header(row):
                positions, _ = validation.header_positions(number, row)
            continue
        if (item := validation.parse_row(number, row, positions, lookups, problems)) is not None:
            yield item


def _write_chunks(items: Iterable[ObservationInput], *, user, reason: str, chunk_rows: int) -> dict[str, int]:
    """Write the figures in chunks of `chunk_rows` as they come (memory holds one chunk), for every write path:
    an ordinary file read again, a DfE file read again, an upload's checked rows. Returns the running totals;
    derived indicators wait for `_recompute` after the last chunk."""
    totals: dict[str, int] = defaultdict(int)
    chunk: list[ObservationInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= chunk_rows:
            _apply(chunk, user, reason, totals)
    _apply(chunk, user, reason, totals)
    return totals


def _result(totals: dict[str, int]) -> services.ApplyResult:
    return services.ApplyResult(**{name: totals[name] for name in services.ApplyResult.__dataclass_fields__})


def _apply(chunk: list[ObservationInput], user, reason: str, totals: dict[str, int]) -> None:
    """Write one chunk; derived indicators wait for `_recompute` after the last chunk."""
    if chunk:
        try:
            result = services.apply_observations(inputs=chunk, user=user, reason=reason, recompute=False)
        except ValidationError as exc:  # the last line of defence; the checks above name rows
            raise ImportRejected([RowError(1, "", message) for message in exc.messages]) from None
        for name in services.ApplyResult.__dataclass_fields__:
            totals[name] += getattr(result, name)
        chunk.clear()


def _recompute(inputs: Sequence[ObservationInput], user, totals: dict[str, int]) -> None:
    """Recompute the derived indicators from the whole file's inputs of them, once every chunk is written."""
    sources = services.derived_source_ids()
    wanted = [i for i in inputs if i.indicator.pk in sources]
    try:
        totals["derived"] += services.recompute_derived(inputs=wanted, user=user)
    except ValidationError as exc:  # figures stored since the check make a derived percentage impossible
        raise ImportRejected([RowError(1, "", message) for message in exc.messages]) from None


@transaction.atomic
def apply(
    inputs: Sequence[ObservationInput],
    populations: dict,
    *,
    user,
    reason: str,
    chunk_rows: int | None = None,
) -> services.ApplyResult:
    """Write a validated file in chunks, all or nothing: the child populations it gives first, so derived rates use
    them, then the figures, then the derived indicators over the whole file."""
    reference.save_populations(populations, user=user)
    totals = _write_chunks(inputs, user=user, reason=reason, chunk_rows=chunk_rows or CHUNK_ROWS)
    _recompute(inputs, user, totals)
    return _result(totals)


def preview(parsed: ParsedFile) -> services.ObservationWrites:
    return services.sort_observation_writes(parsed.inputs)
