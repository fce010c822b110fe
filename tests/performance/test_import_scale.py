"""Large imports through the page and the command: each file read once per request, checked rows reused on commit,
derived figures over the whole file, and the workbook reader's shortcuts giving what openpyxl gives."""

import datetime
import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.text import Text

from performance.importing import readers
from performance.importing.limits import COMMAND_LINE
from performance.models import Observation
from tests import factories

from .workbooks import rewrite_sheets, save

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rows(content: bytes) -> list[list]:
    return [row for _, row in readers.read_rows(content, COMMAND_LINE, readers.Reading([]))]


@pytest.mark.parametrize(
    "inline",
    [
        "<t>plain</t>",
        '<t xml:space="preserve">  spaced  </t>',
        "<r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r>",
        "<t>before</t><r><t> run</t></r>",
        "<r><t>東京</t></r><rPh sb='0' eb='2'><t>トウキョウ</t></rPh>",
        "<t/>",
    ],
)
def test_inline_strings_read_as_openpyxl_reads_them(inline):
    xml = f'<is xmlns="{MAIN}">{inline.replace(chr(39), chr(34))}</is>'
    element = ElementTree.fromstring(xml)

    assert readers._inline_text(element) == (Text.from_tree(element).content or "")


def test_a_workbook_of_inline_strings_without_a_size_record_is_read_whole(council):
    book = Workbook(write_only=True)  # openpyxl (and pandas) write text inline and no size record
    sheet = book.create_sheet("figures")
    sheet.append(["indicator", "period_end", "value", "note"])
    for n in range(1, 40):
        sheet.append(["contacts", datetime.date(2015, 1, 31), 100 + n, f"row {n} \u2013 £{n}"])
    content = save(book)
    assert b"<dimension" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")

    rows = _rows(content)

    expected = [[c.value for c in r] for r in load_workbook(io.BytesIO(content)).active.iter_rows()]
    assert len(rows) == 40
    assert [row[3] for row in rows] == [r[3] for r in expected]
    assert rows[-1][:3] == ["contacts", datetime.datetime(2015, 1, 31), Decimal(139)]


def test_rich_text_cells_in_a_workbook_are_read_as_shown(council):
    book = Workbook()
    book.active.append(["indicator", "period_end", "value", "note"])
    book.active.append(["contacts", "2015-01-31", 5, "PLACEHOLDER"])
    rich = '<c r="D2" t="inlineStr"><is><r><t>Checked </t></r><r><rPr><i/></rPr><t>twice</t></r></is></c>'
    content = rewrite_sheets(save(book), lambda xml: re.sub(r'<c r="D2"[^>]*>.*?</c>', rich, xml))

    assert _rows(content)[1][3] == "Checked twice"


# The upload page: the preview reads and checks the file once; the commit reuses the checked rows.

HEADER = "indicator,period_end,value,authority,target,note\n"


def test_the_preview_reads_the_file_once_and_the_commit_not_at_all(admin_client, council, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from performance import importer as importer_module
    from performance.importing import validation

    reads, checks = [], []
    real_read, real_check = importer_module.read_rows, validation.parse_row
    monkeypatch.setattr(importer_module, "read_rows", lambda *a, **k: reads.append(1) or real_read(*a, **k))
    monkeypatch.setattr(validation, "parse_row", lambda *a, **k: checks.append(1) or real_check(*a, **k))
    lines = "".join(f"contacts,{2015 + n // 12}-{n % 12 + 1:02d}-28,{100 + n},,,\n" for n in range(30))

    preview = admin_client.post(
        reverse("performance:import"), {"file": SimpleUploadedFile("f.csv", (HEADER + lines).encode(), "text/csv")}
    )
    assert preview.status_code == 200 and (len(reads), len(checks)) == (1, 30)
    commit = admin_client.post(reverse("performance:import_commit"), {"token": preview.context["token"]})

    assert commit.status_code == 302 and (len(reads), len(checks)) == (1, 30)
    assert Observation.objects.count() == 30


def test_a_row_whose_indicator_went_away_after_the_preview_is_refused_by_its_row_number(council):
    from performance import importer, uploads
    from performance.models import Indicator

    local = factories.IndicatorFactory(code="local_measure")
    content = (HEADER + "contacts,2015-07-31,100,,,\n\n\nlocal_measure,2015-07-31,5,,,\n").encode()
    parsed = importer.parse(content)
    payload = uploads.to_payload(parsed.inputs, parsed.row_numbers)
    local.delete()
    Indicator.objects.filter(code="contacts").update(numerator=Indicator.objects.get(code="referrals"), factor=100)

    again = uploads.from_payload(payload)

    assert not again.ok and not again.inputs
    assert [(e.row, e.column) for e in again.errors] == [(2, "value"), (5, "")]
    assert "removed after the preview" in again.errors[1].message
