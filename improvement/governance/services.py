"""Writes to budget lines, assurance ratings and risks: admins only (the performance, finance and assurance teams
work through the admin role), validated in full, each in one transaction. History is kept by the models."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from core.roles import require_admin
from improvement.governance.models import AssuranceRating, BudgetLine, Risk
from improvement.models import Action, Plan, Priority


@transaction.atomic
def budget_line_save(
    *,
    user: User,
    plan: Plan,
    line: BudgetLine | None = None,
    financial_year: str,
    source: str,
    description: str,
    requested: Decimal,
    approved: Decimal | None,
    spent: Decimal,
    forecast: Decimal | None,
    figures_date: datetime.date,
    priority: Priority | None = None,
    action: Action | None = None,
    note: str = "",
) -> BudgetLine:
    """Create a line, or record new figures on an existing one (its earlier figures stay in its history)."""
    require_admin(user)
    if line is not None and line.plan_id != plan.pk:
        raise ValidationError("This budget line belongs to another plan.")
    line = line or BudgetLine(plan=plan)
    for name, value in {
        "financial_year": financial_year,
        "source": source,
        "description": description,
        "requested": requested,
        "approved": approved,
        "spent": spent,
        "forecast": forecast,
        "figures_date": figures_date,
        "priority": priority,
        "action": action,
        "note": note,
        "updated_by": user,
    }.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def assurance_rating_record(
    *,
    user: User,
    plan: Plan,
    rated_on: datetime.date,
    scale: str,
    level: str,
    assessor: str,
    commentary: str,
    area: str = "",
) -> AssuranceRating:
    """A new dated rating; earlier ratings are kept as the rating's history and shown as such."""
    require_admin(user)
    rating = AssuranceRating(
        plan=plan,
        area=area,
        rated_on=rated_on,
        scale=scale,
        level=level,
        assessor=assessor,
        commentary=commentary,
        recorded_by=user,
    )
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def risk_save(
    *,
    user: User,
    plan: Plan,
    risk: Risk | None = None,
    reference: str,
    description: str,
    owner: User | None,
    likelihood: int,
    impact: int,
    assessed_on: datetime.date,
    review_date: datetime.date,
    mitigation: str = "",
    mitigating_actions=(),
    status: str = Risk.Status.OPEN,
) -> Risk:
    """Create a risk or re-score it; the previous score stays in its history with the date it described."""
    require_admin(user)
    if risk is not None and risk.plan_id != plan.pk:
        raise ValidationError("This risk belongs to another plan.")
    actions = list(mitigating_actions)
    foreign = [a.reference for a in actions if a.priority.plan_id != plan.pk]
    if foreign:
        raise ValidationError(
            {"mitigating_actions": f"Choose actions of this plan; not {', '.join(foreign)} from another plan."}
        )
    risk = risk or Risk(plan=plan)
    for name, value in {
        "reference": reference,
        "description": description,
        "owner": owner,
        "likelihood": likelihood,
        "impact": impact,
        "assessed_on": assessed_on,
        "review_date": review_date,
        "mitigation": mitigation,
        "status": status,
    }.items():
        setattr(risk, name, value)
    risk.full_clean()
    risk.save()
    risk.mitigating_actions.set(actions)
    return risk
