"""Builds everything a committee report shows as one JSON-serialisable structure.

The same structure renders a draft (built live on every view) and an issued report (read back from its frozen
`snapshot`), so issuing is only storing it. It therefore holds what is *shown*: display text for every figure
(after small-number suppression), colours, the "why is this red" sentences, chart data, and the targets,
tolerances and delivery thresholds in force, never references that would be looked up again later.

The layout follows the seed committee papers: numbered sections for purpose, background, the inspection and its
judgements, progress on the plan, impact (the change table and charts), recommendations to the committee, and
challenges and next steps.
"""

from __future__ import annotations

import json
from typing import cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.presentation import person_name
from improvement.governance.report import governance_content
from improvement.models import SECTION_CHOICES, SECTION_KEYS, CommitteeReport
from improvement.plans import rules
from improvement.reports.impact import impact_content
from improvement.reports.models import NARRATIVE_FIELDS
from improvement.reports.progress import progress_content
from improvement.reports.selectors import previous_issued_report
from improvement.reports.snapshot import (
    GovernanceSection,
    ImpactSection,
    InspectionSummary,
    ProgressSection,
    ReportSnapshot,
    SectionEntry,
)
from improvement.reports.suppression import Suppressor
from improvement.reports.why import long_date
from inspections.models import Judgement
from performance import selectors as performance_selectors

SNAPSHOT_VERSION = 1


def build_report(report: CommitteeReport) -> ReportSnapshot:
    """The report's whole content from live data as at its current date (a fixed number of queries)."""
    return build_report_after(report, previous=previous_issued_report(report))


def build_report_after(report: CommitteeReport, *, previous: CommitteeReport | None) -> ReportSnapshot:
    """`build_report` for a caller that has looked up the report the committee saw before this one
    (`previous_issued_report`) already, as a report page has for what moved since."""
    previous_content = previous.snapshot if previous else None
    suppressor = Suppressor(report.suppress_below)
    progress = progress_content(report, previous, previous_content)
    impact = impact_content(report, suppressor)
    inspections = inspections_content(report)
    narrative = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
    governance = governance_content(report)
    sections = _sections(report, narrative, inspections, progress, impact, governance)
    content = {
        "version": SNAPSHOT_VERSION,
        "title": report.title,
        "committee": report.committee.name,
        "committee_kind": report.committee.get_kind_display(),
        "council": _council_name(),
        "agenda_item": report.agenda_item,
        "report_of": report.report_of,
        "classification": report.get_classification_display(),
        "exempt_reason": report.exempt_reason if report.classification == report.Classification.EXEMPT else "",
        "appendices": [line.strip() for line in report.appendices.splitlines() if line.strip()],
        "meeting_date": report.meeting_date,
        "meeting_date_text": long_date(report.meeting_date),
        "baseline_date": report.baseline_date,
        "baseline_text": long_date(report.baseline_date),
        "current_date": report.current_date,
        "current_text": long_date(report.current_date),
        "author": person_name(report.author),
        "built_at": timezone.now(),
        "suppress_below": report.suppress_below,
        "suppression_note": suppressor.note,
        "previous": (
            {
                "id": previous.pk,
                "title": previous.title,
                "meeting_date_text": long_date(previous.meeting_date),
                "current_text": long_date(previous.current_date),
            }
            if previous
            else None
        ),
        "narrative": narrative,
        "sections": sections,
        "inspections": inspections,
        "progress": progress,
        "impact": impact,
        "governance": governance,
        "rules": {
            "due_soon_days": rules.DUE_SOON_DAYS,
            "not_started_grace_days": rules.NOT_STARTED_GRACE_DAYS,
            "progress_slip_points": rules.PROGRESS_SLIP_POINTS,
            "red_share_percent": int(rules.RED_SHARE_FOR_RED_ROLLUP * 100),
        },
    }
    # One round trip through JSON makes the live draft exactly what would be stored (dates as ISO text, no
    # Decimals), so a draft and its issued copy render identically.
    return cast(ReportSnapshot, json.loads(json.dumps(content, cls=DjangoJSONEncoder)))


def _council_name() -> str:
    home = performance_selectors.home_authority()
    return home.name if home else ""


def _sections(
    report: CommitteeReport,
    narrative: dict[str, str],
    inspections: list[InspectionSummary],
    progress: ProgressSection,
    impact: ImpactSection,
    governance: GovernanceSection,
) -> list[SectionEntry]:
    """The sections the author chose, numbered as the seed papers number them; one with nothing to show (no
    text written and no data) is left out rather than shown blank."""
    present = {
        "purpose": bool(narrative["purpose"]),
        "recommendations": bool(narrative["recommendations"]),
        "background": bool(narrative["background"]),
        "inspections": bool(inspections),
        "progress": bool(progress["plans"]),
        "impact": bool(impact["rows"] or narrative["impact"]),
        "financial": bool(governance["budget"]["lines"] or narrative["financial_implications"]),
        "assurance": bool(governance["assurance"] or narrative["assurance"]),
        "risks": bool(governance["risks"] or narrative["risk_implications"]),
        "legal": bool(narrative["legal_implications"] or narrative["equality_implications"]),
        "challenges": bool(narrative["challenges"]),
        "appendices": bool(narrative["appendices"]),
    }
    chosen = set(report.sections if report.sections is not None else SECTION_KEYS)
    shown = [(key, title) for key, title in SECTION_CHOICES if key in chosen and present[key]]
    return [{"key": key, "number": n, "title": title} for n, (key, title) in enumerate(shown, start=1)]


# 3. Inspection summary (sections 4 and 5 are in progress.py and impact.py) -------------------------------------


def inspections_content(report: CommitteeReport) -> list[InspectionSummary]:
    inspections = (
        report.inspections.order_by("start_date", "id")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            priority_action_count=Count(
                "recommendations", filter=Q(recommendations__is_priority_action=True), distinct=True
            ),
        )
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.order_by("order", "id")))
    )
    result: list[InspectionSummary] = []
    for inspection in inspections:
        judgements = list(inspection.judgements.all())
        result.append(
            {
                "id": inspection.pk,
                "title": inspection.title,
                "kind": inspection.get_kind_display(),
                "body": inspection.body,
                "framework": inspection.get_framework_display(),
                "dates_text": f"{long_date(inspection.start_date)} to {long_date(inspection.end_date)}",
                "published_text": long_date(inspection.published_date),
                "overall_grade": inspection.get_overall_grade_display(),
                "summary": inspection.summary,
                "recommendation_count": inspection.recommendation_count,
                "priority_action_count": inspection.priority_action_count,
                "has_self_assessment": any(j.self_assessment_grade for j in judgements),
                "judgements": [
                    {
                        "service_area": j.service_area,
                        "area_name": j.area_name,
                        "grade": j.get_grade_display(),
                        "self_assessment_grade": j.get_self_assessment_grade_display(),
                        "is_key": j.is_key,
                        "differs": j.differs_from_self_assessment,
                    }
                    for j in judgements
                ],
            }
        )
    return result
