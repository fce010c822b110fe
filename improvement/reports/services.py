"""Writes to committee reports. Issuing freezes what the report shows; an issued report never changes again."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Required, TypedDict, Unpack

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.roles import require_admin
from improvement.models import Committee, CommitteeReport, Plan
from improvement.reports import printing
from improvement.reports.builder import build_report
from improvement.reports.models import NARRATIVE_FIELDS
from inspections.models import Inspection
from performance.models import Indicator


class DraftContent(TypedDict, total=False):
    """What an author writes on a draft report: `report_create` and `report_update` take these keywords."""

    committee: Required[Committee]
    meeting_date: Required[datetime.date]
    title: Required[str]
    baseline_date: Required[datetime.date]
    current_date: Required[datetime.date]
    plans: Iterable[Plan]
    inspections: Iterable[Inspection]
    indicators: Iterable[Indicator]
    suppress_below: int | None
    # The narrative sections (NARRATIVE_FIELDS).
    purpose: str
    background: str
    recommendations: str
    challenges: str
    impact: str
    financial_implications: str
    assurance: str
    risk_implications: str
    legal_implications: str
    equality_implications: str
    appendices: str
    # The committee paper's front page and the sections the author chose (PAPER_FIELDS).
    agenda_item: str
    report_of: str
    classification: str
    exempt_reason: str
    sections: list[str]


# Carried to the next meeting's draft with the narrative sections.
PAPER_FIELDS = ("agenda_item", "report_of", "classification", "exempt_reason", "sections")
# Left out of a create or an update, these are emptied; the other sections are kept as they are.
_CLEARED_WHEN_LEFT_OUT: dict[str, Any] = {
    "plans": (),
    "inspections": (),
    "indicators": (),
    "purpose": "",
    "background": "",
    "recommendations": "",
    "challenges": "",
    "suppress_below": None,
}
_KNOWN = DraftContent.__required_keys__ | DraftContent.__optional_keys__


def _save(report: CommitteeReport, content: DraftContent) -> CommitteeReport:
    """Set a draft's fields and contents, validate, save. Callers check who is asking and that it is a draft."""
    unknown = set(content) - _KNOWN
    if unknown:
        raise TypeError(f"Unknown report fields: {', '.join(sorted(unknown))}")
    fields = {**_CLEARED_WHEN_LEFT_OUT, **content}
    plans, inspections, indicators = fields.pop("plans"), fields.pop("inspections"), fields.pop("indicators")
    for name, value in fields.items():
        setattr(report, name, value)
    report.full_clean()
    report.save()
    report.plans.set(plans)
    report.inspections.set(inspections)
    report.indicators.set(indicators)
    return report


@transaction.atomic
def report_create(*, user: User, **content: Unpack[DraftContent]) -> CommitteeReport:
    """A new draft report. Drafts show live figures until they are issued."""
    require_admin(user)
    return _save(CommitteeReport(author=user), content)


@transaction.atomic
def report_update(*, report: CommitteeReport, user: User, **content: Unpack[DraftContent]) -> CommitteeReport:
    require_admin(user)
    report = CommitteeReport.objects.select_for_update().get(pk=report.pk)
    if report.is_issued:
        raise ValidationError("This report has been issued and can no longer be changed; start a new report instead.")
    return _save(report, content)


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
