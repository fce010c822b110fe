"""Performance pages: who may see and change what, fixed query counts, exports, entry grid and upload flow."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance import importer, uploads
from performance.models import ChildPopulation, Indicator, Observation, Target
from performance.rules import period_end_after
from tests import factories

HEADER = "indicator,period_end,value,authority,target,note\n"


def _fill(indicators, authorities, months):
    for indicator in indicators:
        factories.TargetFactory(indicator=indicator, value=50, tolerance=5)
        for authority in authorities:
            for n in range(months):
                factories.ObservationFactory(
                    indicator=indicator,
                    authority=authority,
                    period_end=period_end_after(datetime.date(2024, 1, 31), n),
                    value=40 + n,
                )


# Who may do what


@pytest.mark.parametrize("name", ["performance:entry", "performance:import"])
@pytest.mark.parametrize("client_fixture", ["manager_client", "committee_client"])
def test_only_admins_enter_or_import_figures(request, council, name, client_fixture):
    client = request.getfixturevalue(client_fixture)

    assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(name), {}).status_code == 403


@pytest.mark.parametrize("client_fixture", ["manager_client", "committee_client"])
def test_only_admins_commit_an_import(request, council, client_fixture):
    client = request.getfixturevalue(client_fixture)

    assert client.post(reverse("performance:import_commit"), {"token": "x"}).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/performance/",
        "/performance/indicators/contacts/",
        "/performance/change/",
        "/performance/comparison/",
    ],
)
def test_committee_members_read_every_performance_page(committee_client, council, url):
    assert committee_client.get(url).status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client, council):
    response = client.get(reverse("performance:indicator_list"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_indicator_is_404(committee_client, council):
    assert committee_client.get(reverse("performance:indicator_detail", args=["nope"])).status_code == 404


# Query counts: the same with little and much data


def test_indicator_list_query_count_is_fixed(committee_client, council, leeds, django_assert_num_queries):
    url = reverse("performance:indicator_list")
    committee_client.get(url)  # the session and role lookups settle on the first request
    with django_assert_num_queries(8) as small:
        committee_client.get(url)
    _fill([factories.IndicatorFactory() for _ in range(12)], [council, leeds], 15)
    with django_assert_num_queries(len(small.captured_queries)):
        response = committee_client.get(url)
    assert response.status_code == 200 and b"Red" in response.content


def test_indicator_page_query_count_is_fixed(committee_client, council, leeds, django_assert_num_queries):
    small_indicator, large_indicator = factories.IndicatorFactory(), factories.IndicatorFactory()
    _fill([small_indicator], [council], 1)
    _fill([large_indicator], [council, leeds], 36)
    for _ in range(3):
        factories.AuthorityFactory(code=f"sn{_}", name=f"Neighbour {_}", kind="statistical_neighbours")
    committee_client.get(small_indicator.get_absolute_url())

    with django_assert_num_queries(10) as small:
        committee_client.get(small_indicator.get_absolute_url())
    with django_assert_num_queries(len(small.captured_queries)):
        response = committee_client.get(large_indicator.get_absolute_url())
    assert response.content.count(b"<tr>") == 25  # header row + the last 24 months shown by default
    with django_assert_num_queries(len(small.captured_queries)):
        response = committee_client.get(large_indicator.get_absolute_url() + "?range=all")
    assert response.content.count(b"<tr>") == 37  # header row + 36 periods


# Indicator list


def test_list_filters_by_colour_category_and_overdue(committee_client, council):
    red = factories.IndicatorFactory(name="Red one", category="Front door")
    green = factories.IndicatorFactory(name="Green one", category="Quality")
    for indicator, value in ((red, 90), (green, 10)):
        factories.TargetFactory(indicator=indicator, value=20, tolerance=5)
        factories.ObservationFactory(
            indicator=indicator, authority=council, period_end=datetime.date(2015, 5, 31), value=value
        )
    url = reverse("performance:indicator_list")
    as_at = "as_at=2015-06-15"

    by_colour = committee_client.get(f"{url}?{as_at}&colour=red").content
    by_category = committee_client.get(f"{url}?{as_at}&category=Quality").content
    overdue = committee_client.get(f"{url}?as_at=2016-01-01&overdue=yes").content

    assert b"Red one" in by_colour and b"Green one" not in by_colour
    assert b"Green one" in by_category and b"Red one" not in by_category
    assert b"Red one" in overdue and b"Green one" in overdue and b"Overdue data" in overdue


def test_list_export_has_the_computed_columns(committee_client, council):
    indicator = factories.IndicatorFactory(name="Unallocated", polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.TargetFactory(indicator=indicator, value=0, tolerance=10)
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 4, 30), value=20
    )
    factories.ObservationFactory(indicator=indicator, authority=council, period_end=datetime.date(2015, 5, 31), value=5)

    response = committee_client.get(reverse("performance:indicator_list") + "?as_at=2015-06-01&_export=csv")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "Unallocated" in text and ",Amber,Better,Up to date" in text


# Indicator page


def test_indicator_page_shows_chart_periods_colours_and_comparators(committee_client, council, leeds):
    indicator = factories.IndicatorFactory(code="s47_open_28d", polarity=Indicator.Polarity.LOWER_IS_BETTER)
    factories.TargetFactory(indicator=indicator, value=10, tolerance=5)
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 8, 31), value=173
    )
    factories.ObservationFactory(indicator=indicator, authority=council, period_end=datetime.date(2015, 9, 30), value=6)
    factories.ObservationFactory(indicator=indicator, authority=leeds, period_end=datetime.date(2015, 9, 30), value=12)

    response = committee_client.get(indicator.get_absolute_url())

    html = response.content.decode()
    assert 'id="indicator-chart"' in html and "indicator-chart-data" in html
    assert '<span class="rag rag-green">Green</span>' in html and '<span class="rag rag-red">Red</span>' in html
    assert "Better" in html and "Leeds" in html
    assert html.count("<h1>") == 1


def test_indicator_page_export(committee_client, council):
    indicator = factories.IndicatorFactory(code="cp_visits", unit=Indicator.Unit.PERCENT, polarity="higher")
    factories.TargetFactory(indicator=indicator, value=90, tolerance=5)
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 9, 30), value=87
    )

    response = committee_client.get(indicator.get_absolute_url() + "?_export=xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="indicator-cp_visits.xlsx"'


def test_user_text_is_escaped(committee_client, council):
    indicator = factories.IndicatorFactory(name="<script>alert(1)</script>")
    factories.ObservationFactory(indicator=indicator, authority=council, note="<b>bold</b>")

    html = committee_client.get(indicator.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


# Change table and comparison


def test_change_table_in_the_seeds_layout(committee_client, council):
    indicator = factories.IndicatorFactory(code="open_cases", name="Open cases", polarity="context")
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 5, 19), value=3617
    )
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 9, 1), value=2565
    )
    query = f"?indicators={indicator.pk}&old_date=2015-05-19&new_date=2015-09-01"

    html = committee_client.get(reverse("performance:change_table") + query).content.decode()
    csv = committee_client.get(reverse("performance:change_table") + query + "&_export=csv").content.decode()

    assert "3,617" in html and "2,565" in html and "1,052 (29%)" in html and "Reduction" in html
    assert '3617,2015-05-19,2565,2015-09-01,Count,-1052,-29,"1,052 (29%)",reduction,' in csv


def test_change_of_a_percentage_is_in_percentage_points_with_no_relative_change(committee_client, council):
    # Issue 12 item 7: "Re-referrals 18.5 -> 18.1, change 0.4 (2%)" showed a relative change of a rate.
    indicator = factories.IndicatorFactory(code="rereferral_12m_pct", unit="percent", polarity="lower")
    for day, value in ((datetime.date(2015, 5, 31), "18.5"), (datetime.date(2015, 8, 31), "18.1")):
        factories.ObservationFactory(indicator=indicator, authority=council, period_end=day, value=value)
    query = f"?indicators={indicator.pk}&old_date=2015-05-31&new_date=2015-08-31"

    html = committee_client.get(reverse("performance:change_table") + query).content.decode()
    csv = committee_client.get(reverse("performance:change_table") + query + "&_export=csv").content.decode()

    assert "18.5%" in html and "18.1%" in html and "0.4 pp" in html
    assert "(2%)" not in html
    assert "Change (in the unit; pp for percentages)" in csv.splitlines()[0]
    assert "18.5,2015-05-31,18.1,2015-08-31,Percent,-0.4,,0.4 pp,reduction,Better" in csv


def test_change_table_rejects_dates_in_the_wrong_order(committee_client, council):
    indicator = factories.IndicatorFactory()
    query = f"?indicators={indicator.pk}&old_date=2015-09-01&new_date=2015-05-19"

    html = committee_client.get(reverse("performance:change_table") + query).content.decode()

    assert "The &#x27;to&#x27; date must be after the &#x27;from&#x27; date." in html


def test_comparison_per_10k_sunderland_and_leeds_contacts(committee_client, council, leeds):
    contacts = Indicator.objects.get(code="contacts")
    for authority, values in ((council, [2351, 1817, 2253, 1971]), (leeds, [1903, 1380, 1833, 1800])):
        for n, value in enumerate(values):
            factories.ObservationFactory(
                indicator=contacts,
                authority=authority,
                period_end=period_end_after(datetime.date(2015, 7, 31), n),
                value=value,
            )
    query = "?indicator=contacts&authorities=sunderland&authorities=leeds&start=2015-07-01&end=2015-10-31"

    html = committee_client.get(reverse("performance:comparison") + query).content.decode()

    # 8,392 contacts for 54,500 children against 6,916 for 183,000 (seed 002).
    assert "8,392" in html and "6,916" in html
    assert "1,539.8" in html and "377.9" in html
    assert 'id="per-10k-chart"' in html


def test_comparison_chart_says_which_population_a_rate_borrowed(committee_client, council, leeds):
    contacts = Indicator.objects.get(code="contacts")
    ChildPopulation.objects.create(authority=council, year_end=datetime.date(2016, 3, 31), population=54500)
    ChildPopulation.objects.create(authority=leeds, year_end=datetime.date(2015, 3, 31), population=91500)
    for authority in (council, leeds):
        for day, value in ((datetime.date(2015, 3, 31), 1830), (datetime.date(2015, 7, 31), 1903)):
            factories.ObservationFactory(indicator=contacts, authority=authority, period_end=day, value=value)
    query = "?indicator=contacts&authorities=sunderland&authorities=leeds&start=2015-03-01&end=2015-07-31"

    chart = committee_client.get(reverse("performance:comparison") + query).context["chart"]

    hover = {trace["name"]: trace["text"] for trace in chart["spec"]["data"]}
    # March 2015 is in Leeds' own year; July 2015 is in the year to March 2016, whose population is not loaded.
    assert hover["Leeds"] == [
        "200.0 per 10,000",
        "208.0 per 10,000 (the year to 31 Mar 2015's child population: the year to 31 Mar 2016's is not yet loaded)",
    ]
    # Sunderland's March 2015 figure has no earlier year to borrow: its single population, of no stated year.
    assert hover["Sunderland"] == ["335.8 per 10,000 (a child population of no stated year)", "349.2 per 10,000"]


# Monthly entry grid


def test_entry_grid_shows_last_value_and_saves_a_month(admin_client, admin_user, council):
    indicator = factories.IndicatorFactory(name="Unallocated cases", order=0)
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 8, 31), value=129
    )
    url = reverse("performance:entry") + "?month=2015-09"

    page = admin_client.get(url).content.decode()
    response = admin_client.post(url, {f"value_{indicator.pk}": "98", f"note_{indicator.pk}": "After case review"})

    assert "129" in page
    assert response.status_code == 302
    stored = Observation.objects.get(period_end=datetime.date(2015, 9, 30))
    assert (stored.value, stored.note, stored.entered_by) == (98, "After case review", admin_user)


def test_entry_grid_reports_each_bad_field_and_saves_nothing(admin_client, council):
    count = factories.IndicatorFactory(name="A count", unit=Indicator.Unit.COUNT)
    percent = factories.IndicatorFactory(name="A percent", unit=Indicator.Unit.PERCENT)
    fine = factories.IndicatorFactory(name="Fine")
    url = reverse("performance:entry") + "?month=2015-09"

    response = admin_client.post(
        url, {f"value_{count.pk}": "-3", f"value_{percent.pk}": "101", f"value_{fine.pk}": "12"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "-3 is a negative count; counts cannot be below 0." in html
    assert "101 is not a percentage between 0 and 100." in html
    assert Observation.objects.count() == 0


def test_entry_grid_leaves_out_derived_indicators(admin_client, council):
    html = admin_client.get(reverse("performance:entry") + "?month=2015-09").content.decode()

    assert "Contacts received" in html and "Contacts that became referrals" not in html


def test_entry_grid_accepts_dfe_markers(admin_client, council):
    indicator = factories.IndicatorFactory()

    admin_client.post(reverse("performance:entry") + "?month=2015-09", {f"value_{indicator.pk}": "c"})

    assert Observation.objects.get().missing_reason == "c"


# Upload, preview, commit


def _upload(client, content, name="figures.csv"):
    return client.post(reverse("performance:import"), {"file": SimpleUploadedFile(name, content, "text/csv")})


def test_upload_previews_then_commits(admin_client, admin_user, council):
    factories.IndicatorFactory(code="unallocated_cases")
    content = (HEADER + "unallocated_cases,2015-09-30,129,,0,\n").encode()

    preview = _upload(admin_client, content)

    assert preview.status_code == 200 and Observation.objects.count() == 0
    html = preview.content.decode()
    assert "1</strong> new figure" in html and "Import these figures" in html
    token = preview.context["token"]

    response = admin_client.post(reverse("performance:import_commit"), {"token": token})

    assert response.status_code == 302
    assert Observation.objects.get().entered_by == admin_user
    assert Target.objects.get().effective_from == datetime.date(2015, 9, 30)
    again = admin_client.post(reverse("performance:import_commit"), {"token": token})
    assert again.status_code == 302 and Observation.objects.count() == 1


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_second_commit_of_one_preview_writes_nothing_and_says_so(admin_client, council):
    factories.IndicatorFactory(code="unallocated_cases")
    token = _upload(admin_client, (HEADER + "unallocated_cases,2015-09-30,129,,0,\n").encode()).context["token"]
    admin_client.post(reverse("performance:import_commit"), {"token": token})
    history = Observation.history.count(), Target.history.count()

    again = admin_client.post(reverse("performance:import_commit"), {"token": token}, follow=True)

    assert uploads.GONE_MESSAGE in again.content.decode()
    assert (Observation.history.count(), Target.history.count()) == history


def test_of_two_commits_racing_on_one_preview_only_one_writes(admin_client, council, monkeypatch):
    """Both requests read the waiting preview before either writes (a double click): the second to claim it is
    refused and writes nothing, so the figures' change history is written once."""
    factories.IndicatorFactory(code="unallocated_cases")
    content = HEADER + "unallocated_cases,2015-09-30,129,,0,\nunallocated_cases,2015-10-31,131,,,\n"
    token = _upload(admin_client, content.encode()).context["token"]
    applied, read, calls, responses = [], uploads.waiting, [], []

    def read_then_let_the_other_commit(session, token):
        pending = read(session, token)
        calls.append(token)
        if len(calls) == 1:  # the first request has read the preview; the second runs to its end meanwhile
            responses.append(admin_client.post(reverse("performance:import_commit"), {"token": token}))
        return pending

    apply = importer.apply
    monkeypatch.setattr(uploads, "waiting", read_then_let_the_other_commit)
    monkeypatch.setattr(importer, "apply", lambda *a, **k: applied.append(1) or apply(*a, **k))

    first = admin_client.post(reverse("performance:import_commit"), {"token": token})

    assert len(applied) == 1
    assert [_messages(first), _messages(responses[0])] == [
        [uploads.GONE_MESSAGE],
        ["figures.csv imported: 2 new, 0 changed, 0 unchanged, 1 target(s) set."],
    ]
    assert Observation.history.count() == 2 and Target.history.count() == 1


def test_a_commit_that_fails_unexpectedly_keeps_the_preview(admin_client, admin_user, council, monkeypatch):
    factories.IndicatorFactory(code="unallocated_cases")
    token = _upload(admin_client, (HEADER + "unallocated_cases,2015-09-30,129,,,\n").encode()).context["token"]
    apply = importer.apply

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(importer, "apply", fail)
    with pytest.raises(OSError):
        admin_client.post(reverse("performance:import_commit"), {"token": token})
    monkeypatch.setattr(importer, "apply", apply)

    response = admin_client.post(reverse("performance:import_commit"), {"token": token})

    assert response.status_code == 302 and Observation.objects.get().value == 129


def test_a_preview_spoilt_since_by_the_catalogue_is_spent_and_says_upload_again(admin_client, council):
    indicator = factories.IndicatorFactory(code="unallocated_cases")
    token = _upload(admin_client, (HEADER + "unallocated_cases,2015-09-30,129,,,\n").encode()).context["token"]
    indicator.delete()

    response = admin_client.post(reverse("performance:import_commit"), {"token": token})
    again = admin_client.post(reverse("performance:import_commit"), {"token": token}, follow=True)

    html = response.content.decode()
    assert response.status_code == 400 and "was removed after the preview; upload the file again" in html
    assert "Correct the file and upload it again" in html
    assert uploads.GONE_MESSAGE in again.content.decode() and Observation.objects.count() == 0


def test_upload_with_problems_lists_them_and_writes_nothing(admin_client, council):
    response = _upload(admin_client, (HEADER + "nope,2015-09-30,abc,,,\n").encode())

    html = response.content.decode()
    assert response.status_code == 400
    assert "Unknown indicator code &#x27;nope&#x27;." in html and "&#x27;abc&#x27; is not a number" in html
    assert Observation.objects.count() == 0


def test_commit_needs_the_token_from_this_session(admin_client, client, council):
    factories.IndicatorFactory(code="unallocated_cases")
    token = _upload(admin_client, (HEADER + "unallocated_cases,2015-09-30,129,,,\n").encode()).context["token"]
    other_admin = factories.AdminFactory(username="other-admin")
    client.force_login(other_admin)

    response = client.post(reverse("performance:import_commit"), {"token": token})

    assert response.status_code == 302 and Observation.objects.count() == 0


def test_preview_of_an_unchanged_file_offers_no_commit(admin_client, council):
    indicator = factories.IndicatorFactory(code="unallocated_cases")
    factories.ObservationFactory(
        indicator=indicator, authority=council, period_end=datetime.date(2015, 9, 30), value=Decimal(129)
    )

    html = _upload(admin_client, (HEADER + "unallocated_cases,2015-09-30,129,,,\n").encode()).content.decode()

    assert "importing it would change nothing" in html and "Import these figures" not in html


def test_entry_grid_lists_quarterly_indicators_only_at_quarter_ends(admin_client, council):
    factories.IndicatorFactory(name="Quarterly measure", frequency=Indicator.Frequency.QUARTERLY)

    august = admin_client.get(reverse("performance:entry") + "?month=2015-08").content.decode()
    september = admin_client.get(reverse("performance:entry") + "?month=2015-09").content.decode()

    assert "Quarterly measure" not in august and "Quarterly measure" in september
