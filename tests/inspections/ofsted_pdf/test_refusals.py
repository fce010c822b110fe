"""Files that are not a readable Ofsted children's services report are refused with one line saying why."""

import io

import pypdf
import pytest
from django.core.management import CommandError, call_command

from inspections.ofsted_pdf import ReportRefused, read_report
from tests.inspections.ofsted_pdf.conftest import REFUSE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("not_a_pdf.pdf", "not a PDF"),
        ("encrypted.pdf", "encrypted"),
        ("scanned.pdf", "no text layer"),
        ("committee_report.pdf", "not an Ofsted inspection report"),
    ],
)
def test_command_refuses_with_one_line_and_non_zero_exit(name, reason, capsys):
    with pytest.raises(CommandError) as refused:
        call_command("import_ofsted_report", str(REFUSE / name))
    message = str(refused.value)
    assert reason in message
    assert "\n" not in message


def test_a_damaged_pdf_is_refused():
    with pytest.raises(ReportRefused, match=r"cannot be read|not a PDF|no text layer"):
        read_report(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")


def test_a_pdf_that_never_names_ofsted_is_refused():
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ReportRefused, match="no text layer"):
        read_report(buffer.getvalue())


def test_a_file_too_large_is_refused_before_parsing():
    with pytest.raises(ReportRefused, match="larger than"):
        read_report(b"%PDF-1.4" + b" " * (21 * 1024 * 1024))
