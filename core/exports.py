"""CSV and XLSX downloads: one way for every table page, with spreadsheet formula injection neutralised.

Every download is built by `dataset` (headers and rows, each cell neutralised) and written by `export_content`
(a CSV starts with a byte-order mark). The ways in: list pages use `TableExportMixin` (django-tables2), or
`tables2_response` for a django-tables2 table on another page; pages whose tables are not django-tables2 tables
(reports, governance, change tables) build a `Table` in their sub-package's exports and call `table_response`
(`chosen_table_response` where `?table=` names one of several). All trigger on `?_export=csv|xlsx`, and the
template include `includes/export_links.html` renders the links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from django.http import Http404, HttpRequest, HttpResponse
from django_tables2.export import ExportMixin, TableExport
from tablib import Dataset

EXPORT_PARAM = "_export"
FORMATS = ("csv", "xlsx")
# Excel (and LibreOffice) run a cell as a formula when its text starts with one of these, also after leading
# spaces or line breaks, and also in their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), read as = + - @.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_LEADING_SPACE = " \u00a0\u3000\t\r\n"
_NUMBER = re.compile(r"^[+-]?[\d,]*\.?\d+%?$")
# Excel opens a CSV as UTF-8 only when it starts with a byte-order mark; without one, dashes, pound signs and
# accented names come out garbled.
CSV_BOM = "\ufeff"


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula (=cmd|..., +, -, @, after spaces or a line break, or
    full-width) with an apostrophe.

    Plain numbers such as "-1,052" are left alone so that change columns stay numbers."""
    if not isinstance(value, str) or not value:
        return value
    if (value.startswith(_FORMULA_START) or value.lstrip(_LEADING_SPACE).startswith(_FORMULA_START)) and not (
        _NUMBER.match(value.strip())
    ):
        return "'" + value
    return value


def export_content(data: Dataset, export_format: str) -> str | bytes:
    content: str | bytes = data.export(export_format)
    return CSV_BOM + content if isinstance(content, str) and export_format == "csv" else content


def dataset(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str = "Export") -> Dataset:
    data = Dataset(title=title[:31])  # Excel limits sheet names to 31 characters
    data.headers = [neutralise(str(h)) for h in headers]
    for row in rows:
        data.append([neutralise(cell) for cell in row])
    return data


def export_response(
    export_format: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], filename: str, title: str = "Export"
) -> HttpResponse:
    if export_format not in FORMATS:
        raise ValueError(f"Unknown export format {export_format!r}")
    data = dataset(headers, rows, title)
    content_type = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[export_format]
    response = HttpResponse(export_content(data, export_format), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


class Table(NamedTuple):
    """A table to download: its sheet's title, its column headers and its rows (computed columns included)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]


def table_response(export_format: str, table: Table, filename: str) -> HttpResponse:
    return export_response(export_format, table.headers, table.rows, filename, table.title)


def chosen_table_response(
    request: HttpRequest, export_format: str, build: Callable[[str], Table | None], filename: str
) -> HttpResponse:
    """The one of a page's tables that `?table=` names (`build` gives None for a name that is not one: 404)."""
    name = request.GET.get("table", "")
    table = build(name)
    if table is None:
        raise Http404("No such table on this page.")
    return table_response(export_format, table, f"{filename}-{name}")


def tables2_response(export_format: str, table: Any, filename: str) -> HttpResponse:
    """A django-tables2 table on a page that is not a table view, exported as `TableExportMixin` would."""
    response: HttpResponse = SafeTableExport(export_format, table).response(f"{filename}.{export_format}")
    return response


def requested_format(request: HttpRequest) -> str | None:
    value = request.GET.get(EXPORT_PARAM)
    return value if value in FORMATS else None


class SafeTableExport(TableExport):  # type: ignore[misc]  # django-tables2 ships no type information
    def export(self) -> str | bytes:
        return export_content(self.dataset, self.format)

    def table_to_dataset(self, table: Any, exclude_columns: Any, dataset_kwargs: Any = None) -> Dataset:
        raw: Dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        return dataset(raw.headers or [], raw, title=raw.title or "Export")


class TableExportMixin(ExportMixin):  # type: ignore[misc]  # django-tables2 ships no type information
    """For SingleTableView/FilterView pages: exports exactly what the filtered table shows, computed columns
    included (columns are exported through their `value_*` methods or rendered values)."""

    export_class = SafeTableExport
    export_formats = FORMATS
    export_trigger_param = EXPORT_PARAM
