"""At regional scale the dashboard shows in full only the plans most at risk, and totals every active plan."""

import datetime

import pytest
from django.urls import reverse

from core.versions import data_version
from improvement.dashboard import builder
from improvement.models import Action
from tests import factories

pytestmark = pytest.mark.django_db


def _plan_with(name, **action):
    priority = factories.PriorityFactory(plan__name=name)
    factories.ActionFactory(priority=priority, **action)
    return priority.plan


def test_only_the_plans_most_at_risk_are_shown_and_every_plan_is_totalled(admin_client, monkeypatch):
    monkeypatch.setattr(builder, "PLAN_LIMIT", 2)
    green = _plan_with("Green plan", start_date=None, due_date=datetime.date(2099, 1, 1))
    red = _plan_with("Red plan", start_date=datetime.date(2025, 1, 1), due_date=datetime.date(2025, 6, 1))
    done = _plan_with("Done plan", status=Action.Status.COMPLETE, progress=100)
    amber = _plan_with("Amber plan", start_date=None, due_date=datetime.date.today() + datetime.timedelta(days=3))

    context = builder.dashboard(datetime.date.today(), data_version())

    assert [line.plan for line in context["plans"]] == [red, amber]
    assert context["plan_count"] == 4
    assert {c["rag"]: c["count"] for c in context["plan_colours"]} == {"red": 1, "amber": 1, "green": 1, "blue": 1}
    # The chart's last point counts the actions of every active plan, shown or not.
    assert context["colour_chart"]["rows"][-1]["counts"] == [1, 1, 1, 1]
    page = admin_client.get(reverse("home")).content.decode()
    assert "4 active plans: 1 red, 1 amber, 1 green, 1 complete." in page
    assert "The 2 most at risk are shown here" in page
    assert green.name not in page and done.name not in page


def test_cached_counts_follow_every_write_that_changes_them():
    red = _plan_with("Red plan", start_date=datetime.date(2025, 1, 1), due_date=datetime.date(2025, 6, 1))
    other = _plan_with("Other plan", start_date=None, due_date=datetime.date(2099, 1, 1))

    def seen():
        # The builder itself (its parts are cached); the whole page's cache: tests/core/test_versions.py.
        context = builder.dashboard(datetime.date.today(), data_version())
        return context["overdue_count"], {line.plan.name: line.rag for line in context["plans"]}, context["plan_count"]

    assert seen() == (1, {"Red plan": "red", "Other plan": "green"}, 2)
    assert seen() == (1, {"Red plan": "red", "Other plan": "green"}, 2)  # from the cache
    action = Action.objects.get(priority__plan=red)
    action.due_date = datetime.date(2099, 1, 1)  # the shell's or the admin site's write path
    action.save()
    assert seen() == (0, {"Red plan": "green", "Other plan": "green"}, 2)
    other.status = other.Status.DRAFT
    other.save()
    assert seen() == (0, {"Red plan": "green"}, 1)
    priority = red.priorities.get()
    priority.plan = factories.PlanFactory(name="Moved to", start_date=datetime.date(2099, 1, 1))
    priority.save()
    assert seen() == (0, {"Red plan": None}, 1)


def test_only_the_first_key_indicators_are_shown_and_the_page_says_how_many(admin_client, monkeypatch):
    monkeypatch.setattr(builder, "KEY_INDICATOR_LIMIT", 2)
    factories.AuthorityFactory(kind="council")
    from performance.models import Indicator

    Indicator.objects.update(is_key=False)  # the catalogue's own
    made = [factories.IndicatorFactory(name=f"Key measure {n}", order=n, is_key=True) for n in range(3)]
    response = admin_client.get(reverse("home"))
    assert [line.status.indicator for line in response.context["indicators"]] == made[:2]
    page = response.content.decode()
    assert "The first 2 of 3 key indicators" in page
    assert "Key measure 2" not in page
