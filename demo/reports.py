"""The demo council's committee papers: the 25 September 2015 Audit and Governance Committee paper (seed 000),
issued, and an improvement board report on the live plan, issued two months ago, with the next meeting's draft.

Reports are found by committee and title, so a second run changes nothing; issued reports are never rewritten.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from improvement.models import Committee, CommitteeReport, Plan
from improvement.reports.services import report_create, report_issue, report_update
from inspections.models import Inspection
from performance.models import Indicator

SEED_000_INDICATORS = [
    "open_cases",
    "unallocated_cases",
    "check_status_cases",
    "initial_assess_overdue",
    "core_assess_overdue",
    "s47_open_28d",
]
BOARD_INDICATORS = [
    "unallocated_cases",
    "assess_45wd_pct",
    "icpc_15wd_pct",
    "rereferral_12m_pct",
    "cla_count",
    "sw_agency_pct",
    "caseload_avg",
    "cl_neet_pct",
]

AUDIT_2015: dict[str, Any] = {  # keyword arguments of report_create (the paper's fields vary)
    "committee": "Audit and governance committee",
    "title": "Inspection of the children's safeguarding service and progress of improvement activity",
    "meeting_date": datetime.date(2015, 9, 25),
    "baseline_date": datetime.date(2015, 5, 19),
    "current_date": datetime.date(2015, 9, 1),
    "purpose": (
        "To provide an update in relation to the Children's Safeguarding Service and action taken by the Council "
        "to address weaknesses identified in two independent reports and the recent Ofsted inspection report."
    ),
    "background": (
        "In early 2014 the People Services Directorate commissioned an independent review of the Children's "
        "Safeguarding Service, and an LGA peer review followed. Both identified issues that led to an Improvement "
        "Plan and to 'red' ratings in the Corporate Assurance Map from September 2014.\n\n"
        "In May and June 2015 Ofsted inspected services for children in need of help and protection, children "
        "looked after and care leavers, and the effectiveness of the LSCB. The report, published on 20 July 2015, "
        "judged the services to be inadequate. During the inspection the Council developed a 100 Day Plan in "
        "response to the immediate issues raised by inspectors."
    ),
    "recommendations": (
        "The Committee is asked to consider the significance of the work required to improve Safeguarding "
        "Services, and to continue to receive regular reports to monitor the progress and impact of improvement "
        "activity in this area."
    ),
    "challenges": (
        "Although improvement activity has been undertaken in some key areas, a number of the planned actions "
        "were either behind schedule or had not started. As at 1 September 2015 a small number of initial and "
        "core assessments were significantly overdue and required immediate attention. The Commissioner's new "
        "Improvement Plan is awaited."
    ),
    "agenda_item": "6",
    "report_of": "Head of Assurance, Procurement and Projects",
    "classification": "open",
    "financial_implications": (
        "The financial impact of the improvement plan and looked after placement pressures have been regularly "
        "reported to Cabinet. One-off funds were earmarked during the budget setting process for 2015/2016 and at "
        "outturn 2014/2015 to address the identified pressures at that time. However, the cost pressures have "
        "continued to increase following the Ofsted inspection.\n\n"
        "The review of the safeguarding improvement plans by the Commissioner will be key in assessing the ongoing "
        "financial requirement, which will be taken into account in the budget setting process for 2016/2017."
    ),
    "assurance": (
        "The Risk and Assurance Team has supported the planning and monitoring of the improvement activity and "
        "provided an independent view of progress against planned actions and of their impact, so that the "
        "rating in the Corporate Assurance Map is kept under review. It currently remains red."
    ),
    "sections": [
        "purpose",
        "background",
        "inspections",
        "progress",
        "impact",
        "financial",
        "assurance",
        "recommendations",
        "challenges",
    ],
}

# Seed 003: the Cabinet paper of 26 February 2015 on the Ofsted action plan, with its risks and implications.
CABINET_2015: dict[str, Any] = {
    "committee": "Cabinet",
    "title": "Children's safeguarding update",
    "meeting_date": datetime.date(2015, 2, 26),
    "baseline_date": datetime.date(2014, 10, 6),
    "current_date": datetime.date(2015, 2, 13),
    "agenda_item": "8",
    "report_of": "Head of Safeguarding and Review",
    "classification": "open",
    "purpose": (
        "To inform Cabinet of the outcome of the DfE review and of the safeguarding board's LGA peer diagnostic, "
        "and to update Cabinet on progress on the Ofsted action plan."
    ),
    "recommendations": (
        "That Cabinet notes (a) the outcome of the DfE review of 15 and 16 December 2014; (b) the outcome of the "
        "LGA peer diagnostic of 17 to 19 November 2014; and (c) progress to date on the Ofsted action plan."
    ),
    "background": (
        "Ofsted inspected children's safeguarding in May 2014 and judged it to require improvement. As part of "
        "lifting the DfE intervention notice issued in 2012, the DfE reviewed in December 2014 whether the council "
        "had maintained its improvement; it expects to recommend that the Minister withdraws the notice."
    ),
    "financial_implications": (
        "The actions in the plan can be contained within the current year's budget, within the directorate's "
        "transformation programme."
    ),
    "legal_implications": "There are no legal implications.",
    "equality_implications": (
        "As the action plan is implemented, equality impact assessments will be carried out where relevant so that "
        "due regard is paid to the public sector equality duty."
    ),
    "risk_implications": "Risks associated with failure to implement the action plan:",
    "appendices": "Appendix 1: DfE letter\nAppendix 2: LGA peer diagnostic letter\nAppendix 3: Progress on the "
    "Ofsted action plan",
    "sections": ["purpose", "background", "inspections", "progress", "financial", "risks", "legal",
                 "recommendations", "appendices"],
}  # fmt: skip


def load_reports(*, admin: User, today: datetime.date) -> int:
    """Create the demo papers that do not exist yet; returns how many were written."""
    written = 0
    hundred_day = Plan.objects.get(name="100 Day Plan")
    live_plan = Plan.objects.get(name="Learning and Improvement Plan")
    inspection_2015 = Inspection.objects.get(kind=Inspection.Kind.OFSTED_SIF, start_date=datetime.date(2015, 5, 11))

    audit = dict(AUDIT_2015)
    committee = Committee.objects.get(name=audit.pop("committee"))
    if not CommitteeReport.objects.filter(committee=committee, title=audit["title"]).exists():
        report = report_create(
            user=admin,
            committee=committee,
            plans=[hundred_day],
            inspections=[inspection_2015],
            indicators=list(Indicator.objects.filter(code__in=SEED_000_INDICATORS)),
            suppress_below=None,
            **audit,
        )
        _issue_week_before_meeting(report, admin)
        written += 1

    cabinet = dict(CABINET_2015)
    committee = Committee.objects.get(name=cabinet.pop("committee"))
    if not CommitteeReport.objects.filter(committee=committee, title=cabinet["title"]).exists():
        report = report_create(
            user=admin,
            committee=committee,
            plans=[Plan.objects.get(name="Ofsted Action Plan 2014")],
            inspections=list(Inspection.objects.filter(start_date__year=2014, kind__in=["ofsted_sif", "dfe_review"])),
            **cabinet,
        )
        _issue_week_before_meeting(report, admin)
        written += 1

    board = Committee.objects.get(name="Improvement board")
    board_report: dict[str, Any] = {
        "committee": board,
        "plans": [live_plan],
        "inspections": [inspection_2015],
        "indicators": list(Indicator.objects.filter(code__in=BOARD_INDICATORS)),
        "baseline_date": live_plan.start_date,
        "purpose": (
            "To report progress on the Learning and Improvement Plan and the key messages of the performance report."
        ),
        "background": (
            "The Learning and Improvement Plan answers the 2015 inspection's recommendations through seven "
            "priorities. The board receives this report at each meeting."
        ),
        "recommendations": "The Board is asked to note progress and to challenge the actions shown as red.",
        "challenges": (
            "Recruitment to front-line posts, the pace of improvement in the MASH and for care leavers, and "
            "embedding performance management with front-line managers."
        ),
        "suppress_below": 5,
    }
    issued_title = "Learning and Improvement Plan: progress report"
    if not CommitteeReport.objects.filter(committee=board, title=issued_title).exists():
        two_months_ago = today - datetime.timedelta(days=61)
        # Figures as at a fortnight before the meeting, issued a week before it: a paper never shows figures
        # from after the day it was issued.
        report = report_create(
            user=admin,
            title=issued_title,
            meeting_date=two_months_ago,
            current_date=two_months_ago - datetime.timedelta(days=14),
            **board_report,
        )
        _issue_week_before_meeting(report, admin)
        written += 1

    draft_title = "Learning and Improvement Plan: progress report for the next meeting"
    draft = CommitteeReport.objects.filter(committee=board, title=draft_title).first()
    next_meeting = today + datetime.timedelta(days=14)
    figures_day = min(today, timezone.localdate())  # a report's figures are never dated after the real today
    if draft is None:
        report_create(
            user=admin, title=draft_title, meeting_date=next_meeting, current_date=figures_day, **board_report
        )
        written += 1
    elif not draft.is_issued and (draft.meeting_date, draft.current_date) != (next_meeting, figures_day):
        report_update(
            report=draft,
            user=admin,
            title=draft_title,
            meeting_date=next_meeting,
            current_date=figures_day,
            **board_report,
        )
        written += 1
    return written


def _issue_week_before_meeting(report: CommitteeReport, admin: User) -> None:
    """Issue through the real service, then date the issue as papers are: a week before the meeting (demo data
    describes the past, and "issued 22 November 2026" on a 2015 paper would mislead)."""
    report_issue(report=report, user=admin)
    day = report.meeting_date - datetime.timedelta(days=7)
    issued_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    CommitteeReport.objects.filter(pk=report.pk).update(issued_at=issued_at)
