"""Forms for the recommendation tracker and for linking recommendations to actions and to each other."""

from __future__ import annotations

from typing import cast

import django_filters
from django import forms

from core.asat import as_at_day
from improvement.models import Action
from improvement.tracker.coverage import ACTIVE_PLANS_SCOPE, Coverage, answered_by_active_plans
from inspections.models import Inspection, Recommendation


def _keep(queryset, name, value):
    """Coverage and grouping are applied by the view (`improvement.tracker.coverage.tracker_lines`), which decides
    each recommendation's coverage before filtering on it."""
    return queryset


class RecommendationFilter(django_filters.FilterSet):
    # The dashboard's coverage panel links here with scope=active_plans, so its numbers and these lists agree.
    scope = django_filters.ChoiceFilter(
        label="Reviews",
        choices=[(ACTIVE_PLANS_SCOPE, "Those active plans respond to")],
        empty_label="Every inspection and review",
        method="filter_scope",
    )
    inspection = django_filters.ModelChoiceFilter(
        queryset=Inspection.objects.order_by("-start_date", "-id"), empty_label="Any inspection or review"
    )
    addressee = django_filters.ChoiceFilter(
        label="Addressed to", choices=Recommendation.Addressee.choices, empty_label="Anyone"
    )
    timescale = django_filters.ChoiceFilter(choices=Recommendation.Timescale.choices, empty_label="Any timescale")
    coverage = django_filters.ChoiceFilter(
        label="Coverage", choices=Coverage.choices, empty_label="Any coverage", method=_keep
    )
    group = django_filters.BooleanFilter(
        label="Show related recommendations as one line",
        widget=forms.CheckboxInput,
        method=_keep,
    )

    class Meta:
        model = Recommendation
        fields = ["inspection", "addressee", "timescale"]

    def filter_scope(self, queryset, name, value):
        # The plans active on the page's date, as the dashboard that links here counted them.
        if value != ACTIVE_PLANS_SCOPE:
            return queryset
        return answered_by_active_plans(queryset, as_at=as_at_day(self.data))


class RecommendationSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a recommendation by number or words",
        max_length=200,
        help_text='For example "3", "R3" or "caseloads".',
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class LinkRecommendationForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.select_related("inspection"),
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose a recommendation from the search results.",
            "invalid_choice": "That recommendation no longer exists; search again.",
        },
    )


class ActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, action):
        return f"{action.plan_reference} {action.description[:80]} ({action.priority.plan.name})"


class LinkActionForm(forms.Form):
    """Offers only the actions the user may link and that do not already answer the recommendation."""

    action = ActionChoiceField(
        queryset=Action.objects.none(),
        label="Action that answers this recommendation",
        empty_label="Choose an action",
        error_messages={
            "required": "Choose the action that answers this recommendation.",
            "invalid_choice": "You cannot link that action: choose one from the list (actions in priorities you "
            "lead, not withdrawn, not already linked).",
        },
    )

    def __init__(self, *args, recommendation: Recommendation, linkable, **kwargs):
        super().__init__(*args, **kwargs)
        self._action_field().queryset = (
            linkable.counted()
            .exclude(recommendations=recommendation)
            .select_related("priority__plan")
            .order_by("priority__plan__name", "priority__number", "reference", "id")
        )

    def _action_field(self) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields["action"])

    def options(self) -> list[Action]:
        """The actions offered, read once: the page uses them both to decide whether to show the form and to
        fill the select (a model choice field would otherwise query again as it renders)."""
        field = self._action_field()
        actions = list(field.queryset) if field.queryset is not None else []
        field.widget.choices = [("", field.empty_label)] + [(a.pk, field.label_from_instance(a)) for a in actions]
        return actions


class RecommendationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, rec):
        return f"{rec.inspection.title}, recommendation {rec.reference}: {rec.text[:80]}"


class RelateForm(forms.Form):
    other = RecommendationChoiceField(
        queryset=Recommendation.objects.none(),
        label="Recommendation from another review that asks for the same thing",
        empty_label="Choose a recommendation",
        error_messages={
            "required": "Choose the recommendation that asks for the same thing.",
            "invalid_choice": "Choose a recommendation from another review that is not already related.",
        },
    )

    def __init__(self, *args, recommendation: Recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["other"]).queryset = (
            Recommendation.objects.exclude(inspection_id=recommendation.inspection_id)
            .exclude(related=recommendation)
            .select_related("inspection")
            .order_by("-inspection__start_date", "inspection_id", "number", "id")
        )
