"""Plan and priority pages, as they stand now or as at a past date (`?as_at=YYYY-MM-DD`)."""

from __future__ import annotations

from functools import partial

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.asat import AsAt, read_as_at
from core.exports import requested_format, table_response, tables2_response
from core.feedback import save_form
from core.roles import is_admin
from improvement import access
from improvement.governance import selectors as governance_selectors
from improvement.models import Action, Plan
from improvement.plans import exports, rules, selectors, services
from improvement.plans.forms import AssessmentForm
from improvement.plans.tables import ActionTable


def plan_list(request):
    as_at = read_as_at(request)
    summaries = selectors.plan_summaries(Plan.objects.select_related("board", "owner"), as_at.date)
    if export_format := requested_format(request):
        return table_response(export_format, exports.plans_table(summaries), "plans")
    return render(request, "improvement/plan_list.html", {"summaries": summaries, "as_at": as_at})


def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("board", "owner"), pk=pk)
    as_at = read_as_at(request)
    summary = selectors.plan_summaries([plan], as_at.date)[0]
    assessments = selectors.latest_assessments([p for p, _ in summary.priorities], as_at.date)
    if export_format := requested_format(request):
        table = exports.priorities_table(summary.priorities, assessments)
        return table_response(export_format, table, f"plan-{plan.pk}-priorities")
    list_url, day = _action_list_link(as_at)
    context = {
        "plan": plan,
        "summary": summary,
        # Each count links to the action list narrowed to exactly what it counts, on the same date.
        "rows": [
            (priority, rollup, assessments.get(priority.pk), f"{list_url}?priority={priority.pk}{day}")
            for priority, rollup in summary.priorities
        ],
        "plan_url": f"{list_url}?plan={plan.pk}{day}",
        "as_at": as_at,
        "history": selectors.change_history(plan) if is_admin(request.user) else None,
        "governance": governance_selectors.plan_governance_summary(plan, as_at.day),
    }
    return render(request, "improvement/plan_detail.html", context)


def _action_list_link(as_at: AsAt) -> tuple[str, str]:
    """The action list's address and the date parameter that keeps it on the page's date ("" for today)."""
    return reverse("improvement:action_list"), (f"&as_at={as_at.date:%Y-%m-%d}" if as_at.is_past else "")


def priority_detail(request, pk: int):
    priority = access.get_priority_for_user(request.user, pk)
    return _render_priority(request, priority)


@require_POST
def priority_assess(request, pk: int):
    priority = access.get_priority_for_user(request.user, pk, write=True)
    form = AssessmentForm(request.POST)
    write = partial(services.priority_assess, priority=priority, user=request.user)
    if save_form(
        request, form, lambda data: write(**data), f"Your assessment of priority {priority.number} is recorded."
    ):
        return redirect(priority)
    return _render_priority(request, priority, assessment_form=form, status=400)


def _render_priority(request, priority, *, assessment_form=None, status=200):
    as_at = read_as_at(request)
    rows = selectors.action_rows(Action.objects.filter(priority=priority).with_related(), as_at.date)
    table = ActionTable(rows, exclude=("plan", "priority"))
    RequestConfig(request, paginate=False).configure(table)
    if export_format := requested_format(request):
        return tables2_response(export_format, table, f"priority-{priority.pk}-actions")
    can_assess = access.can_lead_priority(request.user, priority)
    context = {
        "priority": priority,
        "plan": priority.plan,
        "table": table,
        "rollup": rules.rollup((r.state.rag for r in rows), begins=priority.plan.start_date, as_at=as_at.day),
        "assessments": selectors.assessment_history(priority, as_at.date),
        "assessment_form": (assessment_form or AssessmentForm()) if can_assess and not as_at.is_past else None,
        "as_at": as_at,
        "history": selectors.change_history(priority) if is_admin(request.user) else None,
    }
    return render(request, "improvement/priority_detail.html", context, status=status)
