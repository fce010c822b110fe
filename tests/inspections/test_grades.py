"""Each framework offers only its own grades: pre-2013 "adequate", 2013 onwards "requires improvement"."""

import pytest
from django.core.exceptions import ValidationError

from inspections.models import Framework, Grade
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("framework", "grade"),
    [
        (Framework.SLAC, Grade.ADEQUATE),
        (Framework.SIF, Grade.REQUIRES_IMPROVEMENT),
        (Framework.ILACS, Grade.REQUIRES_IMPROVEMENT),
        (Framework.ILACS, Grade.GOOD),
    ],
)
def test_framework_accepts_its_own_grades(framework, grade):
    inspection = factories.InspectionFactory.build(framework=framework, overall_grade=grade)
    inspection.full_clean()
    judgement = factories.JudgementFactory.build(
        inspection=factories.InspectionFactory(framework=framework, overall_grade=""),
        grade=grade,
        self_assessment_grade=grade,
    )
    judgement.full_clean()


@pytest.mark.parametrize(
    ("framework", "grade", "message"),
    [
        (Framework.SLAC, Grade.REQUIRES_IMPROVEMENT, "does not use the grade “Requires improvement”"),
        (Framework.SIF, Grade.ADEQUATE, "does not use the grade “Adequate”"),
        (Framework.ILACS, Grade.ADEQUATE, "choose one of: outstanding, good, requires improvement, inadequate"),
        (Framework.JTAI, Grade.GOOD, "choose one of: no grades"),
    ],
)
def test_inspection_overall_grade_outside_framework_is_rejected_with_a_clear_message(framework, grade, message):
    inspection = factories.InspectionFactory.build(framework=framework, overall_grade=grade)
    with pytest.raises(ValidationError) as raised:
        inspection.full_clean()
    assert message in raised.value.message_dict["overall_grade"][0]


@pytest.mark.parametrize("field", ["grade", "self_assessment_grade"])
def test_judgement_grades_are_checked_against_the_inspections_framework(field):
    sif = factories.InspectionFactory(framework=Framework.SIF, overall_grade=Grade.INADEQUATE)
    grades = {"grade": Grade.INADEQUATE, "self_assessment_grade": "", field: Grade.ADEQUATE}
    judgement = factories.JudgementFactory.build(inspection=sif, **grades)
    with pytest.raises(ValidationError) as raised:
        judgement.full_clean()
    assert "does not use the grade “Adequate”" in raised.value.message_dict[field][0]
