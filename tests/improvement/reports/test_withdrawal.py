"""Issued reports: figures never dated in the future, issued only on confirmation, never changed or deleted
(not even from Django's admin), but withdrawn or superseded with who, when and why shown on them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement.models import CommitteeReport, ReportLocked
from improvement.reports import services
from tests.clients import client_for
from tests.improvement.reports.helpers import report_form_data


@pytest.mark.parametrize("days_ahead", [1, 400])
def test_a_report_about_the_future_is_refused(council, admin_user, days_ahead):
    future = timezone.localdate() + datetime.timedelta(days=days_ahead)
    response = client_for(admin_user).post(
        reverse("improvement:report_create"),
        report_form_data(
            council, current_date=future.isoformat(), meeting_date=(future + datetime.timedelta(30)).isoformat()
        ),
    )
    assert response.status_code == 200
    assert "cannot be after today" in response.content.decode()
    assert not CommitteeReport.objects.filter(title="Progress report").exists()


def test_a_draft_whose_figures_date_is_later_than_the_issue_day_cannot_be_issued(council, admin_user):
    report = council["report"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    CommitteeReport.objects.filter(pk=report.pk).update(current_date=tomorrow)  # e.g. saved before a clock change
    report.refresh_from_db()
    with pytest.raises(Exception, match="after"):
        services.report_issue(report=report, user=admin_user)
    report.refresh_from_db()
    assert not report.is_issued


def test_meeting_before_the_figures_date_is_saved_with_a_warning(council, admin_user):
    response = client_for(admin_user).post(
        reverse("improvement:report_create"), report_form_data(council, meeting_date="2015-08-01"), follow=True
    )
    page = response.content.decode()
    assert CommitteeReport.objects.filter(title="Progress report").exists()
    assert "is before the figures" in page


def test_issued_report_refuses_save_and_delete_at_the_model(issued):
    issued.title = "Changed afterwards"
    with pytest.raises(ReportLocked):
        issued.save()
    with pytest.raises(ReportLocked):
        issued.delete()
    with pytest.raises(ReportLocked):
        CommitteeReport.objects.filter(pk=issued.pk).delete()
    issued.refresh_from_db()
    assert issued.title != "Changed afterwards"


def test_admin_site_cannot_change_or_delete_an_issued_report(issued, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client = client_for(admin_user)
    change_url = reverse("admin:improvement_committeereport_change", args=[issued.pk])
    page = client.get(change_url).content.decode()
    assert 'name="title"' not in page  # read only: no editable field
    client.post(change_url, {"title": "Edited in the admin", "committee": issued.committee_id})
    delete_url = reverse("admin:improvement_committeereport_delete", args=[issued.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:improvement_committeereport_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"})
    issued.refresh_from_db()
    assert issued.title != "Edited in the admin"


def test_withdraw_keeps_the_report_and_shows_who_when_why(issued, admin_user, committee_member):
    response = client_for(admin_user).post(
        reverse("improvement:report_withdraw", args=[issued.pk]), {"reason": "Figures for May were double counted."}
    )
    assert response.status_code == 302
    issued.refresh_from_db()
    assert issued.is_issued and issued.is_withdrawn and issued.withdrawn_by == admin_user
    page = client_for(committee_member).get(issued.get_absolute_url()).content.decode()
    assert "WITHDRAWN" in page and "Figures for May were double counted." in page
    assert admin_user.get_full_name() in page
    listing = client_for(committee_member).get(reverse("improvement:report_list")).content.decode()
    assert "Withdrawn" in listing
    with pytest.raises(ReportLocked):
        issued.delete()


def test_withdrawal_needs_a_reason_and_an_admin(issued, admin_user, committee_member):
    url = reverse("improvement:report_withdraw", args=[issued.pk])
    assert client_for(committee_member).post(url, {"reason": "x"}).status_code == 403
    refused = client_for(admin_user).post(url, {"reason": "  "})
    assert "Say why" in refused.content.decode()
    issued.refresh_from_db()
    assert not issued.is_withdrawn


def test_supersede_links_the_old_report_to_its_correction(issued, admin_user):
    response = client_for(admin_user).post(
        reverse("improvement:report_supersede", args=[issued.pk]), {"reason": "Wrong baseline date."}
    )
    issued.refresh_from_db()
    correction = issued.superseded_by
    assert response["Location"] == correction.get_absolute_url()
    assert not correction.is_issued and correction.meeting_date == issued.meeting_date
    assert list(correction.plans.all()) == list(issued.plans.all())
    page = client_for(admin_user).get(issued.get_absolute_url()).content.decode()
    assert "SUPERSEDED" in page and correction.get_absolute_url() in page and "Wrong baseline date." in page
    with pytest.raises(Exception, match="already been withdrawn"):
        services.report_withdraw(report=issued, user=admin_user, reason="again")


def test_a_withdrawn_report_is_not_the_previous_report(issued, admin_user):
    from improvement.reports.selectors import previous_issued_report

    later = services.report_start_next(
        report=issued, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=issued.current_date
    )
    assert previous_issued_report(later) == issued
    services.report_withdraw(report=issued, user=admin_user, reason="Superseded by events.")
    assert previous_issued_report(later) is None
