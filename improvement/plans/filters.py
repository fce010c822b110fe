"""Filters for the action list. Query parameters are a public interface (the dashboard links its counts here):

scope=active_plans (plans active on the page's date);
plan, priority, owner (ids); status (an Action.Status value); rag (red, amber, green, blue); overdue=1;
open=1 (neither complete nor withdrawn); due_from=YYYY-MM-DD (due on or after that day); due_before=YYYY-MM-DD
(due on or before that day); as_at=YYYY-MM-DD (handled by the view, not here).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from core.asat import as_at_day
from core.presentation import person_name
from core.rag import RAG
from improvement.models import Action, Plan, Priority
from improvement.plans.selectors import state_q

ACTIVE_PLANS_SCOPE = "active_plans"


def _digits(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else None


def _matching(lookup: str, value: int | None) -> Q:
    """`lookup` equal to `value`, or nothing when no value was given (never `IS NULL`: through a join that would
    match every row with nothing on the other side, e.g. every user who owns no action)."""
    return Q(**{lookup: value}) if value is not None else Q(pk__in=[])


class _PriorityField(FilterModelChoiceField):
    def label_from_instance(self, obj: Priority) -> str:
        return obj.label  # every plan has a priority "1.": each is named with its plan ("LIP 1. Recruitment")


class _PersonField(FilterModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)  # as the pages name people: full name, else username


class PriorityChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _PriorityField


class PersonChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _PersonField


class ActionFilter(django_filters.FilterSet):
    """Over `selectors.with_state_as_at` rows: status, colour, overdue and open describe each action as at the
    page's date (its stored colour interval containing that date), in the database."""

    # The dashboard's counts link here with scope=active_plans: the plans active on the page's date.
    scope = django_filters.ChoiceFilter(
        label="Plans",
        choices=[(ACTIVE_PLANS_SCOPE, "Plans active on the date shown")],
        empty_label="Every plan",
        method="filter_scope",
    )
    plan = django_filters.ModelChoiceFilter(
        field_name="priority__plan", queryset=Plan.objects.all(), label="Plan", empty_label="All plans"
    )
    priority = PriorityChoiceFilter(
        queryset=Priority.objects.select_related("plan").order_by("plan__start_date", "plan__name", "number", "id"),
        label="Priority",
        empty_label="All priorities",
    )
    owner = PersonChoiceFilter(
        queryset=get_user_model()
        .objects.filter(owned_actions__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username"),
        label="Owner",
        empty_label="Anyone",
    )
    status = django_filters.ChoiceFilter(
        choices=Action.Status.choices, method="filter_state", label="Status", empty_label="Any status"
    )
    rag = django_filters.ChoiceFilter(
        choices=RAG.choices, method="filter_state", label="Colour", empty_label="Any colour"
    )
    overdue = django_filters.BooleanFilter(method="filter_state", label="Overdue only", widget=forms.CheckboxInput)
    open = django_filters.BooleanFilter(method="filter_state", label="Open only", widget=forms.CheckboxInput)
    due_from = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
    )

    class Meta:
        model = Action
        fields = ["scope", "plan", "priority", "owner", "status", "rag", "overdue", "open", "due_from", "due_before"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # A regional alliance runs a hundred plans of ten priorities and a thousand owners: listing them all in two
        # drop-downs would make the page as large as the data. The priorities and owners offered are the chosen
        # plan's (with any already chosen, so a link from another page still validates); "Choose a plan first".
        plan, priority, owner = (_digits((data or {}).get(name)) for name in ("plan", "priority", "owner"))
        self.filters["priority"].queryset = Priority.objects.select_related("plan").filter(
            _matching("plan_id", plan) | _matching("pk", priority)
        )
        self.filters["owner"].queryset = (
            get_user_model()
            .objects.filter(_matching("owned_actions__priority__plan_id", plan) | _matching("pk", owner))
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        if plan is None:
            for name in ("priority", "owner"):
                self.filters[name].extra["help_text"] = "Choose a plan first to list its " + (
                    "priorities." if name == "priority" else "action owners."
                )

    def filter_scope(self, queryset, name, value):
        if value != ACTIVE_PLANS_SCOPE:
            return queryset
        return queryset.filter(priority__plan__in=Plan.objects.active_on(as_at_day(self.data)).values("pk"))

    def filter_state(self, queryset, name, value):
        if not value:
            return queryset
        keyword = "is_open" if name == "open" else name
        return queryset.filter(state_q(as_at_day(self.data), **{keyword: value}))
