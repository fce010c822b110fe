"""Admins enter judgements with the grades the inspection's framework offers; anything else is refused with a
message naming the grade and the framework, and nothing is written."""

import pytest
from django.urls import reverse

from inspections.forms import JudgementForm
from inspections.models import Framework, Grade, Judgement
from tests import factories

pytestmark = pytest.mark.django_db


def _management(total, initial):
    return {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": str(initial), "form-MAX_NUM_FORMS": "1000"}


def _row(i, **values):
    base = {
        "service_area": "Safeguarding",
        "area_name": f"Area {i}",
        "grade": "",
        "self_assessment_grade": "",
        "order": str(i),
    }
    base.update(values)
    return {f"form-{i}-{k}": v for k, v in base.items()}


@pytest.mark.parametrize(
    ("framework", "offered", "refused"),
    [
        (Framework.SLAC, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT),
        (Framework.SIF, Grade.REQUIRES_IMPROVEMENT, Grade.ADEQUATE),
        (Framework.ILACS, Grade.REQUIRES_IMPROVEMENT, Grade.ADEQUATE),
    ],
)
def test_form_offers_only_the_frameworks_grades(framework, offered, refused):
    inspection = factories.InspectionFactory(framework=framework, overall_grade="")
    form = JudgementForm(inspection=inspection)
    values = [value for value, _ in form.fields["grade"].choices]
    assert offered in values and refused not in values
    bound = JudgementForm(
        {"service_area": "Safeguarding", "area_name": "Overall", "grade": refused, "order": 0}, inspection=inspection
    )
    assert not bound.is_valid()
    assert f"does not use the grade “{refused}”; choose one of:" in bound.errors["grade"][0]


def test_admin_saves_judgements_with_self_assessment(admin_client):
    inspection = factories.InspectionFactory(framework=Framework.SLAC, overall_grade=Grade.ADEQUATE)
    data = {
        **_management(2, 0),
        **_row(0, grade="adequate", self_assessment_grade="good", is_key="on"),
        **_row(1, grade="inadequate"),
    }

    response = admin_client.post(reverse("inspections:judgements_edit", args=[inspection.pk]), data)

    assert response.status_code == 302
    saved = list(
        inspection.judgements.order_by("order").values_list("area_name", "grade", "self_assessment_grade", "is_key")
    )
    assert saved == [("Area 0", "adequate", "good", True), ("Area 1", "inadequate", "", False)]


def test_one_wrong_grade_writes_nothing_and_says_what_to_fix(admin_client):
    inspection = factories.InspectionFactory(framework=Framework.SIF)
    data = {**_management(2, 0), **_row(0, grade="inadequate"), **_row(1, grade="adequate")}

    response = admin_client.post(reverse("inspections:judgements_edit", args=[inspection.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert "Single inspection framework (2013-2017) does not use the grade “adequate”" in page
    assert not Judgement.objects.exists()


@pytest.mark.parametrize("who", ["manager_client", "committee_client"])
def test_only_admins_edit_judgements(who, request):
    inspection = factories.InspectionFactory()
    client = request.getfixturevalue(who)
    url = reverse("inspections:judgements_edit", args=[inspection.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {**_management(1, 0), **_row(0, grade="inadequate")}).status_code == 403
    assert not Judgement.objects.exists()


def test_admin_sees_the_edit_link_and_the_form(admin_client):
    inspection = factories.InspectionFactory()
    factories.JudgementFactory(inspection=inspection)
    assert "Enter or correct judgements" in admin_client.get(inspection.get_absolute_url()).content.decode()
    page = admin_client.get(reverse("inspections:judgements_edit", args=[inspection.pk])).content.decode()
    assert page.count("<h1") == 1 and 'for="id_form-0-grade"' in page
