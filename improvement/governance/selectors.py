"""Reads: budget lines, assurance ratings and risks of plans as they stood on a date.

A budget line's figures and a risk's score carry the date they describe (`figures_date`, `assessed_on`); their
change history keeps every earlier version. "As at D" is, for each row, its latest version dated on or before D:
one query over the history table, whatever the number of rows. Assurance ratings are dated rows already.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from improvement.governance.models import AssuranceRating, BudgetLine, Risk

AMOUNTS = ("requested", "approved", "spent", "forecast")


def _latest_versions(history_qs, date_field: str, as_at: datetime.date) -> list:
    """Each row's newest version dated on or before `as_at`; rows deleted by then are left out."""
    latest = {}
    for version in history_qs.filter(**{f"{date_field}__lte": as_at}).order_by("history_date", "history_id"):
        latest[version.id] = version
    return [v for v in latest.values() if v.history_type != "-"]


def budget_lines_as_at(plan_ids: list[int], as_at: datetime.date) -> list:
    """Historical versions (with `priority` and `action` loaded), ordered by plan, year and attachment."""
    versions = _latest_versions(
        BudgetLine.history.filter(plan_id__in=plan_ids).select_related("priority", "action"), "figures_date", as_at
    )
    return sorted(versions, key=lambda v: (v.plan_id, v.financial_year, v.priority.number if v.priority else 0, v.id))


def budget_totals(lines) -> dict[str, Decimal | int | None]:
    """Sum of each amount; approved and forecast count only where set, and say how many are not set."""
    totals: dict[str, Decimal | int | None] = {}
    for name in AMOUNTS:
        values = [getattr(line, name) for line in lines if getattr(line, name) is not None]
        totals[name] = sum(values, Decimal(0)) if values else None
        totals[f"{name}_unset"] = len(lines) - len(values)
    return totals


def budget_totals_by_year(lines) -> list[tuple[str, dict]]:
    by_year = defaultdict(list)
    for line in lines:
        by_year[line.financial_year].append(line)
    return [(year, budget_totals(year_lines)) for year, year_lines in sorted(by_year.items())]


def risks_as_at(plan_ids: list[int], as_at: datetime.date) -> list:
    """Open risks as scored on or before `as_at`, highest score first, each with its mitigating actions today."""
    versions = [
        v
        for v in _latest_versions(
            Risk.history.filter(plan_id__in=plan_ids).select_related("owner"), "assessed_on", as_at
        )
        if v.status == Risk.Status.OPEN
    ]
    links = defaultdict(list)
    through = Risk.mitigating_actions.through.objects.filter(risk_id__in=[v.id for v in versions])
    for link in through.select_related("action").order_by("action__reference", "action_id"):
        links[link.risk_id].append(link.action)
    for version in versions:
        version.linked_actions = links[version.id]
    return sorted(versions, key=lambda v: (-(v.likelihood * v.impact), v.plan_id, v.reference))


def assurance_as_at(plan_ids: list[int], as_at: datetime.date) -> list[AssuranceRating]:
    """Every rating dated on or before `as_at`, newest first: the first per plan and area is the one in force."""
    return list(
        AssuranceRating.objects.filter(plan_id__in=plan_ids, rated_on__lte=as_at)
        .select_related("plan")
        .order_by("plan__name", "plan_id", "area", "-rated_on", "-id")
    )


def current_assurance(plan_ids: list[int], as_at: datetime.date) -> dict[int, AssuranceRating]:
    """The plan-wide rating in force on `as_at`, per plan (one query)."""
    current: dict[int, AssuranceRating] = {}
    for rating in (
        AssuranceRating.objects.filter(plan_id__in=plan_ids, rated_on__lte=as_at, area="")
        .order_by("plan_id", "-rated_on", "-id")
        .only("plan_id", "rated_on", "level", "scale", "assessor")
    ):
        current.setdefault(rating.plan_id, rating)
    return current


@dataclass
class GovernancePage:
    lines: list[BudgetLine]
    years: list[tuple[str, dict]]
    total: dict
    line_history: dict[int, list]
    ratings: list[AssuranceRating]
    risks: list[Risk]
    risk_history: dict[int, list]


def _history(history_qs, date_field: str) -> dict[int, list]:
    """Each row's earlier versions, newest first (the row's current state is not repeated)."""
    versions = defaultdict(list)
    for version in history_qs.order_by("-history_date", "-history_id"):
        versions[version.id].append(version)
    return {pk: found[1:] for pk, found in versions.items()}


def governance_page(plan) -> GovernancePage:
    """Everything the plan's governance page shows, in a fixed number of queries."""
    lines = list(plan.budget_lines.select_related("priority", "action").order_by("financial_year", "id"))
    risks = sorted(
        plan.risks.select_related("owner").prefetch_related("mitigating_actions"),
        key=lambda r: (r.status != Risk.Status.OPEN, -r.score, r.reference),
    )
    return GovernancePage(
        lines=lines,
        years=budget_totals_by_year(lines),
        total=budget_totals(lines),
        line_history=_history(BudgetLine.history.filter(plan_id=plan.pk), "figures_date"),
        ratings=list(plan.assurance_ratings.select_related("recorded_by").order_by("-rated_on", "-id")),
        risks=risks,
        risk_history=_history(Risk.history.filter(plan_id=plan.pk), "assessed_on"),
    )


@dataclass
class PlanGovernanceSummary:
    rating: AssuranceRating | None
    total: dict
    risk_counts: list[tuple[str, int]]
    risk_count: int


def plan_governance_summary(plan, as_at: datetime.date) -> PlanGovernanceSummary:
    """The plan page's panel, as things stood on `as_at`: assurance rating in force, budget totals, open risks by
    colour (worst first)."""
    from core.rag import RAG_ORDER
    from improvement.governance.rules import assess_risk

    risks = risks_as_at([plan.pk], as_at)
    colours = [assess_risk(r.likelihood, r.impact)[0] for r in risks]
    return PlanGovernanceSummary(
        rating=current_assurance([plan.pk], as_at).get(plan.pk),
        total=budget_totals(budget_lines_as_at([plan.pk], as_at)),
        risk_counts=[(c, colours.count(c)) for c in RAG_ORDER if colours.count(c)],
        risk_count=len(risks),
    )
