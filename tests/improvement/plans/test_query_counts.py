"""List and detail pages run a fixed number of SQL queries however many actions exist (10 or 500)."""

import datetime

import pytest
from django.urls import reverse

from improvement.models import Action, ProgressUpdate
from improvement.plans import intervals
from tests import factories

STATUSES = [Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS, Action.Status.COMPLETE, Action.Status.WITHDRAWN]


def make_actions(priority, owner, n):
    """`n` actions in a spread of states and dates (bulk, for speed), each with one progress update."""
    actions = Action.objects.bulk_create(
        Action(
            priority=priority,
            reference=f"{priority.number}.{i}",
            description=f"Action number {i}",
            owner=owner,
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 6, 1) + datetime.timedelta(days=i % 400),
            status=STATUSES[i % 4],
            progress=(i * 7) % 100,
        )
        for i in range(n)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=a, author=owner, status=a.status, progress=a.progress, commentary="Update")
        for a in actions
    )
    intervals.refresh([a.pk for a in actions])  # bulk_create bypasses save(), which keeps them
    return actions


@pytest.fixture(params=[10, 500], ids=["10-actions", "500-actions"])
def populated(request, priority, manager):
    actions = make_actions(priority, manager, request.param)
    factories.PriorityAssessmentFactory(priority=priority)
    other = factories.PriorityFactory(plan=priority.plan, lead=manager)
    make_actions(other, manager, request.param)
    return actions[0]


# Session, user, the user's role groups, then the page's own queries.
PAGES = {
    # 7, less one: the roll-ups are one GROUP BY over the stored colour intervals (i18).
    "plan_list": (lambda a: reverse("improvement:plan_list"), 6),
    # 8, and the governance panel: budget line versions, the assurance rating in force, risk versions (i17); less
    # one: the roll-ups are one GROUP BY over the stored colour intervals (i18).
    "plan_detail": (lambda a: reverse("improvement:plan_detail", args=[a.priority.plan_id]), 10),
    "priority_detail": (lambda a: reverse("improvement:priority_detail", args=[a.priority_id]), 6),
    # The action list filters, sorts, counts and pages in the database by each action's stored colour interval on
    # the date: one COUNT and one query for the page's ids, then its rows; besides the filter form's choices (plan,
    # priority, owner), with ?plan= the plan it names, and the data version and the database cache's reads and
    # writes of the cached count and ids (a first visit; `test_a_second_visit_reads_the_cached_count_and_ids`).
    # With no plan chosen the priority and owner choices are empty and cost no query.
    "action_list": (lambda a: reverse("improvement:action_list") + f"?plan={a.priority.plan_id}&rag=red", 22),
    "action_list_as_at": (lambda a: reverse("improvement:action_list") + "?as_at=2026-07-01", 19),
    "action_list_sorted": (
        lambda a: reverse("improvement:action_list") + "?as_at=2026-07-01&open=1&overdue=1&sort=-days_overdue",
        19,
    ),
    "my_actions": (lambda a: reverse("improvement:my_actions"), 4),
    "action_detail": (lambda a: reverse("improvement:action_detail", args=[a.pk]), 7),
}


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_is_fixed(page, populated, manager_client, django_assert_num_queries):
    url, expected = PAGES[page]
    with django_assert_num_queries(expected):
        response = manager_client.get(url(populated))
    assert response.status_code == 200


def test_plan_page_as_at_query_count_is_fixed(populated, manager_client, django_assert_num_queries):
    # 10, and the governance panel's 3 (i17); less 3: a past date's roll-ups are a GROUP BY over the stored colour
    # intervals instead of the history replay (i18).
    with django_assert_num_queries(10):
        response = manager_client.get(
            reverse("improvement:plan_detail", args=[populated.priority.plan_id]) + "?as_at=2026-07-01"
        )
    assert b"As at 1 July 2026" in response.content


def test_a_second_visit_reads_the_cached_count_and_ids(populated, manager_client, django_assert_num_queries):
    url = reverse("improvement:action_list") + f"?plan={populated.priority.plan_id}&sort=rag"
    first = manager_client.get(url)
    # Session, user, groups, the plan named; the data version, the cache entry, the page's rows; the choices.
    with django_assert_num_queries(10):
        second = manager_client.get(url)
    rows = [[row.record.pk for row in r.context["table"].page.object_list] for r in (first, second)]
    assert rows[0] == rows[1] and len(rows[0]) == min(
        50, Action.objects.filter(priority__plan=populated.priority.plan).count()
    )
