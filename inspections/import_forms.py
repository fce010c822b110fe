"""The Ofsted report upload page: the file, then every field read from it, editable, beside its page number."""

from __future__ import annotations

from django import forms

from inspections.models import Finding, Framework, Grade, Inspection, Recommendation
from inspections.ofsted_pdf import OfstedReport, ReadFinding, ReadJudgement, ReadRecommendation
from inspections.ofsted_pdf.text import MAX_BYTES

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # what a date input shows and sends
GRADE_CHOICES = [("", "No grade"), *Grade.choices]


class UploadForm(forms.Form):
    file = forms.FileField(label="Ofsted report (PDF)", help_text="The report as published by Ofsted.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB; an Ofsted report is smaller.")
        return upload


class HeaderForm(forms.Form):
    council = forms.CharField(max_length=150)
    kind = forms.ChoiceField(choices=Inspection.Kind.choices)
    framework = forms.ChoiceField(choices=Framework.choices)
    start_date = forms.DateField(label="Inspection start date", widget=DATE)
    end_date = forms.DateField(label="Inspection end date", widget=DATE)
    published_date = forms.DateField(
        label="Published", required=False, widget=DATE,
        help_text="Due dates follow from it and each recommendation's timescale.",
    )  # fmt: skip
    lead_inspector = forms.CharField(max_length=120, required=False)
    overall_grade = forms.ChoiceField(choices=GRADE_CHOICES, required=False)
    update = forms.BooleanField(required=False, label="Update the inspection already held for this council and dates")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        return data


class JudgementRowForm(forms.Form):
    area = forms.CharField(max_length=200, label="Judgement")
    grade = forms.ChoiceField(choices=Grade.choices)
    key = forms.BooleanField(required=False, label="Key judgement")
    service_area = forms.CharField(max_length=120, widget=forms.HiddenInput)
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RecommendationRowForm(forms.Form):
    number = forms.IntegerField(min_value=1, max_value=999, required=False, help_text="Blank: numbered in order.")
    addressee = forms.ChoiceField(choices=Recommendation.Addressee.choices)
    timescale = forms.ChoiceField(choices=Recommendation.Timescale.choices)
    priority = forms.BooleanField(required=False, label="Area for priority action")
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class FindingRowForm(forms.Form):
    kind = forms.ChoiceField(choices=Finding.Kind.choices)
    text = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


JudgementRows = forms.formset_factory(JudgementRowForm, extra=0, can_delete=True, max_num=30, validate_max=True)
RecommendationRows = forms.formset_factory(
    RecommendationRowForm, extra=0, can_delete=True, max_num=200, validate_max=True
)
FindingRows = forms.formset_factory(FindingRowForm, extra=0, can_delete=True, max_num=200, validate_max=True)


class ImportPreview:
    """The header form and the three row formsets of one preview, built from a read report or from a POST."""

    def __init__(self, data=None, *, report: OfstedReport | None = None):
        initial = _initial(report) if report else {}
        self.header = HeaderForm(data, initial=initial.get("header"), prefix="h")
        self.judgements = JudgementRows(data, initial=initial.get("judgements"), prefix="j")
        self.recommendations = RecommendationRows(data, initial=initial.get("recommendations"), prefix="r")
        self.findings = FindingRows(data, initial=initial.get("findings"), prefix="f")
        self.pages = report.pages if report else {}
        for name, key in PAGE_OF_FIELD.items():
            if key in self.pages:
                field = self.header.fields[name]
                field.help_text = " ".join(filter(None, [f"Read from page {self.pages[key]}.", str(field.help_text)]))
        self.warnings = report.warnings if report else []
        self.save_errors: list[str] = []  # what the save service refused, e.g. a grade outside the framework

    @property
    def has_errors(self) -> bool:
        return bool(self.save_errors) or (self.header.is_bound and not self.is_valid())

    def is_valid(self) -> bool:
        parts = (self.header, self.judgements, self.recommendations, self.findings)
        results = [part.is_valid() for part in parts]  # every part validated, so every error is shown at once
        return all(results)

    def to_report(self) -> OfstedReport:
        header = self.header.cleaned_data
        report = OfstedReport(**{name: header[name] for name in _HEADER_FIELDS})
        report.judgements = [
            ReadJudgement(row["area"], row["grade"], row["key"], row["service_area"], row["page"])
            for row in _kept(self.judgements)
        ]
        report.recommendations = [
            ReadRecommendation(
                str(row["number"]) if row["number"] else None,
                row["text"],
                row["addressee"],
                row["page"],
                row["timescale"],
                row["priority"],
            )
            for row in _kept(self.recommendations)
        ]
        report.findings = [ReadFinding(row["kind"], row["text"], row["page"]) for row in _kept(self.findings)]
        return report


# Which page reference (OfstedReport.pages) each header field was read from.
PAGE_OF_FIELD = {
    "council": "council",
    "start_date": "dates",
    "end_date": "dates",
    "published_date": "published_date",
    "lead_inspector": "lead_inspector",
    "overall_grade": "overall_grade",
}
_HEADER_FIELDS = (
    "council", "kind", "framework", "start_date", "end_date", "published_date", "lead_inspector", "overall_grade",
)  # fmt: skip


def _kept(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _initial(report: OfstedReport) -> dict:
    return {
        "header": {name: getattr(report, name) for name in _HEADER_FIELDS},
        "judgements": [
            {"area": j.area, "grade": j.grade, "key": j.key, "service_area": j.service_area, "page": j.page}
            for j in report.judgements
        ],
        "recommendations": [
            {
                "number": r.number,
                "addressee": r.addressee,
                "timescale": r.timescale,
                "priority": r.priority,
                "text": r.text,
                "page": r.page,
            }
            for r in report.recommendations
        ],
        "findings": [{"kind": f.kind, "text": f.text, "page": f.page} for f in report.findings],
    }
