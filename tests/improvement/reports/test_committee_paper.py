"""The printed committee paper: the demo's seed-000 paper fits in 6 pages with its front page, running header and
footer and intact tables; an issued report's PDF is rendered once, at issue, and served from storage after."""

import datetime
import re
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from demo.loader import load_demo
from improvement.models import Committee, CommitteeReport
from improvement.reports import pdf, printing, services
from tests import factories as f
from tests.improvement.reports.conftest import at


def _pages(document: bytes, tmp_path) -> list[str]:
    path = tmp_path / "paper.pdf"
    path.write_bytes(document)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _download(user, report) -> bytes:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("improvement:report_pdf", args=[report.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def no_chromium(monkeypatch):
    """Printing from now on fails: whatever is served must come from storage."""

    def refuse(html, **kwargs):
        raise AssertionError("Chromium was asked to print a report that should have been served from storage")

    monkeypatch.setattr(pdf, "html_to_pdf", refuse)


@pytest.fixture
def seed_000_paper(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    return CommitteeReport.objects.get(committee__kind=Committee.Kind.AUDIT_AND_GOVERNANCE)


def test_demo_seed_000_paper_is_a_committee_paper_of_six_pages_or_fewer(
    seed_000_paper, committee_member, no_chromium, tmp_path
):
    assert seed_000_paper.is_issued and seed_000_paper.pdf, "the PDF is rendered and stored at issue"
    document = _download(committee_member, seed_000_paper)
    assert document == bytes(seed_000_paper.pdf)
    pages = _pages(document, tmp_path)
    count = len(pages)
    assert count <= 6

    first = pages[0]
    assert f"Page 1 of {count}" in first
    for text in ("Sunderland", "AUDIT AND GOVERNANCE COMMITTEE", "Agenda item", "Classification", "Open",
                 "Decisions sought", "Report of the Head of Assurance, Procurement and Projects"):  # fmt: skip
        assert text in first, text
    for number, page in enumerate(pages, start=1):
        assert "Audit and governance committee · 25 September 2015" in page, number
        assert "Issued 18 September 2015" in page, number
        assert f"Page {number} of {count}" in page, number
        assert "DRAFT" not in page

    text = "\n".join(pages)
    # The reduction table: each row on one line, every number with its percentage unbroken.
    for name, old, new, change in [
        ("Open cases", "3,617", "2,565", "1,052 (29%)"),
        ("Unallocated cases", "1,003", "129", "874 (87%)"),
        ("Check status (no action recorded or plan)", "988", "158", "830 (84%)"),
        ("Section 47 enquiries open more than 28 days", "173", "6", "167 (97%)"),
    ]:
        assert re.search(rf"{re.escape(name)}\s+{old}\s+{new}\s+{re.escape(change)}", text), name
    for heading in ("Financial implications", "Assurance", "Recommendations to the committee"):
        assert heading in text
    assert "£1,200,000" in text and "Currently remains red" in text


def test_every_page_of_a_draft_says_draft(council, admin_user, tmp_path):
    pages = _pages(_download(admin_user, council["report"]), tmp_path)
    for number, page in enumerate(pages, start=1):
        assert "DRAFT" in page and "not issued" in page and f"Page {number} of {len(pages)}" in page


def test_a_long_pasted_link_wraps_inside_the_page(council, admin_user, tmp_path, django_capture_on_commit_callbacks):
    link = "https://intranet.council.example/children/improvement/" + "evidence-folder-" * 12 + "minutes.docx"
    f.ProgressUpdateFactory(
        action=council["actions"]["late"], created_at=at(datetime.date(2015, 8, 30)), commentary=f"See {link}"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_issue(report=council["report"], user=admin_user)
    path = tmp_path / "paper.pdf"
    path.write_bytes(CommitteeReport.objects.get(pk=report.pk).pdf)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])
    right_edges = [float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    assert max(right_edges) <= page_width - 30  # inside the 14 mm (40 pt) right margin, give or take
    words = re.findall(r">([^<]+)</word>", boxes)
    assert (
        "".join(w for w in words if "evidence-folder" in w or w.startswith("https://intranet")).count("evidence-folder")
        == 12
    ), "the link is all there, wrapped over several lines"


def test_an_issue_whose_render_failed_is_printed_once_at_the_first_download(
    council, admin_user, committee_member, monkeypatch, django_capture_on_commit_callbacks
):
    def missing(html, **kwargs):
        raise pdf.ChromiumMissing("Chromium was not found")

    monkeypatch.setattr(pdf, "html_to_pdf", missing)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_issue(report=council["report"], user=admin_user)
    report.refresh_from_db()
    assert report.is_issued and report.pdf is None, "the issue stands without its PDF"

    calls = []
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html, **kw: calls.append(html) or b"%PDF-1.7 printed once")
    assert _download(committee_member, report) == b"%PDF-1.7 printed once"
    assert _download(committee_member, report) == b"%PDF-1.7 printed once"
    assert len(calls) == 1
    assert CommitteeReport.objects.get(pk=report.pk).pdf_rendered_at is not None


def test_committee_name_cannot_break_out_of_the_page_style(council, admin_user):
    council["committee"].name = '"; } </style><script>alert(1)</script>'
    council["committee"].save()
    client = Client()
    client.force_login(admin_user)
    page = client.get(council["report"].get_absolute_url()).content.decode()
    style = page[page.index("@page") : page.index("</style>", page.index("@page"))]
    assert "<script>" not in style and '"; }' not in style
    assert "\\00003c\\00002f" in style  # "</" written as CSS escapes
    assert printing.report_html(council["report"]).count("<script>alert(1)") == 0
