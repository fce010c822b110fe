"""Writes to inspections. Keyword-only, validated with full_clean, all or nothing."""

from __future__ import annotations

from django.db import transaction

from core.roles import require_admin
from inspections.models import Finding, Inspection, Judgement, Recommendation


@transaction.atomic
def judgements_save(*, user, inspection: Inspection, changed: list[Judgement], deleted: list[Judgement]) -> None:
    """Save new and changed judgements and delete removed ones; one invalid judgement writes nothing."""
    require_admin(user)
    for judgement in changed:
        judgement.inspection = inspection
        judgement.full_clean()
        judgement.save()
    for judgement in deleted:
        if judgement.inspection_id == inspection.pk:
            judgement.delete()


def same_inspection(*, title_council: str, start_date, end_date) -> Inspection | None:
    """The inspection already held for this council and these dates, if any (the upload page offers to update
    it rather than create a duplicate)."""
    if not title_council or start_date is None or end_date is None:
        return None
    return (
        Inspection.objects.filter(start_date=start_date, end_date=end_date, title__icontains=title_council)
        .order_by("id")
        .first()
    )


def inspection_title(council: str) -> str:
    return f"Ofsted inspection of {council} children's services"


@transaction.atomic
def inspection_import_save(*, user, report, inspection: Inspection | None = None) -> Inspection:
    """Create (or, given `inspection`, update) an inspection with its judgements, recommendations and strengths
    from a read and checked Ofsted report (`inspections.ofsted_pdf.OfstedReport`). One invalid row writes
    nothing. On update, judgements are matched by area and recommendations by addressee and number; rows the
    report no longer has are left as they are (actions may be linked to them). `user` is None only from the
    command line, whose operator is trusted; every page passes the signed-in user."""
    if user is not None:
        require_admin(user)
    if inspection is None:
        inspection = Inspection(body="Ofsted")
    inspection.kind = report.kind
    inspection.framework = report.framework
    inspection.title = inspection_title(report.council)
    inspection.start_date = report.start_date
    inspection.end_date = report.end_date
    inspection.published_date = report.published_date
    inspection.overall_grade = report.overall_grade
    if report.lead_inspector and not inspection.summary:
        inspection.summary = f"Lead inspector: {report.lead_inspector}."
    _save(inspection, user)

    judgements = {j.area_name: j for j in inspection.judgements.all()}
    for order, read in enumerate(report.judgements):
        judgement = judgements.get(read.area) or Judgement(inspection=inspection, area_name=read.area)
        judgement.service_area = read.service_area
        judgement.grade = read.grade
        judgement.is_key = read.key
        judgement.order = order
        _save(judgement, user)

    recommendations = {(r.addressee, r.number): r for r in inspection.recommendations.all()}
    counters: dict[str, int] = {}
    for read in report.recommendations:
        counters[read.addressee] = counters.get(read.addressee, 0) + 1
        # Bulleted "what needs to improve" items have no number in the report; they are numbered in order.
        number = int(read.number) if read.number else counters[read.addressee]
        recommendation = recommendations.get((read.addressee, number)) or Recommendation(
            inspection=inspection, addressee=read.addressee, number=number
        )
        recommendation.text = read.text
        recommendation.timescale = read.timescale
        recommendation.is_priority_action = read.priority
        _save(recommendation, user)

    known = set(inspection.findings.values_list("kind", "text"))
    for order, read in enumerate(report.findings):
        if (read.kind, read.text) not in known:
            _save(Finding(inspection=inspection, kind=read.kind, text=read.text, order=order), user)
    return inspection


def _save(instance, user) -> None:
    instance.full_clean()
    instance._history_user = user
    instance.save()
