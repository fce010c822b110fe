"""Reads for the inspection pages: judgements grouped as the reports print them, self-assessment against
inspection. Pure functions over rows already fetched, so a page costs a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from inspections.models import Finding, Grade, Inspection, Judgement, Recommendation

# Best first. Pre-2013 "adequate" and post-2013 "requires improvement" sit at the same step of their own
# framework's scale; judgements are only ever compared within one inspection, so one framework.
GRADE_RANK: dict[str, int] = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.ADEQUATE: 3,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.INADEQUATE: 4,
}


def inspections_for_list() -> QuerySet[Inspection]:
    """Every inspection with its counts of judgements and recommendations: one query."""
    return Inspection.objects.order_by("-start_date", "-id").annotate(
        recommendation_count=Count("recommendations", distinct=True),
        judgement_count=Count("judgements", distinct=True),
    )


def inspection_for_page() -> QuerySet[Inspection]:
    """An inspection with its judgements, findings and recommendations: four queries in all."""
    return Inspection.objects.prefetch_related(
        Prefetch("judgements", queryset=Judgement.objects.order_by("order", "id")),
        Prefetch("findings", queryset=Finding.objects.order_by("kind", "order", "id")),
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("addressee", "number", "id")),
    )


@dataclass(frozen=True)
class JudgementGroup:
    service_area: str
    judgements: list[Judgement]


def judgement_groups(judgements: Iterable[Judgement]) -> list[JudgementGroup]:
    """Judgements by service area, areas in the order the report first lists them, key judgements first in each."""
    by_area: dict[str, list[Judgement]] = {}
    for judgement in judgements:
        by_area.setdefault(judgement.service_area, []).append(judgement)
    return [
        JudgementGroup(area, sorted(items, key=lambda j: (not j.is_key, j.order, j.pk)))
        for area, items in by_area.items()
    ]


class Difference:
    SAME = "Same"
    LOWER = "Inspected lower"
    HIGHER = "Inspected higher"
    NOT_ASSESSED = "Not self-assessed"


@dataclass(frozen=True)
class SelfAssessmentRow:
    judgement: Judgement
    difference: str

    @property
    def differs(self) -> bool:
        return self.difference in (Difference.LOWER, Difference.HIGHER)


def difference(judgement: Judgement) -> str:
    if not judgement.self_assessment_grade:
        return Difference.NOT_ASSESSED
    inspected, assessed = GRADE_RANK[judgement.grade], GRADE_RANK[judgement.self_assessment_grade]
    if inspected == assessed:
        return Difference.SAME
    return Difference.LOWER if inspected > assessed else Difference.HIGHER


@dataclass(frozen=True)
class SelfAssessmentComparison:
    groups: list[tuple[str, list[SelfAssessmentRow]]]
    self_assessed: list[tuple[str, int]]
    inspected: list[tuple[str, int]]
    differing: int
    total: int


def _grade_counts(grades: Iterable[str]) -> list[tuple[str, int]]:
    tally = Counter(g for g in grades if g)
    return [(Grade(g).label, tally[g]) for g in sorted(tally, key=GRADE_RANK.__getitem__)]


def self_assessment_comparison(judgements: Iterable[Judgement]) -> SelfAssessmentComparison | None:
    """The council's own grades beside the inspectors', grouped like the judgements; None when nothing was
    self-assessed."""
    judgements = list(judgements)
    if not any(j.self_assessment_grade for j in judgements):
        return None
    groups = [
        (group.service_area, [SelfAssessmentRow(j, difference(j)) for j in group.judgements])
        for group in judgement_groups(judgements)
    ]
    rows = [row for _, items in groups for row in items]
    return SelfAssessmentComparison(
        groups=groups,
        self_assessed=_grade_counts(j.self_assessment_grade for j in judgements),
        inspected=_grade_counts(j.grade for j in judgements),
        differing=sum(row.differs for row in rows),
        total=len(rows),
    )
