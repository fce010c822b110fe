"""Writes to inspections. Keyword-only, validated with full_clean, all or nothing."""

from __future__ import annotations

from django.db import transaction

from core.roles import require_admin
from inspections.models import Inspection, Judgement


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
