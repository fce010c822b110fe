"""Forms for committee reports. Views pass `cleaned_data` to the services in improvement.reports.services."""

from __future__ import annotations

from django import forms

from improvement.models import Committee, CommitteeReport, Plan
from inspections.models import Inspection
from performance.models import Indicator

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.ModelForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.all(),
        empty_label="Choose the committee or board",
        error_messages={"required": "Choose the committee or board this report goes to."},
    )
    plans = forms.ModelMultipleChoiceField(
        queryset=Plan.objects.exclude(status=Plan.Status.DRAFT).order_by("-start_date", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Their priorities' colours and red and overdue actions appear under progress on the plan.",
    )
    inspections = forms.ModelMultipleChoiceField(
        queryset=Inspection.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Summarised with their judgements table.",
    )
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Shown in the change table between the two dates and charted against target and comparators.",
    )
    suppress_below = forms.IntegerField(
        label="Suppress counts below",
        required=False,
        min_value=2,
        max_value=100,
        help_text="Leave blank to show every count. With 5, counts of 0 to 4 are shown as “<5”.",
        error_messages={
            "min_value": "Give a threshold of at least 2 (counts below it are hidden), or leave it blank.",
            "max_value": "Give a threshold of 100 or less, or leave it blank.",
            "invalid": "Give the threshold as a whole number, e.g. 5, or leave it blank.",
        },
    )

    class Meta:
        model = CommitteeReport
        fields = [
            "committee",
            "meeting_date",
            "title",
            "baseline_date",
            "current_date",
            "plans",
            "inspections",
            "indicators",
            "purpose",
            "background",
            "recommendations",
            "challenges",
            "suppress_below",
        ]
        widgets = {"meeting_date": DATE, "baseline_date": DATE, "current_date": DATE}
        help_texts = {
            "purpose": "Section 1 of the report.",
            "background": "Section 2: what led here, in plain words.",
            "recommendations": "What the committee is asked to do.",
            "challenges": "Risks, challenges and what happens next.",
        }
        error_messages = {
            "meeting_date": {
                "required": "Give the date of the meeting, e.g. 25/09/2015.",
                "invalid": "Give the meeting date as a date, e.g. 25/09/2015.",
            },
            "title": {"required": "Give the report a title, e.g. Progress of improvement activity."},
            "baseline_date": {
                "required": "Give the baseline date figures are compared with.",
                "invalid": "Give the baseline as a date, e.g. 19/05/2015.",
            },
            "current_date": {
                "required": "Give the date the report shows things as at.",
                "invalid": "Give the current date as a date, e.g. 01/09/2015.",
            },
        }

    def clean(self):
        cleaned = super().clean()
        baseline, current = cleaned.get("baseline_date"), cleaned.get("current_date")
        if baseline and current and current < baseline:
            self.add_error("current_date", "The current date must be on or after the baseline date.")
        return cleaned

    def _post_clean(self):
        # The model's own check duplicates the field error above; keep the one that names the field.
        super()._post_clean()
        errors = self.errors.get("__all__")
        if errors and "current_date" in self.errors:
            self.errors.pop("__all__")


class StartNextForm(forms.Form):
    meeting_date = forms.DateField(
        widget=DATE,
        error_messages={
            "required": "Give the date of the next meeting.",
            "invalid": "Give the date of the next meeting as a date.",
        },
    )
    current_date = forms.DateField(
        label="Figures as at",
        widget=DATE,
        error_messages={
            "required": "Give the date the new report's figures are as at.",
            "invalid": "Give the figures' date as a date.",
        },
    )

    def __init__(self, *args, report: CommitteeReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report

    def clean_current_date(self):
        current = self.cleaned_data["current_date"]
        if current < self.report.baseline_date:
            raise forms.ValidationError(
                f"The figures' date must be on or after the baseline, {self.report.baseline_date:%-d %B %Y}."
            )
        return current
