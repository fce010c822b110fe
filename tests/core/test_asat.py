"""One reader of `?as_at=` for every page, with one policy for "today" and a bounded range."""

import datetime

import pytest
from django.urls import reverse

from core import asat


def test_no_date_and_today_both_mean_now():
    assert asat.parse_as_at({}) == (None, "")
    assert asat.parse_as_at({"as_at": asat.today().isoformat()}) == (None, "")


def test_a_past_date_is_read():
    assert asat.parse_as_at({"as_at": "2015-09-01"}) == (datetime.date(2015, 9, 1), "")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("2015-02-30", "Enter the date as YYYY-MM-DD"),
        ("01/09/2015", "Enter the date as YYYY-MM-DD"),
        ("2999-01-01", "cannot be in the future"),
        ("0001-01-01", "cannot be before 1 January 2000"),
        ("1999-12-31", "cannot be before 1 January 2000"),
    ],
)
def test_a_date_that_cannot_be_used_means_today_with_a_reason(raw, problem):
    value, message = asat.parse_as_at({"as_at": raw})
    assert value is None
    assert problem in message and "Showing today instead" in message


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "improvement:plan_list", "improvement:recommendation_list"])
def test_every_as_at_page_reads_the_date_the_same_way(committee_client, name):
    response = committee_client.get(reverse(name) + "?as_at=0001-01-01")
    assert response.status_code == 200
    assert "cannot be before 1 January 2000" in response.content.decode()
