"""Linking recommendations and actions from either side, and marking recommendations as related: who may, and
what a refused or bad request leaves behind (nothing)."""

import pytest
from django.urls import reverse

from improvement.models import Action
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(manager):
    """An action in a priority led by `manager`; owned by someone else."""
    priority = factories.PriorityFactory(lead=manager)
    return factories.ActionFactory(priority=priority, reference="3.2")


@pytest.fixture
def rec():
    return factories.RecommendationFactory(number=7, text="Reduce social worker caseloads")


def _link_from_recommendation(client, rec, action):
    return client.post(reverse("improvement:recommendation_link_action", args=[rec.pk]), {"action": action.pk})


def _link_from_action(client, rec, action):
    return client.post(reverse("improvement:action_link_recommendation", args=[action.pk]), {"recommendation": rec.pk})


LINKERS = [_link_from_recommendation, _link_from_action]


@pytest.mark.parametrize("link", LINKERS)
@pytest.mark.parametrize("who", ["admin_client", "manager_client"])
def test_admin_and_priority_lead_can_link(link, who, request, rec, action):
    response = link(request.getfixturevalue(who), rec, action)
    assert response.status_code == 302
    assert list(action.recommendations.all()) == [rec]


@pytest.mark.parametrize("link", LINKERS)
@pytest.mark.parametrize("who", ["other_manager_client", "committee_client"])
def test_non_lead_manager_and_committee_member_cannot_link(link, who, request, rec, action):
    response = link(request.getfixturevalue(who), rec, action)
    assert response.status_code == 403
    assert not action.recommendations.exists()


def test_action_owner_who_is_not_the_lead_cannot_link(client, rec, action):
    client.force_login(action.owner)
    assert _link_from_action(client, rec, action).status_code == 403
    assert not action.recommendations.exists()


@pytest.mark.parametrize("link", LINKERS)
def test_anonymous_is_sent_to_login(link, client, rec, action):
    response = link(client, rec, action)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not action.recommendations.exists()


@pytest.mark.parametrize(
    "who,status",
    [("admin_client", 302), ("manager_client", 302), ("other_manager_client", 403), ("committee_client", 403)],
)
def test_unlinking_follows_the_same_rule_from_both_sides(who, status, request, rec, action):
    client = request.getfixturevalue(who)
    action.recommendations.add(rec)
    response = client.post(reverse("improvement:action_unlink_recommendation", args=[action.pk, rec.pk]))
    assert response.status_code == status
    assert action.recommendations.exists() == (status == 403)
    action.recommendations.add(rec)
    response = client.post(reverse("improvement:recommendation_unlink_action", args=[rec.pk, action.pk]))
    assert response.status_code == status
    assert action.recommendations.exists() == (status == 403)


def test_linking_a_withdrawn_action_is_refused_with_a_reason(admin_client, rec, action):
    action.status = Action.Status.WITHDRAWN
    action.save()
    response = _link_from_action(admin_client, rec, action)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any(f"Action {action.plan_reference} is withdrawn" in m for m in messages)
    assert not action.recommendations.exists()


def test_recommendation_page_offers_only_linkable_actions_and_rejects_others(manager_client, rec, action):
    not_led = factories.ActionFactory(reference="9.9")
    withdrawn = factories.ActionFactory(priority=action.priority, reference="3.3", status=Action.Status.WITHDRAWN)

    page = manager_client.get(reverse("improvement:recommendation_detail", args=[rec.pk])).content.decode()

    assert "3.2 " in page and "9.9 " not in page and "3.3 " not in page
    response = _link_from_recommendation(manager_client, rec, withdrawn)
    assert response.status_code == 400
    assert "You cannot link that action: choose one from the list" in response.content.decode()
    response = _link_from_recommendation(manager_client, rec, not_led)
    assert response.status_code == 403
    assert not rec.actions.exists()


def test_linking_twice_says_so_and_keeps_one_link(admin_client, rec, action):
    action.recommendations.add(rec)
    response = _link_from_recommendation(admin_client, rec, action)
    assert response.status_code == 400
    assert "not already linked" in response.content.decode()
    assert action.recommendations.count() == 1


def test_missing_choice_is_explained(admin_client, rec):
    response = admin_client.post(reverse("improvement:recommendation_link_action", args=[rec.pk]), {"action": ""})
    assert response.status_code == 400
    assert "Choose the action that answers this recommendation." in response.content.decode()


def test_search_finds_by_number_or_text_for_the_lead(manager_client, rec, action):
    other = factories.RecommendationFactory(number=12, text="Improve supervision")
    url = reverse("improvement:action_recommendations", args=[action.pk])

    by_number = manager_client.get(url, {"q": "R7"}).context["results"]
    by_text = manager_client.get(url, {"q": "supervision"}).context["results"]

    assert rec in by_number and other not in by_number
    assert by_text == [other]


@pytest.mark.parametrize("who", ["other_manager_client", "committee_client"])
def test_search_page_is_for_linkers_only(who, request, action):
    client = request.getfixturevalue(who)
    assert client.get(reverse("improvement:action_recommendations", args=[action.pk])).status_code == 403


def test_admin_marks_recommendations_as_related_and_removes_it(admin_client, rec):
    other = factories.RecommendationFactory(text="Caseloads too high")
    url = reverse("improvement:recommendation_relate", args=[rec.pk])

    assert admin_client.post(url, {"other": other.pk}).status_code == 302
    assert list(other.related.all()) == [rec]  # symmetrical
    assert admin_client.post(url, {"other": other.pk}).status_code == 400  # no longer offered
    remove = reverse("improvement:recommendation_unrelate", args=[rec.pk, other.pk])
    assert admin_client.post(remove).status_code == 302
    assert not rec.related.exists()


def test_recommendation_from_the_same_review_is_not_offered_as_related(admin_client, rec):
    sibling = factories.RecommendationFactory(inspection=rec.inspection)
    response = admin_client.post(reverse("improvement:recommendation_relate", args=[rec.pk]), {"other": sibling.pk})
    assert response.status_code == 400
    assert "Choose a recommendation from another review" in response.content.decode()


@pytest.mark.parametrize("who", ["manager_client", "committee_client"])
def test_only_admins_mark_related(who, request, rec):
    other = factories.RecommendationFactory()
    client = request.getfixturevalue(who)
    response = client.post(reverse("improvement:recommendation_relate", args=[rec.pk]), {"other": other.pk})
    assert response.status_code == 403
    assert not rec.related.exists()


def test_get_is_not_allowed_for_writes(admin_client, rec, action):
    url = reverse("improvement:recommendation_link_action", args=[rec.pk])
    assert admin_client.get(url).status_code == 405


@pytest.mark.parametrize(
    ("who", "shown"),
    [("admin_client", True), ("manager_client", True), ("other_manager_client", False), ("committee_client", False)],
)
def test_action_page_offers_the_linking_panel_to_linkers_only(who, shown, request, rec, action):
    action.recommendations.add(rec)
    page = request.getfixturevalue(who).get(action.get_absolute_url()).content.decode()
    assert ("Link recommendations to this action" in page) == shown
    assert (reverse("improvement:action_unlink_recommendation", args=[action.pk, rec.pk]) in page) == shown
