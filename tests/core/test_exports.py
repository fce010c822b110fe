"""core.exports: one exporter for every download, whichever way a page comes to it."""

import csv
import io

import openpyxl
import pytest
from django.http import Http404
from django.test import RequestFactory

from core.exports import CSV_BOM, Table, chosen_table_response, table_response

TABLE = Table("Risk register", ["Reference", "Risk"], [["R1", '=HYPERLINK("http://x")'], ["R2", "-1,052"]])


def test_csv_starts_with_a_byte_order_mark_and_neutralises_formulas():
    response = table_response("csv", TABLE, "plan-1-risks")
    text = response.content.decode("utf-8")
    assert text.startswith(CSV_BOM)
    rows = list(csv.reader(io.StringIO(text.removeprefix(CSV_BOM))))
    assert rows == [["Reference", "Risk"], ["R1", '\'=HYPERLINK("http://x")'], ["R2", "-1,052"]]
    assert response["Content-Disposition"] == 'attachment; filename="plan-1-risks.csv"'


def test_xlsx_names_its_sheet_after_the_table():
    response = table_response("xlsx", TABLE, "plan-1-risks")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Risk register"
    assert [c.value for c in sheet[2]] == ["R1", '\'=HYPERLINK("http://x")']


def test_chosen_table_is_named_by_the_query_and_an_unknown_name_is_404():
    tables = {"risks": TABLE}
    request = RequestFactory().get("/", {"table": "risks", "_export": "csv"})
    response = chosen_table_response(request, "csv", tables.get, "plan-1")
    assert response["Content-Disposition"] == 'attachment; filename="plan-1-risks.csv"'
    with pytest.raises(Http404):
        chosen_table_response(RequestFactory().get("/", {"table": "budget"}), "csv", tables.get, "plan-1")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="Unknown export format"):
        table_response("pdf", TABLE, "x")
