"""Writes to inspections. Keyword-only, validated with full_clean, all or nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.roles import require_admin
from inspections.models import Finding, Inspection, Judgement, Recommendation

if TYPE_CHECKING:
    from core.roles import AnyUser
    from inspections.ofsted_pdf import OfstedReport


@transaction.atomic
def judgements_save(
    *, user: AnyUser, inspection: Inspection, changed: list[Judgement], deleted: list[Judgement]
) -> None:
    """Save new and changed judgements and delete removed ones; one invalid judgement writes nothing."""
    require_admin(user)
    for judgement in changed:
        judgement.inspection = inspection
        judgement.full_clean()
        judgement.save()
    for judgement in deleted:
        if judgement.inspection_id == inspection.pk:
            judgement.delete()


def same_inspection(
    *, title_council: str, start_date: datetime.date | None, end_date: datetime.date | None
) -> Inspection | None:
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
def inspection_import_save(
    *, user: AnyUser | None, report: OfstedReport, inspection: Inspection | None = None
) -> Inspection:
    """Create (or, given `inspection`, update) an inspection with its judgements, recommendations and strengths
    from a read and checked Ofsted report (`inspections.ofsted_pdf.OfstedReport`). One invalid row writes
    nothing. On update, judgements are matched by area and recommendations by addressee and number; rows the
    report no longer has are left as they are (actions may be linked to them). `user` is None only from the
    command line, whose operator is trusted; every page passes the signed-in user."""
    if user is not None:
        require_admin(user)
    if report.start_date is None or report.end_date is None:
        missing = "start" if report.start_date is None else "end"
        raise ValidationError(
            f"The report gives no {missing} date for the inspection; enter the dates on the upload page."
        )
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
    for order, read_judgement in enumerate(report.judgements):
        area = read_judgement.area
        judgement = judgements.get(area) or Judgement(inspection=inspection, area_name=area)
        judgement.service_area = read_judgement.service_area
        judgement.grade = read_judgement.grade
        judgement.is_key = read_judgement.key
        judgement.order = order
        _save(judgement, user)

    recommendations = {(r.addressee, r.number): r for r in inspection.recommendations.all()}
    counters: dict[str, int] = {}
    for read_recommendation in report.recommendations:
        addressee = read_recommendation.addressee
        counters[addressee] = counters.get(addressee, 0) + 1
        # Bulleted "what needs to improve" items have no number in the report; they are numbered in order.
        number = int(read_recommendation.number) if read_recommendation.number else counters[addressee]
        recommendation = recommendations.get((addressee, number)) or Recommendation(
            inspection=inspection, addressee=addressee, number=number
        )
        recommendation.text = read_recommendation.text
        recommendation.timescale = read_recommendation.timescale
        recommendation.is_priority_action = read_recommendation.priority
        _save(recommendation, user)

    known = set(inspection.findings.values_list("kind", "text"))
    for order, read_finding in enumerate(report.findings):
        if (read_finding.kind, read_finding.text) not in known:
            finding = Finding(inspection=inspection, kind=read_finding.kind, text=read_finding.text, order=order)
            _save(finding, user)
    return inspection


def _save(instance: models.Model, user: AnyUser | None) -> None:
    instance.full_clean()
    # django-simple-history reads the author of the change from this attribute (untyped: not a model field).
    setattr(instance, "_history_user", user)  # noqa: B010
    instance.save()
