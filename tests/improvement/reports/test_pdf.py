"""PDF of a report through headless Chromium: tables and the text in them, DRAFT marking, missing browser."""

import subprocess

from django.test import Client
from django.urls import reverse

from improvement.reports import services


def _text(pdf_bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_issued_report_pdf_has_its_tables(council, admin_user, committee_member, tmp_path):
    report = services.report_issue(report=council["report"], user=admin_user)
    client = Client()
    client.force_login(committee_member)
    response = client.get(reverse("improvement:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _text(response.content, tmp_path)
    assert "AUDIT AND GOVERNANCE COMMITTEE" in text
    assert "1,052 (29%)" in text and "167 (97%)" in text
    assert "63 days overdue" in text and "Unallocated cases" in text
    assert "DRAFT" not in text


def test_draft_pdf_is_marked_draft(council, admin_user, tmp_path):
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("improvement:report_pdf", args=[council["report"].pk]))
    assert response.status_code == 200
    assert "DRAFT" in response["Content-Disposition"]
    assert "DRAFT" in _text(response.content, tmp_path)


def test_missing_chromium_gives_a_clear_error_page(council, admin_user, monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("improvement:report_pdf", args=[council["report"].pk]))
    assert response.status_code == 503
    assert "Chromium was not found at /nonexistent/chromium" in response.content.decode()
