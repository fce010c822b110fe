"""Inspection list and inspection page: who can see them, what they show, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from inspections.models import Finding, Framework, Grade, Inspection, Recommendation
from inspections.selectors import Difference
from tests import factories
from tests.inspections.seed_001 import southampton_2012

pytestmark = pytest.mark.django_db


def _inspection_with_everything(n):
    inspection = factories.InspectionFactory()
    for i in range(n):
        factories.JudgementFactory(inspection=inspection, service_area=f"Area {i % 3}", self_assessment_grade="good")
        factories.FindingFactory(inspection=inspection)
        factories.FindingFactory(inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT)
        factories.RecommendationFactory(inspection=inspection)
    return inspection


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("inspections:inspection_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["admin_client", "manager_client", "committee_client"])
def test_every_role_can_read_the_list_and_page(who, request):
    client = request.getfixturevalue(who)
    inspection = factories.InspectionFactory(title="Ofsted SIF 2015")
    assert client.get(reverse("inspections:inspection_list")).status_code == 200
    response = client.get(inspection.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_list_shows_kind_dates_and_overall_grade(committee_client):
    factories.InspectionFactory(
        title="Peer review 2013",
        kind=Inspection.Kind.LGA_PEER_REVIEW,
        framework=Framework.UNGRADED,
        overall_grade="",
        start_date=datetime.date(2012, 12, 3),
        end_date=datetime.date(2012, 12, 7),
        published_date=None,
    )
    factories.InspectionFactory(title="ILACS 2023", kind=Inspection.Kind.OFSTED_ILACS, framework=Framework.ILACS)

    page = committee_client.get(reverse("inspections:inspection_list")).content.decode()

    assert "LGA peer review" in page and "3 Dec 2012" in page and "Not published" in page
    assert "Ofsted ILACS inspection" in page and "Inadequate" in page and "Not graded" in page


def test_list_filters_by_kind(committee_client):
    factories.InspectionFactory(title="The DfE review", kind=Inspection.Kind.DFE_REVIEW)
    factories.InspectionFactory(title="The SIF inspection")

    page = committee_client.get(reverse("inspections:inspection_list"), {"kind": "dfe_review"}).content.decode()

    assert "The DfE review" in page and "The SIF inspection" not in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_list_exports(fmt, committee_client):
    factories.InspectionFactory(title="=HYPERLINK(1)")
    response = committee_client.get(reverse("inspections:inspection_list"), {"_export": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inspections.{fmt}"'
    if fmt == "csv":
        body = response.content.decode()
        assert "Overall grade" in body and "'=HYPERLINK(1)" in body and "Inadequate" in body


@pytest.mark.parametrize("n", [3, 30])
def test_list_query_count_is_fixed(n, committee_client, django_assert_num_queries):
    for _ in range(n):
        _inspection_with_everything(2)
    committee_client.get(reverse("inspections:inspection_list"))  # warm the session and role caches
    # session, user, groups (roles), count for pagination, the page of inspections
    with django_assert_num_queries(5):
        response = committee_client.get(reverse("inspections:inspection_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_inspection_page_query_count_is_fixed(n, committee_client, django_assert_num_queries):
    inspection = _inspection_with_everything(n)
    # session, user, groups, inspection, judgements, findings, recommendations
    with django_assert_num_queries(7):
        response = committee_client.get(inspection.get_absolute_url())
    assert response.status_code == 200


def test_missing_inspection_is_404(committee_client):
    assert committee_client.get(reverse("inspections:inspection_detail", args=[999])).status_code == 404


def test_page_groups_judgements_by_service_area_with_key_judgements_first(committee_client):
    inspection = factories.InspectionFactory()
    factories.JudgementFactory(inspection=inspection, service_area="Safeguarding", area_name="Partnerships", order=1)
    factories.JudgementFactory(inspection=inspection, service_area="Looked after", area_name="Staying safe", order=2)
    factories.JudgementFactory(
        inspection=inspection, service_area="Safeguarding", area_name="Overall effectiveness", is_key=True, order=3
    )

    response = committee_client.get(inspection.get_absolute_url())

    groups = response.context["judgement_groups"]
    assert [g.service_area for g in groups] == ["Safeguarding", "Looked after"]
    assert [j.area_name for j in groups[0].judgements] == ["Overall effectiveness", "Partnerships"]
    assert response.context["comparison"] is None


def test_page_shows_findings_and_recommendations_with_due_dates_and_escapes_text(committee_client):
    inspection = factories.InspectionFactory(published_date=datetime.date(2015, 7, 20))
    factories.FindingFactory(inspection=inspection, text="Thresholds are clear")
    factories.FindingFactory(inspection=inspection, kind=Finding.Kind.AREA_FOR_IMPROVEMENT, text="Staff turnover")
    factories.RecommendationFactory(
        inspection=inspection,
        text="<script>alert(1)</script> Reduce caseloads",
        timescale=Recommendation.Timescale.WITHIN_6_MONTHS,
        is_priority_action=True,
    )

    page = committee_client.get(inspection.get_absolute_url()).content.decode()

    assert "Thresholds are clear" in page and "Staff turnover" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Reduce caseloads" in page and "<script>alert" not in page
    assert "20 Jan 2016" in page and "Area for priority action" in page


def test_seed_001_self_assessment_table_shows_22_judgements_and_names_each_difference(committee_client):
    inspection = southampton_2012()

    response = committee_client.get(inspection.get_absolute_url())

    comparison = response.context["comparison"]
    assert comparison.total == 22
    assert comparison.inspected == [("Good", 1), ("Adequate", 18), ("Inadequate", 3)]
    assert comparison.self_assessed == [("Good", 15), ("Adequate", 6)]
    rows = {(area, row.judgement.area_name): row.difference for area, rows in comparison.groups for row in rows}
    assert rows[("Safeguarding services", "Quality of provision")] == Difference.LOWER
    assert rows[("Children looked after services", "Being healthy outcomes")] == Difference.SAME
    assert rows[("Children looked after services", "Equality and diversity")] == Difference.NOT_ASSESSED
    assert comparison.differing == 16
    page = response.content.decode()
    assert "16 of 22 judgements differ" in page
    assert page.count("<strong>Inspected lower</strong>") == 16


def test_recommendation_link_goes_to_its_place_on_the_inspection_page(committee_client):
    recommendation = factories.RecommendationFactory()
    response = committee_client.get(recommendation.get_absolute_url())
    assert response.url == f"{recommendation.inspection.get_absolute_url()}#recommendation-{recommendation.pk}"


def test_grades_of_different_frameworks_are_labelled_by_their_own_words(committee_client):
    slac = factories.InspectionFactory(framework=Framework.SLAC, overall_grade=Grade.ADEQUATE)
    page = committee_client.get(slac.get_absolute_url()).content.decode()
    assert 'class="grade grade-adequate">Adequate' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        ("dfe_review", "This DfE review does not give graded judgements."),
        ("lga_peer_review", "This LGA peer review does not give graded judgements."),
        ("jtai", "This joint targeted area inspection does not give graded judgements."),
    ],
)
def test_an_ungraded_inspection_names_its_kind_with_its_capitals(committee_client, kind, sentence):
    inspection = factories.InspectionFactory(kind=kind, framework=Framework.UNGRADED, overall_grade="")
    html = committee_client.get(inspection.get_absolute_url()).content.decode()
    assert sentence in html
