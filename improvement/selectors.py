"""Reads that span many rows: computed in one pass over a fixed number of queries, never a query per row."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from improvement import rag as rules
from improvement.models import Action, Plan, Priority

ACTION_STATE_FIELDS = (
    "id",
    "priority_id",
    "priority__plan_id",
    "status",
    "progress",
    "start_date",
    "due_date",
    "rag_override",
)


def action_colour(row: dict, as_at: datetime.date) -> str | None:
    """Delivery RAG for a `values()` row of ACTION_STATE_FIELDS (the same rule as Action.delivery_rag)."""
    computed = rules.computed_rag(
        rules.ActionState(row["status"], row["progress"], row["start_date"], row["due_date"]), as_at
    )
    if computed is None:
        return None
    return row["rag_override"] or computed


@dataclass
class PlanSummary:
    plan: Plan
    rollup: rules.Rollup
    priorities: list[tuple[Priority, rules.Rollup]] = field(default_factory=list)


def plan_summaries(plans, as_at: datetime.date) -> list[PlanSummary]:
    """Each plan's and each of its priorities' roll-up colour with counts by colour. Three queries in all."""
    plans = list(plans)
    plan_ids = [p.pk for p in plans]
    priorities = Priority.objects.filter(plan_id__in=plan_ids).select_related("lead")
    colours_by_priority: dict[int, list] = defaultdict(list)
    for row in Action.objects.filter(priority__plan_id__in=plan_ids).values(*ACTION_STATE_FIELDS):
        colours_by_priority[row["priority_id"]].append(action_colour(row, as_at))
    by_plan: dict[int, list] = defaultdict(list)
    for priority in priorities:
        by_plan[priority.plan_id].append(priority)
    summaries = []
    for plan in plans:
        plan_priorities = by_plan[plan.pk]
        all_colours = [c for p in plan_priorities for c in colours_by_priority[p.pk]]
        summaries.append(
            PlanSummary(
                plan=plan,
                rollup=rules.rollup(all_colours),
                priorities=[(p, rules.rollup(colours_by_priority[p.pk])) for p in plan_priorities],
            )
        )
    return summaries
