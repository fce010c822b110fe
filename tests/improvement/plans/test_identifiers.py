"""Issue 12 item 9: identifiers that mean one thing. Outside its plan an action is named with its plan's short
name ("LIP 1.1"); a recommendation's reference names its addressee ("LA R1", "LSCB R1"); priority drop-downs name
the plan; the owner filter names people as the pages do."""

import datetime
import html as html_lib
import re

import pytest
from django.urls import reverse

from improvement.plans.models.plans import plan_initials
from inspections.models import Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("Learning and Improvement Plan", "LIP"),
        ("100 Day Plan", "100DP"),
        ("Quality improvement plan for the front door", "QIPFD"),
    ],
)
def test_a_plan_without_a_short_name_is_named_by_its_initials(name, initials):
    assert plan_initials(name) == initials


@pytest.fixture
def two_plans():
    old = factories.PlanFactory(name="100 Day Plan", start_date=datetime.date(2015, 6, 1))
    new = factories.PlanFactory(name="Learning and Improvement Plan", short_name="LIP")
    owner = factories.ManagerFactory(username="jb", first_name="Jo", last_name="Bloggs")
    actions = [
        factories.ActionFactory(
            priority=factories.PriorityFactory(plan=plan, number=1, title="Recruitment"), reference="1.1", owner=owner
        )
        for plan in (old, new)
    ]
    return old, new, actions


def test_the_action_list_names_each_action_with_its_plan(committee_client, two_plans):
    page = committee_client.get(reverse("improvement:action_list")).content.decode()
    assert ">100DP 1.1</a>" in page and ">LIP 1.1</a>" in page


def test_the_tracker_names_an_action_with_its_plan(committee_client, two_plans):
    _, _, actions = two_plans
    rec = factories.RecommendationFactory(number=1)
    actions[1].recommendations.add(rec)
    detail = committee_client.get(reverse("improvement:recommendation_detail", args=[rec.pk])).content.decode()
    assert ">LIP 1.1</a>" in detail
    assert actions[0].plan_reference == "100DP 1.1"


def test_priority_and_owner_drop_downs_are_unambiguous(committee_client, two_plans):
    old, new, _ = two_plans
    for plan, label in ((old, "100DP 1. Recruitment"), (new, "LIP 1. Recruitment")):
        url = reverse("improvement:action_list") + f"?plan={plan.pk}"
        page = html_lib.unescape(committee_client.get(url).content.decode())
        priorities = re.search(r'<select name="priority"[^>]*>(.*?)</select>', page, re.S)[1]
        assert label in re.findall(r"<option[^>]*>([^<]*)</option>", priorities)
        owners = re.search(r'<select name="owner"[^>]*>(.*?)</select>', page, re.S)[1]
        assert ">Jo Bloggs</option>" in owners and ">jb</option>" not in owners


def test_a_recommendations_reference_names_its_addressee(committee_client):
    inspection = factories.InspectionFactory(title="SIF 2015")
    council = factories.RecommendationFactory(inspection=inspection, number=1, text="Council's first")
    board = factories.RecommendationFactory(
        inspection=inspection, number=1, text="Board's first", addressee=Recommendation.Addressee.LSCB
    )
    partner = factories.RecommendationFactory(
        inspection=inspection, number=2, addressee=Recommendation.Addressee.PARTNER, addressee_name="NHS trust"
    )
    assert (council.reference, board.reference, partner.reference) == ("LA R1", "LSCB R1", "NHS trust R2")
    page = committee_client.get(reverse("improvement:recommendation_detail", args=[board.pk])).content.decode()
    assert "Recommendation LSCB R1" in page
    assert str(council) == "SIF 2015 LA R1: Council's first"
