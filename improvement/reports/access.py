"""Who may see which report.

Everyone signed in reads issued reports. Drafts are working papers: a council does not show them to members
before they are published, so only admins (who write them) can open a draft; for anyone else a draft does not
exist (404). Only admins create, edit and issue reports (403 for everyone else).
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.roles import is_admin, require_admin
from improvement.models import CommitteeReport


def visible_reports(user):
    reports = CommitteeReport.objects.select_related("committee", "issued_by", "author")
    if is_admin(user):
        return reports
    return reports.filter(status=CommitteeReport.Status.ISSUED)


def get_report_for_user(user, pk: int, *, write: bool = False) -> CommitteeReport:
    if write:
        require_admin(user)
    report = get_object_or_404(
        CommitteeReport.objects.select_related("committee", "issued_by", "author", "withdrawn_by", "superseded_by"),
        pk=pk,
    )
    if not report.is_issued and not is_admin(user):
        raise Http404("No such report.")
    return report
