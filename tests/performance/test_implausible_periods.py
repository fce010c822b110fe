"""Figures already stored with a period end no real period has (9999-12-31 placeholders, a year typed 2062, Excel's
1899-12-31): pages leave them out and keep working, admins see them listed with what to do, the model and the admin
refuse new ones, and a command lists them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from performance import rules, services
from performance.models import Indicator, Observation

GOOD = datetime.date(2015, 7, 31)


def _stored(indicator, authority, day, value=5):
    # Written past every check, as an old load or a direct ORM write would have.
    return Observation.objects.create(indicator=indicator, authority=authority, period_end=day, value=Decimal(value))


@pytest.mark.parametrize(
    "bad", [datetime.date(9999, 12, 31), datetime.date(2062, 3, 31), datetime.date(1899, 12, 31)], ids=str
)
def test_indicator_page_works_and_leaves_the_figure_out(committee_client, council, leeds, bad):
    contacts = Indicator.objects.get(code="contacts")  # a count: rates per 10,000 by the year's population too
    _stored(contacts, council, GOOD, 100)
    _stored(contacts, council, bad, 98765)
    _stored(contacts, leeds, bad, 87654)

    response = committee_client.get(contacts.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert f"{bad:%Y}" not in html.replace("2015", "")
    assert not any(shown in html for shown in ("98765", "98,765", "87654", "87,654"))
    assert "impossible period ends" not in html  # the warning is for admins


def test_admins_see_the_figures_listed_with_what_to_do(admin_client, council, leeds):
    contacts = Indicator.objects.get(code="contacts")
    _stored(contacts, council, GOOD)
    placeholder = _stored(contacts, council, datetime.date(9999, 12, 31), 321)
    typo = _stored(contacts, leeds, datetime.date(2062, 3, 31), 654)

    html = admin_client.get(contacts.get_absolute_url()).content.decode()

    assert "impossible period ends" in html and "implausible_observations" in html
    assert "9999-12-31: 321" in html and "2062-03-31: 654" in html
    for observation in (placeholder, typo):
        assert reverse("admin:performance_observation_change", args=[observation.pk]) in html


def test_list_and_comparison_pages_leave_them_out(admin_client, council, leeds):
    contacts = Indicator.objects.get(code="contacts")
    _stored(contacts, council, GOOD, 100)
    _stored(contacts, leeds, GOOD, 90)
    _stored(contacts, leeds, datetime.date(9999, 12, 31), 87654)
    _stored(contacts, leeds, datetime.date(2062, 3, 31), 98765)

    listing = admin_client.get(reverse("performance:indicator_list") + "?as_at=9999-12-31")
    compared = admin_client.get(
        reverse("performance:comparison"),
        {"indicator": "contacts", "authorities": ["leeds"], "start": "1990-01-01", "end": "2099-12-31"},
    )

    assert listing.status_code == 200 and compared.status_code == 200
    html = compared.content.decode()
    assert "90" in html and not any(shown in html for shown in ("98765", "98,765", "87654", "87,654"))


def test_indicator_page_query_count_for_admins_is_fixed(admin_client, council, django_assert_num_queries):
    contacts = Indicator.objects.get(code="contacts")
    _stored(contacts, council, GOOD)
    admin_client.get(contacts.get_absolute_url())
    with CaptureQueriesContext(connection) as clean:
        admin_client.get(contacts.get_absolute_url())
    for n in range(3):
        _stored(contacts, council, datetime.date(9999, 12, 31 - n))

    with django_assert_num_queries(len(clean.captured_queries)):
        admin_client.get(contacts.get_absolute_url())


@pytest.mark.parametrize("bad", [datetime.date(9999, 12, 31), datetime.date(1899, 12, 31)], ids=str)
def test_the_model_refuses_an_implausible_period_end(council, bad):
    observation = Observation(
        indicator=Indicator.objects.get(code="contacts"), authority=council, period_end=bad, value=Decimal(1)
    )

    with pytest.raises(ValidationError) as info:
        observation.full_clean()

    assert "period_end" in info.value.message_dict


def test_services_refuse_a_period_after_the_current_one(council):
    next_year = rules.latest_plausible_period_end(timezone.localdate()).replace(day=1) + datetime.timedelta(days=400)

    with pytest.raises(ValidationError):
        services.record_observation(
            indicator=Indicator.objects.get(code="contacts"),
            authority=council,
            period_end=rules.month_end(next_year),
            value=Decimal(3),
            user=None,
        )
    assert not Observation.objects.exists()


def test_the_admin_refuses_an_implausible_period_end(admin_client, council):
    contacts = Indicator.objects.get(code="contacts")

    response = admin_client.post(
        reverse("admin:performance_observation_add"),
        {"indicator": contacts.pk, "authority": council.pk, "period_end": "2062-03-31", "value": "12"},
    )

    assert response.status_code == 200 and "after the end of the current period" in response.content.decode()
    assert not Observation.objects.exists()
    ok = admin_client.post(
        reverse("admin:performance_observation_add"),
        {"indicator": contacts.pk, "authority": council.pk, "period_end": "2015-07-31", "value": "12"},
    )
    assert ok.status_code == 302 and Observation.objects.get().period_end == GOOD


def test_command_lists_them_and_deletes_on_request(council, leeds, capsys):
    contacts = Indicator.objects.get(code="contacts")
    kept = _stored(contacts, council, GOOD)
    _stored(contacts, council, datetime.date(9999, 12, 31))
    _stored(contacts, leeds, datetime.date(1899, 12, 31))

    with pytest.raises(CommandError, match="2 observation"):
        call_command("implausible_observations")
    listed = capsys.readouterr().out
    assert "9999-12-31" in listed and "1899-12-31" in listed and "2015-07-31" not in listed

    call_command("implausible_observations", "--delete")

    assert list(Observation.objects.all()) == [kept]
    call_command("implausible_observations")
    assert "No stored observation" in capsys.readouterr().out


def test_a_figure_dated_before_1990_is_nobodys_latest_figure_or_sparkline_point(council):
    from performance import selectors

    contacts = Indicator.objects.get(code="contacts")
    _stored(contacts, council, datetime.date(1899, 12, 31), 98765)
    only_bad = Indicator.objects.get(code="referrals")
    _stored(only_bad, council, datetime.date(1899, 12, 31), 87654)
    _stored(contacts, council, GOOD, 100)

    with_good, with_bad_only = selectors.indicator_statuses([contacts, only_bad], authority=council, as_at=GOOD)
    [change] = selectors.change_rows([contacts], authority=council, old_date=datetime.date(2000, 1, 1), new_date=GOOD)

    assert [p.value for p in with_good.sparkline] == [100]
    assert with_bad_only.latest is None
    assert change.old is None and change.new.value == 100
    assert selectors.value_on_or_before(only_bad, council, GOOD) is None
