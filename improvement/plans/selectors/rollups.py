"""Roll-ups as at a date: each plan's and priority's colour with counts by colour (a GROUP BY over the stored
colour intervals), and the priority leads' own judgements."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from core import asat
from core.presentation import colour_change
from core.rag import RAG_SEVERITY
from improvement.models import ActionInterval, Plan, Priority, PriorityAssessment
from improvement.plans import rules

SEVERITY: dict[str, int] = {str(colour): rank for colour, rank in RAG_SEVERITY.items()}


@dataclass
class PlanSummary:
    plan: Plan
    rollup: rules.Rollup
    priorities: list[tuple[Priority, rules.Rollup]] = field(default_factory=list)


def plan_summaries(plans: Iterable[Plan], as_at: datetime.date | None) -> list[PlanSummary]:
    """Each plan's and each of its priorities' roll-up colour with counts by colour, as at a date (None: today).

    The counts are a GROUP BY over the stored intervals containing the date (`improvement.plans.intervals`): two
    queries whatever the date and however many plans, priorities and actions."""
    plans = list(plans)
    plan_ids = [p.pk for p in plans]
    day = as_at or timezone.localdate()
    priorities = Priority.objects.filter(plan_id__in=plan_ids).select_related("lead")
    counts = priority_colour_counts(plan_ids, day)
    by_plan: dict[int, list[Priority]] = defaultdict(list)
    for priority in priorities:
        by_plan[priority.plan_id].append(priority)
    summaries = []
    for plan in plans:
        plan_priorities = by_plan[plan.pk]
        plan_counts: Counter[str] = Counter()
        for priority in plan_priorities:
            plan_counts.update(counts.get(priority.pk, {}))
        summaries.append(
            PlanSummary(
                plan=plan,
                rollup=rules.rollup_of_counts(plan_counts, begins=plan.start_date, as_at=day),
                priorities=[
                    (p, rules.rollup_of_counts(counts.get(p.pk, {}), begins=plan.start_date, as_at=day))
                    for p in plan_priorities
                ],
            )
        )
    return summaries


def priority_colour_counts(plan_ids: list[int], day: datetime.date) -> dict[int, dict[str, int]]:
    """How many actions of each priority of these plans were of each colour at the end of `day` (withdrawn and
    unrated ones in none): one GROUP BY over the intervals containing the day."""
    rows = (
        ActionInterval.objects.filter(action__priority__plan_id__in=plan_ids, valid_from__lte=day, valid_until__gt=day)
        .exclude(rag="")
        .values_list("action__priority_id", "rag")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for priority_id, colour, n in rows:
        counts[priority_id][colour] = n
    return counts


def latest_assessments(priorities: Iterable[Priority], as_at: datetime.date | None) -> dict[int, PriorityAssessment]:
    """Each priority's latest lead assessment dated on or before `as_at` (None: today), in one query."""
    day = as_at or asat.today()
    ids = [p.pk for p in priorities]
    latest = (
        PriorityAssessment.objects.filter(priority_id=OuterRef("priority_id"), date__lte=day)
        .order_by("-date", "-id")
        .values("id")[:1]
    )
    found = PriorityAssessment.objects.filter(priority_id__in=ids, id=Subquery(latest)).select_related("assessed_by")
    return {a.priority_id: a for a in found}


@dataclass(frozen=True)
class AssessmentEntry:
    assessment: PriorityAssessment
    previous_rag: str | None

    @property
    def change(self) -> str:
        """Against the previous assessment: `core.presentation.colour_change` ('new' for the first)."""
        return colour_change(self.previous_rag, self.assessment.rag)


def assessment_history(priority: Priority, as_at: datetime.date | None = None) -> list[AssessmentEntry]:
    """The lead's judgements, newest first, each with the one before it (one query)."""
    found = PriorityAssessment.objects.filter(priority=priority).select_related("assessed_by")
    if as_at is not None:
        found = found.filter(date__lte=as_at)
    entries = []
    previous = None
    for assessment in found.order_by("date", "id"):
        entries.append(AssessmentEntry(assessment, previous))
        previous = assessment.rag
    return entries[::-1]


@dataclass(frozen=True)
class PlanRanking:
    """Every plan asked about, by roll-up, most at risk first (worst colour, then most red, then most amber)."""

    ranked: list[tuple[int, rules.Rollup]]

    @property
    def colour_totals(self) -> dict[str | None, int]:
        """How many plans are of each roll-up colour (None: no colour yet)."""
        return dict(Counter(rollup.rag for _, rollup in self.ranked))


# A plan as `rank_plans` reads it: id, start date, name, and its actions' counts by colour.
PlanRow = tuple[int, datetime.date, str, dict[str, int]]


def rank_plans(rows: list[PlanRow], day: datetime.date) -> PlanRanking:
    """The plans most at risk first: worst roll-up colour (`rules.rollup_of_counts`), then most red, most amber."""
    scored = []
    for pk, start, name, counts in rows:
        rollup = rules.rollup_of_counts(counts, begins=start, as_at=day)
        severity = SEVERITY.get(rollup.rag or "", len(SEVERITY))
        scored.append(((severity, -rollup.counts["red"], -rollup.counts["amber"], name, pk), pk, rollup))
    scored.sort(key=lambda item: item[0])
    return PlanRanking([(pk, rollup) for _, pk, rollup in scored])
