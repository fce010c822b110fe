"""Forms for budget lines, assurance ratings and risks; views pass `cleaned_data` to the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from improvement.governance.models import AssuranceRating, BudgetLine, Risk
from improvement.models import Action, Priority

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_HELP = "In pounds, e.g. 509000 (no £ sign or commas)."


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "financial_year",
            "source",
            "description",
            "priority",
            "action",
            "requested",
            "approved",
            "spent",
            "forecast",
            "figures_date",
            "note",
        ]
        widgets = {"figures_date": DATE}
        help_texts = {"requested": MONEY_HELP, "approved": "Blank while not decided. " + MONEY_HELP}
        error_messages = {
            "requested": {"invalid": "Give the amount requested in pounds, e.g. 509000."},
            "approved": {"invalid": "Give the amount approved in pounds, e.g. 509000, or leave it blank."},
            "spent": {"invalid": "Give the amount spent to date in pounds, e.g. 96000."},
            "forecast": {"invalid": "Give the forecast in pounds, e.g. 509000, or leave it blank."},
            "figures_date": {"required": "Give the date the amounts describe.", "invalid": "Give a date."},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["priority"].queryset = Priority.objects.filter(plan=plan)
        self.fields["action"].queryset = Action.objects.filter(priority__plan=plan).select_related("priority")
        self.fields["priority"].label = "Project or priority (blank: the whole plan)"
        self.fields["action"].label = "Action (blank: none)"


class AssuranceRatingForm(forms.ModelForm):
    class Meta:
        model = AssuranceRating
        fields = ["rated_on", "area", "scale", "level", "assessor", "commentary"]
        widgets = {"rated_on": DATE}
        error_messages = {"rated_on": {"required": "Give the date of the rating.", "invalid": "Give a date."}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "reference",
            "description",
            "owner",
            "likelihood",
            "impact",
            "assessed_on",
            "review_date",
            "mitigation",
            "mitigating_actions",
            "status",
        ]
        widgets = {
            "assessed_on": DATE,
            "review_date": DATE,
            "mitigating_actions": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "likelihood": {"invalid": "Score the likelihood 1 to 5."},
            "impact": {"invalid": "Score the impact 1 to 5."},
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["mitigating_actions"].queryset = Action.objects.filter(priority__plan=plan).order_by(
            "priority__number", "reference"
        )
        self.fields["owner"].queryset = get_user_model().objects.filter(is_active=True).order_by("last_name")
