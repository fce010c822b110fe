"""Committee reports: list, create and edit drafts, issue (freeze), read, compare, print/PDF and table downloads.

Who may see what is decided in improvement.reports.access: drafts are for admins only.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import plotly
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from core.exports import export_response, requested_format
from core.roles import admin_required, is_admin
from improvement.models import Committee, CommitteeReport
from improvement.reports import pdf, services
from improvement.reports.access import get_report_for_user, visible_reports
from improvement.reports.builder import build_report
from improvement.reports.compare import compare
from improvement.reports.forms import ReportForm, StartNextForm
from improvement.reports.selectors import previous_issued_report
from improvement.reports.tables import TABLES, report_table

PDF_STYLESHEETS = ("css/site.css", "css/reports.css", "css/print.css")


def report_list(request):
    reports = visible_reports(request.user).order_by("committee__name", "-meeting_date", "-id")
    committee_id = request.GET.get("committee", "")
    if committee_id.isdigit():
        reports = reports.filter(committee_id=int(committee_id))
    reports = list(reports)
    if export := requested_format(request):
        headers = ["Committee", "Meeting", "Title", "Status", "Issued", "Issued by"]
        rows = [
            [
                r.committee.name,
                r.meeting_date.isoformat(),
                r.title,
                r.get_status_display(),
                r.issued_at.date().isoformat() if r.issued_at else "",
                r.issued_by.get_full_name() or r.issued_by.username if r.issued_by else "",
            ]
            for r in reports
        ]
        return export_response(export, headers, rows, "committee-reports", "Committee reports")
    by_committee: dict[Committee, list[CommitteeReport]] = defaultdict(list)
    for report in reports:
        by_committee[report.committee].append(report)
    return render(
        request,
        "improvement/reports/report_list.html",
        {
            "groups": list(by_committee.items()),
            "committees": Committee.objects.all(),
            "committee_id": committee_id,
            "can_write": is_admin(request.user),
        },
    )


def _content(report: CommitteeReport) -> dict:
    """What the report shows: its frozen snapshot once issued, live figures while a draft."""
    return report.snapshot if report.is_issued else build_report(report)


def _movement(report: CommitteeReport, content: dict):
    previous = previous_issued_report(report)
    if previous is None:
        return None, None
    return previous, compare(previous.snapshot, content)


def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    content = _content(report)
    if export := requested_format(request):
        found = report_table(content, request.GET.get("table", ""))
        if found is None:
            raise Http404("No such table in this report.")
        title, headers, rows = found
        return export_response(export, headers, rows, f"report-{report.pk}-{request.GET['table']}", title)
    previous, movement = _movement(report, content)
    return render(
        request,
        "improvement/reports/report_detail.html",
        {
            "report": report,
            "content": content,
            "previous": previous,
            "movement": movement,
            "tables": [(name, title) for name, (title, _build) in TABLES.items()],
            "can_write": is_admin(request.user),
            "next_form": StartNextForm(report=report) if is_admin(request.user) else None,
        },
    )


def report_compare(request, pk: int):
    report = get_report_for_user(request.user, pk)
    content = _content(report)
    previous, movement = _movement(report, content)
    return render(
        request,
        "improvement/reports/report_compare.html",
        {"report": report, "content": content, "previous": previous, "movement": movement},
    )


@admin_required
def report_create(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.report_create(user=request.user, **form.cleaned_data)
        messages.success(request, "Draft report created. It shows live figures until you issue it.")
        return redirect(report)
    return render(request, "improvement/reports/report_form.html", {"form": form, "report": None})


@admin_required
def report_update(request, pk: int):
    report = get_report_for_user(request.user, pk, write=True)
    if report.is_issued:
        messages.error(request, "This report has been issued and can no longer be changed.")
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Draft report saved.")
        return redirect(report)
    return render(request, "improvement/reports/report_form.html", {"form": form, "report": report})


@require_POST
@admin_required
def report_issue(request, pk: int):
    report = get_report_for_user(request.user, pk, write=True)
    try:
        services.report_issue(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Report issued. Its figures and colours are now fixed as they are shown.")
    return redirect(report)


@require_POST
@admin_required
def report_start_next(request, pk: int):
    report = get_report_for_user(request.user, pk, write=True)
    form = StartNextForm(request.POST, report=report)
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, "The next report was not started: " + " ".join(errors))
        return redirect(report)
    new = services.report_start_next(report=report, user=request.user, **form.cleaned_data)
    messages.success(request, "Draft for the next meeting started from this report.")
    return redirect(new)


def _inline_styles() -> str:
    return "\n".join(Path(finders.find(name)).read_text(encoding="utf-8") for name in PDF_STYLESHEETS)


def report_pdf(request, pk: int):
    report = get_report_for_user(request.user, pk)
    content = _content(report)
    previous, movement = _movement(report, content)
    html = render_to_string(
        "improvement/reports/report_pdf.html",
        {
            "report": report,
            "content": content,
            "previous": previous,
            "movement": movement,
            "styles": _inline_styles(),
            "plotly_js": (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").as_uri(),
            "charts_js": Path(finders.find("js/charts.js")).as_uri(),
        },
    )
    try:
        document = pdf.html_to_pdf(html)
    except pdf.PdfError as exc:
        return render(request, "improvement/reports/pdf_error.html", {"report": report, "error": str(exc)}, status=503)
    response = HttpResponse(document, content_type="application/pdf")
    suffix = "" if report.is_issued else "-DRAFT"
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.pk}-{report.meeting_date:%Y-%m-%d}{suffix}.pdf"'
    )
    return response
