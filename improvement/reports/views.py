"""Committee reports: list, create and edit drafts, issue (freeze), read, compare, print/PDF and table downloads.

Who may see what is decided in core.access (which roles) and improvement.access (drafts are for admins only).
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.exports import chosen_table_response, requested_format, table_response
from core.feedback import attempt
from core.roles import is_admin
from improvement.access import get_report_for_user
from improvement.models import Committee
from improvement.reports import pdf, printing, selectors, services
from improvement.reports.forms import IssueForm, ReportForm, StartNextForm, WithdrawForm
from improvement.reports.tables import TABLES, report_table, reports_table


def report_list(request):
    committee_id = request.GET.get("committee", "")
    reports = selectors.reports_for(request.user, committee_id=committee_id)
    if export := requested_format(request):
        return table_response(export, reports_table(reports), "committee-reports")
    return render(
        request,
        "improvement/reports/report_list.html",
        {
            "reports": reports,
            "committees": Committee.objects.all(),
            "committee_id": committee_id,
            "can_write": is_admin(request.user),
        },
    )


def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    if export := requested_format(request):
        content = printing.report_content(report)
        return chosen_table_response(request, export, partial(report_table, content), f"report-{report.pk}")
    content, previous, movement = printing.report_page(report)
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
    content, previous, movement = printing.report_page(report)
    return render(
        request,
        "improvement/reports/report_compare.html",
        {"report": report, "content": content, "previous": previous, "movement": movement},
    )


def report_create(request):
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report = services.report_create(user=request.user, **form.cleaned_data)
        messages.success(request, "Draft report created. It shows live figures until you issue it.")
        for warning in form.warnings():
            messages.warning(request, warning)
        return redirect(report)
    return render(request, "improvement/reports/report_form.html", {"form": form, "report": None})


def report_update(request, pk: int):
    report = get_report_for_user(request.user, pk, write=True)
    if report.is_issued:
        messages.error(request, "This report has been issued and can no longer be changed.")
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        write = partial(services.report_update, report=report, user=request.user, **form.cleaned_data)
        if attempt(request, write, "Draft report saved."):
            for warning in form.warnings():
                messages.warning(request, warning)
        return redirect(report)
    return render(request, "improvement/reports/report_form.html", {"form": form, "report": report})


@require_http_methods(["GET", "POST"])
def report_issue(request, pk: int):
    """GET asks for confirmation (what is about to be frozen); POST with the confirmation issues."""
    report = get_report_for_user(request.user, pk, write=True)
    form = IssueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        attempt(
            request,
            partial(services.report_issue, report=report, user=request.user),
            "Report issued. Its figures and colours are now fixed as they are shown.",
        )
        return redirect(report)
    return render(request, "improvement/reports/report_issue.html", {"report": report, "form": form})


@require_http_methods(["GET", "POST"])
def report_withdraw(request, pk: int, *, supersede: bool = False):
    """Withdraw an issued report, or supersede it with a corrected draft; GET shows the form asking why."""
    report = get_report_for_user(request.user, pk, write=True)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = services.report_supersede if supersede else services.report_withdraw
        try:
            result = service(report=report, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(report)
        done = "superseded: correct this draft and issue it" if supersede else "withdrawn"
        messages.success(request, f"Report {done}. The reason is shown on the report.")
        return redirect(result)
    return render(
        request, "improvement/reports/report_withdraw.html", {"report": report, "form": form, "supersede": supersede}
    )


@require_POST
def report_start_next(request, pk: int):
    report = get_report_for_user(request.user, pk, write=True)
    form = StartNextForm(request.POST, report=report)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, "The next report was not started: " + " ".join(errors))
        return redirect(report)
    try:
        new = services.report_start_next(report=report, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "The next report was not started: " + " ".join(exc.messages))
        return redirect(report)
    messages.success(request, "Draft for the next meeting started from this report.")
    return redirect(new)


@require_safe
def report_pdf(request, pk: int):
    """An issued report's stored PDF (printed once, at issue); a draft is printed on request, marked DRAFT."""
    report = get_report_for_user(request.user, pk)
    try:
        document = printing.issued_or_draft_pdf(report)
    except pdf.PdfError as exc:
        page = render(request, "improvement/reports/pdf_error.html", {"report": report, "error": str(exc)}, status=503)
        if isinstance(exc, pdf.PdfBusy):
            page["Retry-After"] = str(exc.retry_after_seconds)
        return page
    response = HttpResponse(document, content_type="application/pdf")
    suffix = "" if report.is_issued else "-DRAFT"
    response["Content-Disposition"] = (
        f'attachment; filename="report-{report.pk}-{report.meeting_date:%Y-%m-%d}{suffix}.pdf"'
    )
    return response
