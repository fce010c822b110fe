"""Rows from an observations file, streamed with bounded memory, as a person sees them on screen.

`read_rows(source, limits)` yields `(row number, cells)` for every row holding any value (row 1 is the file's first
line or the sheet's first row, as a spreadsheet numbers them). It raises `Unreadable` with a message saying what to
do when the file cannot be read at all.

CSV: UTF-8 (a byte-order mark is fine); comma-, semicolon- or tab-separated (Excel saves "CSV" with semicolons in
many European locales); a NUL byte anywhere refuses the file.

XLSX: only the sheet shown when the workbook opens (the active sheet) is read, never a hidden one. The sheet's XML is
read cell by cell, whatever size the workbook says it has (a stale size record would otherwise hide rows and
columns), and empty cells cost nothing, so a row formatted to the sheet's end is harmless. Cells come back as
the person sees them: numbers as Excel shows them (15 significant digits), Percent-formatted numbers as `Percent`
(0.875 shown as 87.5%), formulas as their calculated value, or `Formula` when the file holds no calculated value.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from performance.importing.limits import COMMAND_HINT, Limits

HOW_TO_SAVE = "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)', or upload the .xlsx workbook."
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
HEADER_WORDS = ("indicator", "period_end", "value")
SNIFF_BYTES = 64 * 1024
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

Source = bytes | Path
Row = tuple[int, list]


class Unreadable(Exception):
    """The file cannot be read at all; `row` is where reading stopped (1 when it never started)."""

    def __init__(self, message: str, row: int = 1):
        self.message, self.row = message, row
        super().__init__(message)


@dataclass(frozen=True)
class Percent:
    """A number in a cell formatted as Percent: Excel stores 87.5% as 0.875 and shows it as 87.5%."""

    fraction: Decimal

    @property
    def shown(self) -> Decimal:
        return (self.fraction * 100).normalize()

    def __str__(self) -> str:
        return f"{self.shown:f}%"


@dataclass(frozen=True)
class Formula:
    """A formula cell saved without its calculated value (written by a program, never opened in Excel)."""

    def __str__(self) -> str:
        return "a formula with no calculated value"


@dataclass
class Reading:
    """What was read, for the preview: notes such as which sheet, or which separator."""

    notes: list[str]


def head(source: Source, size: int = SNIFF_BYTES) -> bytes:
    if isinstance(source, Path):
        with source.open("rb") as file:
            return file.read(size)
    return source[:size]


def read_rows(source: Source, limits: Limits, reading: Reading) -> Iterator[Row]:
    start = head(source)
    if not start.strip():
        raise Unreadable("The file is empty; it needs a header row and at least one row of figures.")
    if start.startswith(XLSX_MAGIC):
        return _xlsx_rows(source, limits, reading)
    if start.startswith(XLS_MAGIC):
        raise Unreadable("Old Excel .xls workbooks cannot be read. " + HOW_TO_SAVE)
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Unreadable("The file is saved as UTF-16 ('Unicode Text'), which cannot be read. " + HOW_TO_SAVE)
    if b"\x00" in start[:1024]:  # a binary file; a NUL further on is reported with its line
        raise Unreadable("This is not a CSV or XLSX file (it holds binary data). " + HOW_TO_SAVE)
    _check_csv_rows(source, limits)
    return _csv_rows(source, start, reading)


# CSV ----------------------------------------------------------------------------------------------------------


def _delimiter(start: bytes) -> str:
    """The separator that splits a header line (in the first lines, titles may come first) into known columns."""
    text = start.decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.lower() for line in text.splitlines()[:10]]
    for delimiter in DELIMITERS:
        for line in lines:
            names = {cell.strip().strip('"') for cell in line.split(delimiter)}
            if len(names & set(HEADER_WORDS)) >= 2:
                return delimiter
    return ","


_BLANK_LINE = re.compile(rb"\n[,;\t\r ]*(?=\n)")


def _check_csv_rows(source: Source, limits: Limits) -> None:
    """Refuse an upload with too many rows before reading any: lines holding anything but separators are counted
    in one pass over the bytes, so a million bad rows are refused at once rather than checked one by one."""
    if limits.rows is None or isinstance(source, Path):
        return
    lines = source.count(b"\n") + (not source.endswith(b"\n")) - len(_BLANK_LINE.findall(source))
    if lines > limits.rows:
        raise Unreadable(
            f"The file has {lines:,} lines; the limit for an upload is {limits.rows:,} rows. Split it into smaller "
            f"files. {COMMAND_HINT}"
        )


def _lines(raw, counter: list[int]) -> Iterator[str]:
    """Decoded lines, checked one by one, so that a problem is reported on the line a text editor shows."""
    for number, line in enumerate(raw, start=1):
        counter[0] = number
        if b"\x00" in line:
            raise Unreadable(
                "The file holds a NUL byte (a binary character), so it is not a text CSV file. " + HOW_TO_SAVE, number
            )
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Unreadable(
                f"The file is not UTF-8 text (byte 0x{line[exc.start]:02x} cannot be read). " + HOW_TO_SAVE, number
            ) from None
        yield text.lstrip("\ufeff") if number == 1 else text


def _csv_rows(source: Source, start: bytes, reading: Reading) -> Iterator[Row]:
    delimiter = _delimiter(start)
    if delimiter != ",":
        reading.notes.append(
            f"The columns are separated by {DELIMITERS[delimiter]}s (as Excel saves CSV in some languages); "
            "they were read as such."
        )
    counter = [0]
    with source.open("rb") if isinstance(source, Path) else io.BytesIO(source) as raw:
        reader = csv.reader(_lines(raw, counter), delimiter=delimiter)
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, cells
        except csv.Error as exc:
            raise Unreadable(f"This file cannot be read as CSV ({exc}). " + HOW_TO_SAVE, counter[0]) from None


# XLSX ---------------------------------------------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(number_format: str) -> bool:
    """A % outside quoted text, escapes and [colour] sections multiplies the shown value by 100."""
    return "%" in _QUOTED.sub("", number_format or "")


def _xlsx_rows(source: Source, limits: Limits, reading: Reading) -> Iterator[Row]:
    file = source if isinstance(source, Path) else io.BytesIO(source)
    _check_unpacked_size(file, limits)
    try:
        workbook = _load_workbook(file)
    except Exception:  # openpyxl raises many types for a damaged or mislabelled zip
        raise Unreadable("This file looks like an Excel workbook but cannot be opened. " + HOW_TO_SAVE) from None
    try:
        sheet = _active_sheet(workbook, reading)
        yield from _sheet_rows(workbook, sheet, limits)
    finally:
        workbook.close()


def _load_workbook(file):
    """openpyxl's read-only workbook, without its size scan: for a sheet with no size record openpyxl reads the
    whole sheet once just to find its size, and the importer reads every cell whatever size is recorded."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self):
            pass

    class Reader(ExcelReader):
        def read_worksheets(self):
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    self.read_chartsheet(sheet, rel)
                    continue
                worksheet = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)

    reader = Reader(file, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _check_unpacked_size(file, limits: Limits) -> None:
    if limits.unpacked_bytes is None:
        return
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Unreadable("This file looks like an Excel workbook but cannot be opened. " + HOW_TO_SAVE) from None
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if unpacked > limits.unpacked_bytes:
        raise Unreadable(
            f"The workbook unpacks to {_size(unpacked)}; the limit for an upload is "
            f"{_size(limits.unpacked_bytes)}. Split it, or save the figures as CSV. {COMMAND_HINT}"
        )


def _size(count: int) -> str:
    return f"{count / 2**20:,.1f} MB" if count >= 2**20 else f"{count / 1024:,.1f} KB"


def _active_sheet(workbook, reading: Reading):
    visible = [ws for ws in workbook.worksheets if ws.sheet_state == "visible"]
    if not visible:
        raise Unreadable("Every sheet in this workbook is hidden; unhide the sheet with the figures and save again.")
    try:
        active = workbook.active
    except IndexError:
        active = None
    if active is None or active.sheet_state != "visible":
        if len(visible) > 1:
            names = ", ".join(f"'{ws.title}'" for ws in visible)
            raise Unreadable(
                f"The workbook has several sheets ({names}) and none is open; open the sheet with the figures, "
                "save, and upload again."
            )
        active = visible[0]
    hidden = len(workbook.worksheets) - len(visible)
    others = [ws.title for ws in visible if ws is not active]
    note = f"Read the sheet '{active.title}' (the sheet shown when the workbook opens)."
    if others:
        note += " Not read: " + ", ".join(f"'{name}'" for name in others) + "."
    if hidden:
        note += f" {hidden} hidden sheet{'s' if hidden > 1 else ''} never read."
    reading.notes.append(note)
    return active


def _sheet_rows(workbook, sheet, limits: Limits) -> Iterator[Row]:
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.worksheet._reader import FORMULA_TAG, INLINE_STRING, WorkSheetParser

    formats = _cell_formats(workbook)

    class Parser(WorkSheetParser):
        """openpyxl's streaming parser, keeping what openpyxl's own reading drops: whether a cell without a value
        holds a formula. Row formatting is not kept (it would grow with every formatted row)."""

        def parse_row(self, row):
            self.cells_seen += 1  # an empty formatted row costs a little too: it counts as a cell
            self.row_dimensions.clear()
            return super().parse_row(row)

        def parse_cell(self, element):
            self.cells_seen += 1
            if element.get("t") == "inlineStr":
                return self.inline_string(element)
            cell = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = Formula()
            return cell

        def inline_string(self, element):
            """A cell holding its text (as openpyxl and pandas write them): the text of its plain and formatted
            runs, as openpyxl's `Text.content` gives it, without building openpyxl's objects for every cell."""
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
            else:
                self.col_counter += 1
                row, column = self.row_counter, self.col_counter
            style = element.get("s")
            child = element.find(INLINE_STRING)
            value = None if child is None else _inline_text(child)
            return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": int(style or 0)}

    with sheet._get_source() as xml:
        parser = Parser(
            xml,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        parser.cells_seen = 0
        try:
            for number, cells in parser.parse():
                if limits.over("cells", parser.cells_seen):
                    raise Unreadable(
                        f"The sheet holds more than {limits.cells:,} cells (formatted empty cells and rows count "
                        f"too); the limit for an upload is {limits.cells:,}. Delete the unused rows and columns, "
                        f"or split the file. {COMMAND_HINT}",
                        number,
                    )
                values = _row_values(cells, formats)
                if values:
                    yield number, values
        except Unreadable:
            raise
        except Exception:  # a damaged sheet: openpyxl and the XML parser raise many types
            raise Unreadable("A sheet of this workbook is damaged and cannot be read. " + HOW_TO_SAVE) from None


_TEXT_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"
_RUN_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}r"


def _inline_text(element) -> str:
    """An inline string's text: its plain text, then each formatted run's text (phonetic guides are not shown)."""
    if len(element) == 1 and element[0].tag == _TEXT_TAG:  # plain text, nearly every cell
        return element[0].text or ""
    parts = [element.findtext(_TEXT_TAG) or ""]
    parts.extend(run.findtext(_TEXT_TAG) or "" for run in element.iterfind(_RUN_TAG))
    return "".join(parts)


def _cell_formats(workbook) -> list[bool]:
    """For each cell style, whether it is a Percent format."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    percent = []
    for style in workbook._cell_styles:
        number_format_id = style.numFmtId
        if number_format_id < BUILTIN_FORMATS_MAX_SIZE:
            number_format = BUILTIN_FORMATS.get(number_format_id, "General")
        else:
            number_format = workbook._number_formats[number_format_id - BUILTIN_FORMATS_MAX_SIZE]
        percent.append(is_percent_format(number_format))
    return percent


def _row_values(cells: list[dict], percent_styles: list[bool]) -> list:
    """The row's cells from column A to its last non-empty cell; [] when every cell is empty."""
    found = {}
    for cell in cells:
        value = cell["value"]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, float | int) and not isinstance(value, bool):
            number = Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(value)
            style = cell["style_id"] or 0
            value = Percent(number) if style < len(percent_styles) and percent_styles[style] else number
        elif isinstance(value, datetime.time | datetime.timedelta):
            value = str(value)
        found[cell["column"]] = value
    if not found:
        return []
    row = [None] * max(found)
    for column, value in found.items():
        row[column - 1] = value
    return row
