"""Every count on the dashboard and the plan pages opens exactly the list it counts, on the same date, for every
role; and nothing is coloured before it started (hypothesis over as-at dates)."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from improvement.models import Action, Plan
from tests import factories as f

D = datetime.date
COUNT_LINK = re.compile(r'<a href="([^"]+)" class="count-link">.*?</span> (\d+)</a>', re.S)
BIG_NUMBER = re.compile(r'<a href="([^"]+)"><span class="big-number">(\d+)</span>')
# The dashboard's recommendations coverage panel: each count opens the tracker narrowed to it.
COVERAGE_LINK = re.compile(r'<a class="count-link" href="([^"]+)">(\d+)</a>')


@pytest.fixture
def council(db, manager):
    """A closed 2015 plan (its last open action moved before closing), a plan starting in March 2026 and one
    starting next month, with actions overdue, due soon, complete, withdrawn and not yet started."""
    today = timezone.localdate()
    old = f.PlanFactory(name="100 Day Plan", start_date=D(2015, 6, 1))
    p = f.PriorityFactory(plan=old, number=1)
    f.ActionFactory(priority=p, reference="1.1", start_date=D(2015, 6, 1), due_date=D(2015, 7, 31), owner=manager)
    f.ActionFactory(priority=p, reference="1.2", start_date=D(2015, 6, 1), due_date=D(2015, 8, 31), status="complete")
    live = f.PlanFactory(name="Learning and Improvement Plan", start_date=D(2026, 3, 5))
    q1 = f.PriorityFactory(plan=live, number=1)
    q2 = f.PriorityFactory(plan=live, number=2)
    for n, (start, due, status) in enumerate(
        [
            (D(2026, 3, 5), today - datetime.timedelta(days=20), "in_progress"),
            (D(2026, 3, 5), today + datetime.timedelta(days=5), "in_progress"),
            (D(2026, 4, 1), today + datetime.timedelta(days=90), "not_started"),
            (D(2026, 5, 1), today + datetime.timedelta(days=200), "in_progress"),
            (today + datetime.timedelta(days=10), today + datetime.timedelta(days=100), "not_started"),
            (D(2026, 3, 5), D(2026, 6, 30), "complete"),
            (D(2026, 3, 5), D(2026, 6, 30), "withdrawn"),
        ]
    ):
        f.ActionFactory(
            priority=q1 if n % 2 else q2, reference=f"{n}", start_date=start, due_date=due, status=status, owner=manager
        )
    # 1.1 is still open: the 100 Day Plan cannot close until it is moved, then it closes on its end date.
    old.status, old.end_date = Plan.Status.CLOSED, D(2015, 9, 8)
    with pytest.raises(ValidationError, match="open actions"):
        old.full_clean()
    # Saved (not QuerySet.update): the save recomputes the action's stored colour intervals (i18).
    moved = Action.objects.get(reference="1.1")
    moved.status = Action.Status.WITHDRAWN
    moved.save()
    old.full_clean()
    old.save()
    # Recommendations the plans answer, some linked to actions, for the dashboard's coverage counts.
    for plan, actions in (
        (old, Action.objects.filter(priority__plan=old)),
        (live, Action.objects.filter(priority__plan=live)),
    ):
        start = plan.start_date - datetime.timedelta(days=40)
        inspection = f.InspectionFactory(start_date=start, end_date=start, published_date=plan.start_date)
        plan.inspections.add(inspection)
        for n, action in enumerate([*actions, None, None]):
            rec = f.RecommendationFactory(inspection=inspection, number=n + 1)
            if action is not None and n % 3:
                action.recommendations.add(rec)
    return {"old": old, "live": live}


def rows_behind(client: Client, url: str) -> int:
    response = client.get(url + "&_export=csv")
    assert response.status_code == 200, url
    return len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) - 1


def counts_on(page: str) -> list[tuple[str, int]]:
    links = COUNT_LINK.findall(page) + BIG_NUMBER.findall(page) + COVERAGE_LINK.findall(page)
    found = [(href.replace("&amp;", "&"), int(n)) for href, n in links]
    lists = (reverse("improvement:action_list"), reverse("improvement:recommendation_list"))
    return [(href, n) for href, n in found if href.startswith(lists)]


@pytest.mark.parametrize("role", ["admin_user", "manager", "committee_member"])
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(days_ago=st.integers(min_value=0, max_value=(timezone.localdate() - D(2015, 5, 1)).days))
def test_every_count_equals_the_rows_of_the_list_it_opens(council, role, request, days_ago):
    client = Client()
    client.force_login(request.getfixturevalue(role))
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    pages = [reverse("home"), *(plan.get_absolute_url() for plan in council.values())]
    checked, coverage = 0, 0
    for url in pages:
        page = client.get(url, {"as_at": day.isoformat()}).content.decode()
        for href, count in counts_on(page):
            assert rows_behind(client, href) == count, (url, day, href)
            checked += 1
            coverage += count if href.startswith(reverse("improvement:recommendation_list")) else 0
    assert checked > 0
    # The coverage panel counts the recommendations of the plans active on the day, each in one state.
    active = Plan.objects.active_on(day)
    assert coverage == sum(p.inspections.get().recommendations.count() for p in active)
    # Nothing coloured before it started: before 5 March 2026 the live plan has no colour and no count.
    live = client.get(council["live"].get_absolute_url(), {"as_at": day.isoformat()}).content.decode()
    if day < D(2026, 3, 5):
        assert "Not yet started" in live
        assert all(int(n) == 0 for _, n in COUNT_LINK.findall(live))


def test_the_closed_plan_drops_out_of_todays_dashboard(council, committee_member):
    client = Client()
    client.force_login(committee_member)
    today = client.get(reverse("home")).content.decode()
    assert "Learning and Improvement Plan" in today and "100 Day Plan" not in today
    then = client.get(reverse("home"), {"as_at": "2015-08-01"}).content.decode()
    assert "100 Day Plan" in then and "Learning and Improvement Plan" not in then
