"""Entering an inspection's judgements: each framework offers only its own grades."""

from __future__ import annotations

from django import forms

from inspections.models import FRAMEWORK_GRADES, Framework, Grade, Inspection, Judgement


def _wrong_grade_message(inspection: Inspection) -> str:
    allowed = ", ".join(Grade(g).label.lower() for g in FRAMEWORK_GRADES[inspection.framework]) or "no grades"
    # Django fills %(value)s with what was sent, so the message names the rejected grade.
    return f"{Framework(inspection.framework).label} does not use the grade “%(value)s”; choose one of: {allowed}."


class JudgementForm(forms.ModelForm):
    class Meta:
        model = Judgement
        fields = ["service_area", "area_name", "is_key", "grade", "self_assessment_grade", "order"]
        labels = {"area_name": "Judgement", "grade": "Inspection grade", "is_key": "Key judgement"}

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.inspection = inspection
        message = _wrong_grade_message(inspection)
        grades = inspection.grade_choices
        for name, blank in (("grade", "Choose a grade"), ("self_assessment_grade", "Not self-assessed")):
            field = self.fields[name]
            # A model field with choices becomes a TypedChoiceField; anything else would be a broken Meta.
            assert isinstance(field, forms.ChoiceField), f"{name} is not a choice field"
            field.choices = [("", blank), *grades]
            field.error_messages["invalid_choice"] = message


JudgementFormSet = forms.modelformset_factory(Judgement, form=JudgementForm, extra=2, can_delete=True)
