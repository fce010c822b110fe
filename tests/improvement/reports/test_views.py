"""Report and dashboard pages: who may do what, forms, downloads and fixed query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from improvement.models import CommitteeReport
from improvement.reports import builder, printing, selectors, services
from tests.clients import client_for
from tests.improvement.reports.helpers import report_form_data


def test_anonymous_is_sent_to_login(council, client):
    response = client.get(council["report"].get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["committee_member", "manager"])
def test_non_admins_read_issued_reports_but_never_drafts(council, issued, admin_user, role, request):
    user = request.getfixturevalue(role)
    draft = services.report_start_next(
        report=issued, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=issued.current_date
    )
    client = client_for(user)
    assert client.get(issued.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(reverse("improvement:report_pdf", args=[draft.pk])).status_code == 404
    listing = client.get(reverse("improvement:report_list")).content.decode()
    assert issued.get_absolute_url() in listing
    assert draft.get_absolute_url() not in listing


@pytest.mark.parametrize("role", ["committee_member", "manager"])
def test_non_admins_change_nothing(council, role, request):
    client = client_for(request.getfixturevalue(role))
    report = council["report"]
    assert client.get(reverse("improvement:report_create")).status_code == 403
    assert client.post(reverse("improvement:report_issue", args=[report.pk])).status_code == 403
    assert client.post(reverse("improvement:report_update", args=[report.pk]), {"title": "x"}).status_code == 403
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.DRAFT


def test_issued_page_shows_when_and_by_whom(issued, admin_user, committee_member):
    page = client_for(committee_member).get(issued.get_absolute_url()).content.decode()
    assert f"by {admin_user.get_full_name()}" in page
    assert "Issued " in page
    assert "1,052 (29%)" in page
    assert "Due 30 June 2015, 63 days overdue, 40% complete." in page


def test_draft_page_is_marked_draft_for_admins(council, admin_user):
    page = client_for(admin_user).get(council["report"].get_absolute_url()).content.decode()
    assert "DRAFT" in page
    assert "Issue this report" in page


def test_issuing_asks_for_confirmation_first(council, admin_user):
    client = client_for(admin_user)
    url = reverse("improvement:report_issue", args=[council["report"].pk])
    page = client.get(url).content.decode()
    assert "Issue this report?" in page and "can no longer be edited" in page
    refused = client.post(url, {})
    assert refused.status_code == 200 and "Tick the box to confirm" in refused.content.decode()
    council["report"].refresh_from_db()
    assert not council["report"].is_issued


def test_admin_issues_and_then_cannot_edit(council, admin_user):
    client = client_for(admin_user)
    report = council["report"]
    client.post(reverse("improvement:report_issue", args=[report.pk]), {"confirm": "on"})
    report.refresh_from_db()
    assert report.is_issued and report.issued_by == admin_user and report.snapshot
    response = client.get(reverse("improvement:report_update", args=[report.pk]), follow=True)
    assert "can no longer be changed" in response.content.decode()


def test_admin_creates_a_draft(council, admin_user):
    response = client_for(admin_user).post(reverse("improvement:report_create"), report_form_data(council))
    report = CommitteeReport.objects.get(title="Progress report")
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.suppress_below == 5 and report.author == admin_user
    assert list(report.plans.all()) == [council["plan"]]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"current_date": "2015-01-01"}, "The current date must be on or after the baseline date."),
        ({"suppress_below": "1"}, "Give a threshold of at least 2"),
        ({"title": ""}, "Give the report a title"),
        ({"meeting_date": "not a date"}, "Give the meeting date as a date"),
    ],
)
def test_bad_input_is_refused_with_what_to_fix(council, admin_user, overrides, message):
    before = CommitteeReport.objects.count()
    response = client_for(admin_user).post(reverse("improvement:report_create"), report_form_data(council, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CommitteeReport.objects.count() == before


def test_change_table_downloads_as_csv_and_xlsx(issued, committee_member):
    client = client_for(committee_member)
    response = client.get(issued.get_absolute_url(), {"table": "change", "_export": "csv"})
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert 'Unallocated cases,"1,003",129,874 (87%)' in body
    xlsx = client.get(issued.get_absolute_url(), {"table": "exceptions", "_export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(issued.get_absolute_url(), {"table": "nope", "_export": "csv"}).status_code == 404


def test_compare_page_lists_what_moved(issued, admin_user):
    draft = services.report_start_next(
        report=issued,
        user=admin_user,
        meeting_date=datetime.date(2015, 11, 20),
        current_date=datetime.date(2015, 10, 31),
    )
    page = client_for(admin_user).get(reverse("improvement:report_compare", args=[draft.pk])).content.decode()
    assert "What moved between two reports" in page
    assert "Colours" in page or "No colour changed" in page


@pytest.mark.parametrize("page", ["detail", "compare", "pdf_html"])
def test_a_draft_page_looks_up_the_previous_report_once(issued, admin_user, monkeypatch, page):
    draft = services.report_start_next(
        report=issued, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=issued.current_date
    )
    looked_up = []

    def previous(report):
        looked_up.append(report.pk)
        return selectors.previous_issued_report(report)

    monkeypatch.setattr(builder, "previous_issued_report", previous)
    monkeypatch.setattr(printing, "previous_issued_report", previous)
    if page == "pdf_html":
        shown = printing.report_html(draft)
    else:
        url = draft.get_absolute_url() if page == "detail" else reverse("improvement:report_compare", args=[draft.pk])
        shown = client_for(admin_user).get(url).content.decode()

    assert looked_up == [draft.pk]
    assert escape(issued.title) in shown  # the previous report is still named on the page


def _queries(django_assert_num_queries, client, url, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# 25, and the council name, plan ids, budget lines, assurance ratings, risks (i17); less 2: the actions' states
# and roll-ups on the report's dates are read from the stored colour intervals (i18).
# And 3 (i18, regional scale): the progress section counts in the database (colour counts now and at the baseline,
# the status table, the action colours) and loads only the actions it lists (exceptions, completed since), where
# before it loaded every action of the report's plans. And one (i12 item 8): the child populations of every charted
# authority, as a count is compared with England per 10,000 children.
# Less one: the report the committee saw before this one is looked up once per page, for the draft's content and
# for what moved since, where the builder and the movement each looked it up before.
DRAFT_PAGE_QUERIES = 31
ISSUED_PAGE_QUERIES = 5
# 22, and the assurance rating in force per plan (i17), less one: the last report issued by the date (i12) is
# read with its committee in the query over the reports of the plans, where before its committee was a query apart.
# 22; and 2 (i18, regional scale): each active plan's roll-up from a GROUP BY per plan, to show only the plans most
# at risk in full, and the coverage summary counted in the database (a GROUP BY per recommendation and a COUNT, in
# place of every recommendation-action-indicator row).
# And two: the state version that the cached plan counts and deadline panels are keyed by, and how many key
# indicators there are (the first KEY_INDICATOR_LIMIT are shown).
# Less three: the month-end counts, when not cached, are one GROUP BY (no signature of the actions and no two
# queries of what the history recorded since, the incremental path removed after review).
# The same: the plans are read once with their colours tokens, and the active ones' ids (two), and each plan not
# yet counted under its token is counted in five queries (colours on the dates, deadline counts, the first overdue
# and due-soon of each, its actions per recommendation), in place of the plans' roll-ups (two), the month-end counts
# (one), the deadline panels (three) and the coverage GROUP BY (one) over all plans; the coverage total is the
# recommendations' ids, read for the sum (one, as the count was). And one: the counted plans' tokens read again
# after the counting, so that a tally is kept only under the token of the data it was counted from.
DASHBOARD_QUERIES = 24


def test_report_page_queries_do_not_grow_with_data(council, grow, admin_user, django_assert_num_queries):
    client = client_for(admin_user)
    url = council["report"].get_absolute_url()
    _queries(django_assert_num_queries, client, url, DRAFT_PAGE_QUERIES)
    grow(10)
    _queries(django_assert_num_queries, client, url, DRAFT_PAGE_QUERIES)
    services.report_issue(report=council["report"], user=admin_user)
    _queries(django_assert_num_queries, client, url, ISSUED_PAGE_QUERIES)


def test_dashboard_queries_do_not_grow_with_data(council, grow, admin_user, django_assert_num_queries):
    # Each visit below is the first since plans changed (the report issued, then the data grown), so the page is
    # built again and the changed plans' tallies counted again (improvement.dashboard.builder._tallies) both times.
    client = client_for(admin_user)
    url = reverse("home") + "?as_at=2015-09-01"
    services.report_issue(report=council["report"], user=admin_user)
    _queries(django_assert_num_queries, client, url, DASHBOARD_QUERIES)
    grow(10)
    _queries(django_assert_num_queries, client, url, DASHBOARD_QUERIES)
