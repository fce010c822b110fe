"""Forms for the performance pages: list filters, the monthly entry grid, the upload, change and comparison tables."""

from __future__ import annotations

import datetime

from django import forms

from core.rag import RAG
from performance import rules, services
from performance.importing import limits as import_limits
from performance.models import Authority, Indicator
from performance.services import ObservationInput

MAX_UPLOAD_BYTES = import_limits.WEB.bytes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IndicatorFilterForm(forms.Form):
    COLOUR_CHOICES = [("", "Any colour")] + [(c.value, c.label) for c in RAG if c != RAG.BLUE] + [("none", "No rating")]
    OVERDUE_CHOICES = [("", "Any"), ("yes", "Overdue data only"), ("no", "Up to date only")]

    category = forms.ChoiceField(required=False)
    colour = forms.ChoiceField(choices=COLOUR_CHOICES, required=False)
    overdue = forms.ChoiceField(label="Data", choices=OVERDUE_CHOICES, required=False)
    as_at = forms.DateField(label="As at", required=False, widget=DateInput())

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "All categories")] + [(c, c) for c in categories]

    @property
    def overdue_flag(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("overdue") or "")


class MonthForm(forms.Form):
    month = forms.DateField(
        label="Month",
        input_formats=["%Y-%m"],
        widget=forms.DateInput(format="%Y-%m", attrs={"type": "month"}),
        help_text="Figures are stored for the month's last day.",
    )

    @property
    def period_end(self) -> datetime.date:
        return rules.month_end(self.cleaned_data["month"])


class EntryGridForm(forms.Form):
    """One value and note field per indicator for one month. A blank value leaves any stored figure as it is."""

    def __init__(self, *args, rows, authority: Authority, period_end: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.authority, self.period_end = rows, authority, period_end
        for row in rows:
            indicator = row.indicator
            current = row.current
            self.fields[f"value_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name} ({indicator.get_unit_display().lower()})",
                required=False,
                max_length=30,
                initial=_initial(current),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 10}),
            )
            self.fields[f"note_{indicator.pk}"] = forms.CharField(
                label=f"Note for {indicator.name}",
                required=False,
                max_length=500,
                initial=current.note if current else "",
            )

    def value_field(self, row):
        return self[f"value_{row.indicator.pk}"]

    def note_field(self, row):
        return self[f"note_{row.indicator.pk}"]

    def clean(self):
        cleaned = super().clean()
        self.inputs: list[ObservationInput] = []
        for row in self.rows:
            indicator = row.indicator
            value_key, note_key = f"value_{indicator.pk}", f"note_{indicator.pk}"
            raw, note = (cleaned.get(value_key) or "").strip(), cleaned.get(note_key) or ""
            if not raw:
                if note and row.current is None:
                    self.add_error(value_key, "Give a value for this note, or clear the note.")
                continue
            value, reason, error = rules.parse_value(raw)
            if error:
                self.add_error(value_key, error)
                continue
            if problems := services.input_errors(indicator=indicator, value=value):
                self.add_error(value_key, problems["value"])
                continue
            self.inputs.append(ObservationInput(indicator, self.authority, self.period_end, value, reason, note))
        return cleaned


def _initial(current) -> str:
    if current is None:
        return ""
    if current.value is None:
        return current.missing_reason
    value = current.value
    return str(value.quantize(1) if value == value.to_integral_value() else value.normalize())


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Figures file (CSV or Excel .xlsx)",
        help_text="Columns: indicator, period_end (YYYY-MM-DD), value (number or c, x, z, u); optional authority, "
        "target, note. Save CSV files as UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            limit = MAX_UPLOAD_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                f"The file is larger than {limit} MB, the limit for an upload; split it into smaller files. "
                + import_limits.COMMAND_HINT
            )
        return upload


class ChangeTableForm(forms.Form):
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose the indicators to compare.",
    )
    old_date = forms.DateField(label="From (as at)", widget=DateInput())
    new_date = forms.DateField(label="To (as at)", widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        old, new = cleaned.get("old_date"), cleaned.get("new_date")
        if old and new and old >= new:
            self.add_error("new_date", "The 'to' date must be after the 'from' date.")
        return cleaned


class ComparisonForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.filter(is_active=True), to_field_name="code")
    authorities = forms.ModelMultipleChoiceField(
        queryset=Authority.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        help_text="Counts are compared per 10,000 children of each period's year where the child population is "
        "known. The statistical neighbours' average is computed from all ten neighbours.",
    )
    start = forms.DateField(label="From", widget=DateInput())
    end = forms.DateField(label="To", widget=DateInput())

    def __init__(self, *args, comparators=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comparators is not None:
            # This council and its comparators, not the whole national list.
            self.fields["authorities"].queryset = Authority.objects.filter(pk__in=[a.pk for a in comparators])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The 'to' date must be on or after the 'from' date.")
        return cleaned


class ColumnMappingForm(forms.Form):
    """Map a DfE measure column the import did not know to an annual indicator, remembered for later files."""

    column = forms.CharField(max_length=100)
    indicator = forms.ModelChoiceField(
        queryset=Indicator.objects.filter(frequency=Indicator.Frequency.ANNUAL, numerator__isnull=True),
        to_field_name="code",
        label="Import it into",
    )

    def __init__(self, *args, columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        if columns:
            self.fields["column"].widget = forms.Select(choices=[(c, c) for c in columns])
