"""Forms for committee reports. Views pass `cleaned_data` to the services in improvement.reports.services."""

from __future__ import annotations

from django import forms

from improvement.models import SECTION_CHOICES, SECTION_KEYS, Committee, CommitteeReport, Plan
from improvement.reports.models import NARRATIVE_FIELDS
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

    sections = forms.MultipleChoiceField(
        choices=SECTION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=list(SECTION_KEYS),
        error_messages={"required": "Choose at least one section for the report to show."},
        label="Sections to show",
        help_text="In this order. A chosen section with nothing to show (no text, no data) is left out.",
    )

    class Meta:
        model = CommitteeReport
        fields = [
            "committee",
            "meeting_date",
            "agenda_item",
            "title",
            "report_of",
            "classification",
            "exempt_reason",
            "baseline_date",
            "current_date",
            "plans",
            "inspections",
            "indicators",
            *NARRATIVE_FIELDS,
            "sections",
            "suppress_below",
        ]
        widgets = {"meeting_date": DATE, "baseline_date": DATE, "current_date": DATE}
        help_texts = {
            "purpose": "Section 1 of the report.",
            "background": "Section 2: what led here, in plain words.",
            "recommendations": "The decisions the committee is asked to take; shown on the front page too.",
            "impact": "Shown above the change table and charts.",
            "financial_implications": "Shown above the plans' budget lines as at the report's date.",
            "assurance": "Shown above the independent assurance ratings up to the report's date.",
            "risk_implications": "Shown above the plans' risk registers as at the report's date.",
            "challenges": "What stands in the way and the action proposed to address it.",
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
        if (
            cleaned.get("classification") == CommitteeReport.Classification.EXEMPT
            and not cleaned.get("exempt_reason", "").strip()
        ):
            self.add_error("exempt_reason", "Say why the report is exempt (the paragraph of Schedule 12A).")
        baseline, current = cleaned.get("baseline_date"), cleaned.get("current_date")
        if baseline and current and current < baseline:
            self.add_error("current_date", "The current date must be on or after the baseline date.")
        return cleaned

    def warnings(self) -> list[str]:
        """Dates that are allowed but probably wrong: said after saving, not refused."""
        meeting, current = self.cleaned_data.get("meeting_date"), self.cleaned_data.get("current_date")
        if meeting and current and meeting < current:
            return [
                f"The meeting ({meeting:%-d %B %Y}) is before the figures' date ({current:%-d %B %Y}): the committee "
                "would see figures from after its meeting. Check both dates."
            ]
        return []

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


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the report: fix its figures and colours and issue it",
        error_messages={"required": "Tick the box to confirm; an issued report can no longer be edited."},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="Shown on the report, with your name and the date.",
        error_messages={"required": "Say why; the reason is shown on the report."},
    )
