"""Reads about reports themselves (not the figures they show: builder.py, progress.py and impact.py build those)."""

from __future__ import annotations

from improvement.access import visible_reports
from improvement.models import CommitteeReport


def reports_for(user, *, committee_id: str = "") -> list[CommitteeReport]:
    """The reports `user` may read, newest meeting first; only one committee's when `committee_id` names one."""
    reports = visible_reports(user).order_by("-meeting_date", "-id")
    if committee_id.isdigit():
        reports = reports.filter(committee_id=int(committee_id))
    return list(reports)


def previous_issued_report(report: CommitteeReport) -> CommitteeReport | None:
    """The report the committee saw before this one: the latest issued, not withdrawn, report for the same
    committee with an earlier meeting date (or the same date and issued earlier)."""
    earlier = CommitteeReport.objects.filter(
        committee_id=report.committee_id, status=CommitteeReport.Status.ISSUED, meeting_date__lte=report.meeting_date
    ).exclude(pk=report.pk)
    earlier = earlier.filter(withdrawn_at__isnull=True)  # a withdrawn paper is not what the committee relies on
    if report.is_issued and report.issued_at:
        earlier = earlier.exclude(meeting_date=report.meeting_date, issued_at__gte=report.issued_at)
    return earlier.order_by("-meeting_date", "-issued_at", "-id").first()
