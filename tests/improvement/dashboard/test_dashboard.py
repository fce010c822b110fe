"""The dashboard's one-pass history reads: several dates at once, the month-end cache, coverage as at a past date,
and the due-soon and overdue links listing exactly the actions they count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.versions import data_version
from improvement.dashboard import builder as dashboard
from improvement.models import Action, Plan, ProgressUpdate
from improvement.plans import intervals
from improvement.plans.selectors import (
    action_states_as_at,
    action_states_on_dates,
    colour_counts_on_dates,
)
from improvement.tracker.coverage import Coverage, coverage_summary, recommendation_coverage
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LAST_MONTH = TODAY.replace(day=1) - datetime.timedelta(days=1)
TWO_MONTHS_AGO = LAST_MONTH.replace(day=1) - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()


def _update(action, *, status, progress, when):
    update = ProgressUpdate.objects.create(action=action, author=action.owner, status=status, progress=progress)
    ProgressUpdate.objects.filter(pk=update.pk).update(created_at=when)  # created_at is set on insert
    intervals.refresh([action.pk])  # as save() does for a backdated update


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def actions(priority, manager):
    start = TODAY - datetime.timedelta(days=200)
    made = [
        factories.ActionFactory(
            priority=priority,
            owner=manager,
            reference=f"1.{i}",
            start_date=start,
            due_date=TODAY + datetime.timedelta(days=30 * (i - 2)),
            status=Action.Status.NOT_STARTED,
            progress=0,
        )
        for i in range(5)
    ]
    for i, action in enumerate(made):
        _update(action, status=Action.Status.IN_PROGRESS, progress=10 * i, when=_at(TWO_MONTHS_AGO))
    _update(made[0], status=Action.Status.COMPLETE, progress=100, when=_at(LAST_MONTH))
    return made


def test_several_dates_at_once_match_one_date_at_a_time(actions, django_assert_num_queries):
    days = [TWO_MONTHS_AGO - datetime.timedelta(days=1), TWO_MONTHS_AGO, LAST_MONTH, TODAY]
    with django_assert_num_queries(2):  # the actions, their stored intervals
        together = action_states_on_dates(Action.objects.all(), days)
    for day in days:
        assert together[day] == action_states_as_at(Action.objects.all(), day)
    assert together[LAST_MONTH][actions[0].pk].status == Action.Status.COMPLETE
    assert together[TWO_MONTHS_AGO][actions[0].pk].status == Action.Status.IN_PROGRESS
    counts = colour_counts_on_dates(Action.objects.all(), days)
    for day in days:
        expected = dict.fromkeys(counts[day], 0)
        for state in together[day].values():
            expected[state.rag] += 1
        assert counts[day] == expected


def _chart_blue():
    # The builder itself: the page's rendered body is cached whole (tests/core/test_versions.py), its parts too.
    rows = dashboard.dashboard(TODAY, data_version())["colour_chart"]["rows"]
    return {row["day"]: row["counts"][-1] for row in rows}  # the last column is blue (complete)


def test_cached_month_ends_follow_a_backdated_update(actions):
    with CaptureQueriesContext(connection) as cold:
        before = _chart_blue()
    assert before[LAST_MONTH] == 1
    with CaptureQueriesContext(connection) as warm:
        assert _chart_blue() == before
    # No month end counted again, nor the plans' counts and deadline panels: all cached under the same versions.
    assert len(warm) < len(cold)
    _update(actions[3], status=Action.Status.COMPLETE, progress=100, when=_at(LAST_MONTH - datetime.timedelta(days=3)))
    after = _chart_blue()
    assert after[LAST_MONTH] == 2
    assert after[TWO_MONTHS_AGO] == before[TWO_MONTHS_AGO] == 0


def test_the_cached_page_follows_a_backdated_update(actions, admin_client):
    from django.core.cache import caches

    def body():  # the page less its masked CSRF token
        return admin_client.get(reverse("home")).context["body"]

    with CaptureQueriesContext(connection) as cold:
        before = body()
    with CaptureQueriesContext(connection) as warm:
        assert body() == before
    assert len(warm) < len(cold) / 3  # served from the page cache
    _update(actions[3], status=Action.Status.COMPLETE, progress=100, when=_at(LAST_MONTH - datetime.timedelta(days=3)))
    after = body()
    assert after != before
    caches["pages"].clear()
    assert body() == after  # what the page is when made afresh


def test_coverage_as_at_a_past_date_uses_the_actions_as_they_stood_then(actions):
    rec = factories.RecommendationFactory(inspection__published_date=TODAY - datetime.timedelta(days=400))
    actions[0].recommendations.add(rec)
    Action.objects.filter(pk=actions[0].pk).update(status=Action.Status.COMPLETE, progress=100)

    [now] = recommendation_coverage([rec], TODAY)
    [then] = recommendation_coverage([rec], TWO_MONTHS_AGO)

    assert now.state == Coverage.ACTIONS_COMPLETE
    assert then.state == Coverage.IN_PROGRESS
    assert then.colours[actions[0].pk] != "blue"
    assert coverage_summary(TWO_MONTHS_AGO)[Coverage.IN_PROGRESS] == 1
    assert coverage_summary(TODAY)[Coverage.ACTIONS_COMPLETE] == 1


def test_due_soon_and_overdue_links_list_exactly_what_they_count(actions, admin_client):
    factories.ActionFactory(
        priority=actions[0].priority, due_date=TODAY + datetime.timedelta(days=3), status=Action.Status.COMPLETE
    )
    page = dashboard.dashboard(TODAY, data_version())
    assert page["soon_count"] and page["overdue_count"]
    for url, count in ((page["soon_url"], page["soon_count"]), (page["overdue_url"], page["overdue_count"])):
        listed = admin_client.get(url).context["table"].rows
        assert len(listed) == count, url


def test_coverage_counts_only_recommendations_active_plans_answer_and_each_links_to_exactly_them(actions, admin_client):
    live = factories.InspectionFactory(published_date=TODAY - datetime.timedelta(days=400))
    actions[0].priority.plan.inspections.add(live)
    factories.PlanFactory().inspections.add(live)  # two active plans respond to it: its recommendations count once
    closed = factories.PlanFactory(status=Plan.Status.CLOSED)
    closed.inspections.add(old := factories.InspectionFactory())
    _not_covered, in_progress, complete = (factories.RecommendationFactory(inspection=live) for _ in range(3))
    factories.RecommendationFactory(inspection=old)  # only a closed plan answers it
    factories.RecommendationFactory()  # no plan answers it
    actions[0].recommendations.add(in_progress)
    answered_by_closed_plan = factories.ActionFactory(
        priority__plan=closed, status=Action.Status.COMPLETE, progress=100, due_date=TODAY
    )
    answered_by_closed_plan.recommendations.add(complete)

    counts = {row["state"]: row["count"] for row in dashboard.dashboard(TODAY, data_version())["coverage"]}
    assert counts[Coverage.NOT_COVERED] == counts[Coverage.IN_PROGRESS] == counts[Coverage.ACTIONS_COMPLETE] == 1
    assert sum(counts.values()) == 3
    for day in (TODAY, LAST_MONTH):
        for row in dashboard.dashboard(day, data_version())["coverage"]:
            listed = admin_client.get(row["url"]).context["table"].data
            assert len(listed) == row["count"], row["url"]


def test_each_priority_is_listed_by_number_and_colour_linking_to_its_page_on_the_same_date(actions, admin_client):
    priority = actions[0].priority
    colour = action_states_as_at(Action.objects.all(), LAST_MONTH)
    expected = dashboard.rules.rollup([s.rag for s in colour.values()]).rag

    page = admin_client.get(reverse("home"), {"as_at": LAST_MONTH.isoformat()}).content.decode()

    url = reverse("improvement:priority_detail", args=[priority.pk]) + f"?as_at={LAST_MONTH.isoformat()}"
    assert f'<a href="{url}"><span class="rag rag-{expected}">Priority {priority.number}: ' in page
    assert admin_client.get(url).status_code == 200


def test_the_dashboard_loads_no_chart_library(admin_client, actions):
    """The chart is drawn on the server: the first page downloads no plotly.js (4.8 MB) and runs no script for it."""
    page = admin_client.get(reverse("home")).content.decode()
    assert "plotly" not in page and "charts.js" not in page
    assert '<svg class="chart-svg"' in page
