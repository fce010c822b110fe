"""Issue 12 item 10: every colour on an action, priority, plan or indicator shows its reason in plain words where it
is shown, and a page explains the rules with the rules module's own thresholds."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import Action
from improvement.plans import rules
from performance import rules as performance_rules
from tests import factories

pytestmark = pytest.mark.django_db


def _red_action(**extra):
    today = timezone.localdate()
    return factories.ActionFactory(
        reference="2.4",
        status=Action.Status.IN_PROGRESS,
        progress=40,
        start_date=today - datetime.timedelta(days=120),
        due_date=today - datetime.timedelta(days=21),
        **extra,
    )


def test_a_red_action_page_says_why_it_is_red(committee_client):
    action = _red_action()
    html = committee_client.get(reverse("improvement:action_detail", args=[action.pk])).content.decode()
    assert "Why: Due " in html and "21 days overdue, 40% complete." in html
    assert reverse("improvement:rag_rules") in html


def test_an_amber_action_in_the_list_and_my_actions_says_why(manager, manager_client):
    today = timezone.localdate()
    factories.ActionFactory(
        owner=manager, status=Action.Status.IN_PROGRESS, progress=10, due_date=today + datetime.timedelta(days=5)
    )
    listed = manager_client.get(reverse("improvement:action_list")).content.decode()
    mine = manager_client.get(reverse("improvement:my_actions")).content.decode()
    for html in (listed, mine):
        assert "in 5 days, 10% complete" in html


def test_the_action_list_export_carries_the_reason(admin_client):
    _red_action()
    csv = admin_client.get(reverse("improvement:action_list") + "?_export=csv").content.decode()
    assert "Why this colour" in csv.splitlines()[0]
    assert "21 days overdue, 40% complete" in csv


def test_a_red_plan_and_priority_say_why_on_their_pages(committee_client):
    action = _red_action()
    plan_html = committee_client.get(reverse("improvement:plan_detail", args=[action.priority.plan_id])).content
    priority_html = committee_client.get(reverse("improvement:priority_detail", args=[action.priority_id])).content
    list_html = committee_client.get(reverse("improvement:plan_list")).content
    assert "1 of 1 open actions are red (100%); a plan is red when 20% or more" in plan_html.decode()
    assert "a priority is red when 20% or more of its open actions are red" in plan_html.decode()
    assert "1 of 1 open actions are red (100%); a priority is red" in priority_html.decode()
    assert "a plan is red when 20% or more" in list_html.decode()


def test_a_red_indicator_period_says_how_far_from_target_in_percentage_points(committee_client):
    council = factories.AuthorityFactory()
    indicator = factories.IndicatorFactory(code="rereferral_test_pct", unit="percent", polarity="lower")
    factories.TargetFactory(indicator=indicator, value=20, tolerance=2, effective_from=datetime.date(2015, 1, 1))
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 5, 31), value=Decimal("23.5")
    )
    html = committee_client.get(indicator.get_absolute_url() + "?range=all").content.decode()
    assert "23.5% against a target of 20% (tolerance 2 pp): 3.5 pp worse than target." in html
    listed = committee_client.get(reverse("performance:indicator_list")).content.decode()
    assert "3.5 pp worse than target" in listed


def test_the_rules_page_states_the_rules_modules_own_thresholds(committee_client, monkeypatch):
    html = committee_client.get(reverse("improvement:rag_rules")).content.decode()
    assert f"due within {rules.DUE_SOON_DAYS} days" in html
    assert f"more than {rules.NOT_STARTED_GRACE_DAYS} days after it began" in html
    assert f"more than {rules.PROGRESS_SLIP_POINTS} points behind" in html
    assert f"{int(rules.RED_SHARE_FOR_RED_ROLLUP * 100)}% or more of its open actions are red" in html
    # Read from the constants, not retyped: change them and the page follows.
    monkeypatch.setattr(rules, "DUE_SOON_DAYS", 21)
    monkeypatch.setattr(rules, "PROGRESS_SLIP_POINTS", 30)
    monkeypatch.setattr(performance_rules, "REPORTING_MONTHS", 2)
    html = committee_client.get(reverse("improvement:rag_rules")).content.decode()
    assert "due within 21 days" in html and "more than 30 points behind" in html
    assert "not arrived 2 months after its period ends" in html


@pytest.mark.parametrize("role", ["admin_client", "manager_client", "committee_client"])
def test_every_role_reads_the_rules_page_from_every_pages_footer(role, request, django_assert_num_queries):
    client = request.getfixturevalue(role)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("improvement:rag_rules")}"' in home
    client.get(reverse("improvement:rag_rules"))  # warm the session
    with django_assert_num_queries(3):  # the session, the user and their role: no data
        assert client.get(reverse("improvement:rag_rules")).status_code == 200


def test_the_dashboard_says_why_each_priority_is_red_beside_its_colour(committee_client):
    _red_action()
    html = committee_client.get(reverse("home")).content.decode()
    pill = html.split('aria-label="Priorities by colour"', 1)[1].split("</ul>", 1)[0]
    assert ": Red</span>" in pill
    assert "1 of 1 open actions are red (100%); a priority is red when 20% or more" in pill


def test_the_tracker_says_why_a_linked_action_is_red_and_never_calls_a_future_action_withdrawn(committee_client):
    today = timezone.localdate()
    red = _red_action()
    later_plan = factories.PlanFactory(start_date=today + datetime.timedelta(days=30), short_name="NEXT")
    future = factories.ActionFactory(
        priority=factories.PriorityFactory(plan=later_plan),
        reference="1.4",
        start_date=today + datetime.timedelta(days=30),
        due_date=today + datetime.timedelta(days=200),
    )
    rec = factories.RecommendationFactory(number=3, text="Improve the timeliness of assessments")
    red.recommendations.add(rec)
    future.recommendations.add(rec)
    detail = committee_client.get(reverse("improvement:recommendation_detail", args=[rec.pk])).content.decode()
    tracker = committee_client.get(reverse("improvement:recommendation_list")).content.decode()
    for html in (detail, tracker):
        assert "21 days overdue, 40% complete." in html
        assert "Not yet started" in html and ">Withdrawn<" not in html
        assert "NEXT 1.4" in html
