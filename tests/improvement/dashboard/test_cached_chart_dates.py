"""Cached dashboard values are keyed by everything that decides them: the colour chart's month-end counts depend on
the page's date (the plans active then), not only on the month ends drawn (a review found them shared)."""

import datetime

import pytest
from django.core.cache import cache

from core.versions import data_version
from improvement.dashboard import builder as dashboard
from improvement.models import Action, Plan
from tests import factories
from tests.improvement.dashboard.test_dashboard import TWO_MONTHS_AGO, _at, _update

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_cache(settings):
    settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


def _chart(as_at):
    return [(row["day"], row["counts"]) for row in dashboard.dashboard(as_at, data_version())["colour_chart"]["rows"]][
        :-1
    ]


def test_past_month_end_tallies_are_keyed_by_the_pages_date(manager):
    month_start = TWO_MONTHS_AGO.replace(day=1)
    early, late = month_start + datetime.timedelta(days=4), month_start + datetime.timedelta(days=24)
    closed = factories.PlanFactory(
        status=Plan.Status.CLOSED,
        start_date=datetime.date(2014, 1, 1),
        end_date=month_start + datetime.timedelta(days=14),
    )
    kept = factories.PlanFactory(start_date=datetime.date(2014, 1, 1))
    for plan in (closed, kept):
        action = factories.ActionFactory(
            priority=factories.PriorityFactory(plan=plan),
            owner=manager,
            start_date=month_start - datetime.timedelta(days=300),
            due_date=month_start + datetime.timedelta(days=400),
            status=Action.Status.NOT_STARTED,
            progress=0,
        )
        _update(
            action, status=Action.Status.IN_PROGRESS, progress=10, when=_at(month_start - datetime.timedelta(days=200))
        )
    fresh_late = _chart(late)
    cache.clear()
    fresh_early = _chart(early)
    assert fresh_early != fresh_late  # the closed plan's action is counted only while it was active
    # Same month ends, same data version: the early page's cached tallies must not be shown for the late one.
    assert _chart(late) == fresh_late
