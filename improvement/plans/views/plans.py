"""Plan and priority pages, as they stand now or as at a past date (`?as_at=YYYY-MM-DD`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from core.asat import read_as_at
from core.exports import SafeTableExport, export_response, requested_format
from core.presentation import person_name
from core.rag import rag_label
from core.roles import is_admin
from improvement import access
from improvement.governance import selectors as governance_selectors
from improvement.models import Action, Plan
from improvement.plans import rules, selectors, services
from improvement.plans.forms import AssessmentForm
from improvement.plans.tables import ActionTable


def plan_list(request):
    as_at = read_as_at(request)
    plans = Plan.objects.select_related("board", "owner")
    summaries = selectors.plan_summaries(plans, as_at.date)
    export_format = requested_format(request)
    if export_format:
        headers = ["Plan", "Kind", "Status", "Board", "RAG", "Red", "Amber", "Green", "Complete"]
        rows = [
            [
                s.plan.name,
                s.plan.get_kind_display(),
                s.plan.get_status_display(),
                str(s.plan.board or ""),
                s.rollup.word,
                *(s.rollup.counts.values()),
            ]
            for s in summaries
        ]
        return export_response(export_format, headers, rows, "plans", "Plans")
    return render(request, "improvement/plan_list.html", {"summaries": summaries, "as_at": as_at})


def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("board", "owner"), pk=pk)
    as_at = read_as_at(request)
    summary = selectors.plan_summaries([plan], as_at.date)[0]
    assessments = selectors.latest_assessments([p for p, _ in summary.priorities], as_at.date)
    # Each count links to the action list narrowed to exactly what it counts, on the same date.
    list_url = reverse("improvement:action_list")
    day = f"&as_at={as_at.date:%Y-%m-%d}" if as_at.is_past else ""
    rows = [
        (priority, rollup, assessments.get(priority.pk), f"{list_url}?priority={priority.pk}{day}")
        for priority, rollup in summary.priorities
    ]
    export_format = requested_format(request)
    if export_format:
        headers = ["Number", "Priority", "Lead", "RAG", "Red", "Amber", "Green", "Complete", "Lead's assessment"]
        data = [
            [
                p.number,
                p.title,
                person_name(p.lead),
                rag_label(r.rag),
                *(r.counts.values()),
                rag_label(a.rag) if a else "",
            ]
            for p, r, a, _url in rows
        ]
        return export_response(export_format, headers, data, f"plan-{plan.pk}-priorities", "Priorities")
    context = {
        "plan": plan,
        "summary": summary,
        "rows": rows,
        "plan_url": f"{list_url}?plan={plan.pk}{day}",
        "as_at": as_at,
        "history": selectors.change_history(plan) if is_admin(request.user) else None,
        "governance": governance_selectors.plan_governance_summary(plan, as_at.day),
    }
    return render(request, "improvement/plan_detail.html", context)


def priority_detail(request, pk: int):
    priority = access.get_priority_for_user(request.user, pk)
    return _render_priority(request, priority)


@require_POST
def priority_assess(request, pk: int):
    priority = access.get_priority_for_user(request.user, pk, write=True)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            services.priority_assess(priority=priority, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Your assessment of priority {priority.number} is recorded.")
            return redirect(priority)
    return _render_priority(request, priority, assessment_form=form, status=400)


def _render_priority(request, priority, *, assessment_form=None, status=200):
    as_at = read_as_at(request)
    rows = selectors.action_rows(Action.objects.filter(priority=priority).with_related(), as_at.date)
    table = ActionTable(rows, exclude=("plan", "priority"))
    RequestConfig(request, paginate=False).configure(table)
    export_format = requested_format(request)
    if export_format:
        return SafeTableExport(export_format, table).response(f"priority-{priority.pk}-actions.{export_format}")
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
