"""The committee paper as a PDF: built from the same content as the page, printed by headless Chromium.

An issued report's PDF is rendered once, right after the issue is committed, and stored on the report; every
download serves the stored bytes. Should that render fail (Chromium missing or too slow at the time), the first
download renders it and stores it, so it is still printed only once. Drafts are printed on request.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

import plotly
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from improvement.models import CommitteeReport
from improvement.reports import pdf
from improvement.reports.builder import build_report, build_report_after
from improvement.reports.compare import compare
from improvement.reports.selectors import previous_issued_report
from improvement.reports.snapshot import ReportSnapshot

log = logging.getLogger(__name__)

PDF_STYLESHEETS = ("css/site.css", "css/reports.css", "css/print.css")


def frozen_content(report: CommitteeReport) -> ReportSnapshot:
    """An issued report's snapshot (the database refuses an issued report without one)."""
    if not isinstance(report.snapshot, dict):
        raise ValueError(f"Issued report {report.pk} has no snapshot.")
    return cast(ReportSnapshot, report.snapshot)


def report_content(report: CommitteeReport) -> ReportSnapshot:
    """What the report shows: its frozen snapshot once issued, live figures while a draft."""
    return frozen_content(report) if report.is_issued else build_report(report)


def report_page(report: CommitteeReport) -> tuple[ReportSnapshot, CommitteeReport | None, dict[str, Any] | None]:
    """What a report page shows: its content, the report the committee saw before it, and what moved since then
    (None and None when there is none). The previous report is looked up once and serves a draft's content (its
    progress section quotes it) and the movement both."""
    previous = previous_issued_report(report)
    content = frozen_content(report) if report.is_issued else build_report_after(report, previous=previous)
    return content, previous, compare(frozen_content(previous), content) if previous else None


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not isinstance(found, str):
        raise ImproperlyConfigured(f"The static file {name} is missing: run the app from a full checkout.")
    return Path(found)


def report_html(report: CommitteeReport) -> str:
    """One self-contained page for Chromium: styles inline, scripts by file path, chart data inline."""
    content, previous, changes = report_page(report)
    styles = "\n".join(_static_path(name).read_text(encoding="utf-8") for name in PDF_STYLESHEETS)
    return render_to_string(
        "improvement/reports/report_pdf.html",
        {
            "report": report,
            "content": content,
            "previous": previous,
            "movement": changes,
            "styles": styles,
            "plotly_js": (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").as_uri(),
            "charts_js": _static_path("js/charts.js").as_uri(),
        },
    )


def render_pdf(report: CommitteeReport) -> bytes:
    return pdf.html_to_pdf(report_html(report))


def store_issued_pdf(report_id: int) -> bytes | None:
    """Render an issued report's PDF and store it, unless one is stored already; returns the stored bytes."""
    report = CommitteeReport.objects.select_related("committee", "issued_by", "author").get(pk=report_id)
    if not report.is_issued:
        return None
    if stored := report.pdf:
        return bytes(stored)
    document = render_pdf(report)
    # Written with update(): an issued report's fields never change, this only fills in its printed copy, once.
    CommitteeReport.objects.filter(pk=report_id, pdf__isnull=True).update(pdf=document, pdf_rendered_at=timezone.now())
    stored = CommitteeReport.objects.values_list("pdf", flat=True).get(pk=report_id)
    return document if stored is None else bytes(stored)


def store_after_issue(report_id: int) -> None:
    """Called once the issue is committed. A failure is logged, not raised: the issue stands, and the first
    download prints the PDF instead."""

    def render():
        try:
            store_issued_pdf(report_id)
        except pdf.PdfError as exc:
            log.warning("Report %s issued; its PDF will be printed at the first download: %s", report_id, exc)

    transaction.on_commit(render)


def issued_or_draft_pdf(report: CommitteeReport) -> bytes:
    """The stored PDF of an issued report (printed now only if it never was), or a draft printed now."""
    stored = store_issued_pdf(report.pk) if report.is_issued else None
    return stored if stored is not None else render_pdf(report)
