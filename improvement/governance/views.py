"""A plan's governance page (budget, assurance ratings, risk register, with CSV/XLSX of each) and the admin
forms that add to them. Read: every role; write: admins (decided in the services)."""

from __future__ import annotations

from functools import partial

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from core.exports import chosen_table_response, requested_format
from core.feedback import save_form
from core.roles import is_admin
from improvement.governance import exports, selectors, services
from improvement.governance.forms import AssuranceRatingForm, BudgetLineForm, RiskForm
from improvement.governance.models import BudgetLine, Risk
from improvement.models import Plan


@require_safe
def plan_governance(request, pk: int):
    # Who may read it is the door's business (core.access.DOORS: every role).
    plan = get_object_or_404(Plan.objects.select_related("owner", "board"), pk=pk)
    page = selectors.governance_page(plan)
    if export := requested_format(request):
        return chosen_table_response(request, export, partial(exports.governance_table, page), f"plan-{plan.pk}")
    return render(
        request,
        "improvement/governance/plan_governance.html",
        {"plan": plan, "page": page, "can_write": is_admin(request.user)},
    )


def _save(request, plan, form, save, message):
    if request.method == "POST" and save_form(request, form, lambda data: save(**data), message):
        return redirect("improvement:plan_governance", plan.pk)
    return render(request, "improvement/governance/form.html", {"plan": plan, "form": form})


def budget_line_form(request, pk: int, line_pk: int | None = None):
    plan = get_object_or_404(Plan, pk=pk)
    line = get_object_or_404(BudgetLine, pk=line_pk, plan=plan) if line_pk else None
    form = BudgetLineForm(request.POST or None, instance=line, plan=plan)
    return _save(
        request,
        plan,
        form,
        lambda **data: services.budget_line_save(user=request.user, plan=plan, line=line, **data),
        "Budget line saved; its earlier figures stay in its history.",
    )


def assurance_rating_form(request, pk: int):
    plan = get_object_or_404(Plan, pk=pk)
    form = AssuranceRatingForm(request.POST or None, plan=plan)
    return _save(
        request,
        plan,
        form,
        lambda **data: services.assurance_rating_record(user=request.user, plan=plan, **data),
        "Assurance rating recorded.",
    )


def risk_form(request, pk: int, risk_pk: int | None = None):
    plan = get_object_or_404(Plan, pk=pk)
    risk = get_object_or_404(Risk, pk=risk_pk, plan=plan) if risk_pk else None
    form = RiskForm(request.POST or None, instance=risk, plan=plan)
    return _save(
        request,
        plan,
        form,
        lambda **data: services.risk_save(user=request.user, plan=plan, risk=risk, **data),
        "Risk saved; its earlier scores stay in its history.",
    )
