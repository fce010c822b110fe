"""Writes to committee reports. Issuing freezes what the report shows; an issued report never changes again."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.roles import require_admin
from improvement.models import Committee, CommitteeReport
from improvement.reports import printing
from improvement.reports.builder import build_report

NARRATIVE_FIELDS = (
    "purpose",
    "background",
    "recommendations",
    "challenges",
    "impact",
    "financial_implications",
    "assurance",
    "risk_implications",
    "legal_implications",
    "equality_implications",
    "appendices",
)
# The committee paper's front page and the sections the author chose; carried to the next meeting's draft.
PAPER_FIELDS = ("agenda_item", "report_of", "classification", "exempt_reason", "sections")


def _paper(fields: dict) -> dict:
    unknown = set(fields) - set(NARRATIVE_FIELDS) - set(PAPER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report fields: {', '.join(sorted(unknown))}")
    return fields


def _save(report: CommitteeReport, *, plans, inspections, indicators, **fields) -> CommitteeReport:
    """Set a draft's fields and contents, validate, save. Callers check who is asking and that it is a draft."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    report.plans.set(plans)
    report.inspections.set(inspections)
    report.indicators.set(indicators)
    return report


@transaction.atomic
def report_create(
    *,
    user: User,
    committee: Committee,
    meeting_date: datetime.date,
    title: str,
    baseline_date: datetime.date,
    current_date: datetime.date,
    plans=(),
    inspections=(),
    indicators=(),
    purpose: str = "",
    background: str = "",
    recommendations: str = "",
    challenges: str = "",
    suppress_below: int | None = None,
    **paper: str | list[str],
) -> CommitteeReport:
    """A new draft report. Drafts show live figures until they are issued. `paper`: the other narrative
    sections and the front-page fields (NARRATIVE_FIELDS and PAPER_FIELDS)."""
    require_admin(user)
    report = CommitteeReport(author=user)
    return _save(
        report,
        committee=committee,
        meeting_date=meeting_date,
        title=title,
        baseline_date=baseline_date,
        current_date=current_date,
        plans=plans,
        inspections=inspections,
        indicators=indicators,
        purpose=purpose,
        background=background,
        recommendations=recommendations,
        challenges=challenges,
        suppress_below=suppress_below,
        **_paper(paper),
    )


@transaction.atomic
def report_update(
    *,
    report: CommitteeReport,
    user: User,
    committee: Committee,
    meeting_date: datetime.date,
    title: str,
    baseline_date: datetime.date,
    current_date: datetime.date,
    plans=(),
    inspections=(),
    indicators=(),
    purpose: str = "",
    background: str = "",
    recommendations: str = "",
    challenges: str = "",
    suppress_below: int | None = None,
    **paper: str | list[str],
) -> CommitteeReport:
    """`paper`: the other narrative sections and front-page fields (NARRATIVE_FIELDS and PAPER_FIELDS)."""
    require_admin(user)
    report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_issued:
        raise ValidationError("This report has been issued and can no longer be changed; start a new report instead.")
    return _save(
        report,
        committee=committee,
        meeting_date=meeting_date,
        title=title,
        baseline_date=baseline_date,
        current_date=current_date,
        plans=plans,
        inspections=inspections,
        indicators=indicators,
        purpose=purpose,
        background=background,
        recommendations=recommendations,
        challenges=challenges,
        suppress_below=suppress_below,
        **_paper(paper),
    )


@transaction.atomic
def report_issue(*, report: CommitteeReport, user: User) -> CommitteeReport:
    """Freeze the report: store exactly what it shows now (figures, colours, text, chart data, the targets and
    thresholds in force) and mark it issued. Nothing later edited elsewhere changes it."""
    require_admin(user)
    report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_issued:
        raise ValidationError("This report has already been issued.")
    report.snapshot = build_report(report)
    report.status = CommitteeReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = user
    report.full_clean()
    report.save()
    printing.store_after_issue(report.pk)
    return report


@transaction.atomic
def report_start_next(
    *, report: CommitteeReport, user: User, meeting_date: datetime.date, current_date: datetime.date
) -> CommitteeReport:
    """A new draft for the committee's next meeting, with the same plans, inspections, indicators, narrative
    and threshold, comparing the same baseline with a later date."""
    require_admin(user)
    return report_create(
        user=user,
        committee=report.committee,
        meeting_date=meeting_date,
        title=report.title,
        baseline_date=report.baseline_date,
        current_date=current_date,
        plans=list(report.plans.all()),
        inspections=list(report.inspections.all()),
        indicators=list(report.indicators.all()),
        **{name: getattr(report, name) for name in NARRATIVE_FIELDS + PAPER_FIELDS},
        suppress_below=report.suppress_below,
    )


def _withdrawable(report: CommitteeReport, reason: str) -> tuple[CommitteeReport, str]:
    report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_issued:
        raise ValidationError("Only an issued report can be withdrawn; a draft can simply be edited.")
    if report.is_withdrawn:
        raise ValidationError("This report has already been withdrawn.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the report is withdrawn; the reason is shown on the report."})
    return report, reason


def _mark_withdrawn(report: CommitteeReport, user: User, reason: str, superseded_by=None) -> None:
    report.withdrawn_at = timezone.now()
    report.withdrawn_by = user
    report.withdrawal_reason = reason
    report.superseded_by = superseded_by
    report.save(update_fields=sorted(CommitteeReport.WITHDRAWAL_FIELDS))


@transaction.atomic
def report_withdraw(*, report: CommitteeReport, user: User, reason: str) -> CommitteeReport:
    """Withdraw an issued report. It stays readable, unchanged, marked withdrawn with who, when and why."""
    require_admin(user)
    report, reason = _withdrawable(report, reason)
    _mark_withdrawn(report, user, reason)
    return report


@transaction.atomic
def report_supersede(*, report: CommitteeReport, user: User, reason: str) -> CommitteeReport:
    """Withdraw an issued report in favour of a corrected one: returns the correction, a new draft with the same
    committee, meeting, dates, contents and narrative, to be corrected and issued in its place."""
    require_admin(user)
    report, reason = _withdrawable(report, reason)
    correction = report_create(
        user=user,
        committee=report.committee,
        meeting_date=report.meeting_date,
        title=report.title,
        baseline_date=report.baseline_date,
        current_date=report.current_date,
        plans=list(report.plans.all()),
        inspections=list(report.inspections.all()),
        indicators=list(report.indicators.all()),
        **{name: getattr(report, name) for name in NARRATIVE_FIELDS},
        suppress_below=report.suppress_below,
    )
    _mark_withdrawn(report, user, reason, superseded_by=correction)
    return correction
