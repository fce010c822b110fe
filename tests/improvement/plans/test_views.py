"""Every plan/priority/action view as admin, owner, priority lead, other manager, committee member, anonymous;
htmx in-place updates; exports; evidence downloads; as-at labels and bad dates."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvement.models import Action, ProgressUpdate
from tests import factories
from tests.clients import client_for

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }


def post_update(client, action, headers=None, **extra):
    prefix = f"action-{action.pk}-"
    data = {
        "status": "in_progress",
        "progress": "45",
        "commentary": "Weekly audits now in place.",
        "version": action.version,
        "return_to": "mine",
    }
    data.update(extra)
    return client.post(
        reverse("improvement:action_update", args=[action.pk]),
        {prefix + k: v for k, v in data.items()},
        headers=headers or {},
    )


READ_PAGES = ["plan_list", "plan_detail", "priority_detail", "action_list", "action_detail"]


def url_for(name, action):
    args = {
        "plan_detail": [action.priority.plan_id],
        "priority_detail": [action.priority_id],
        "action_detail": [action.pk],
    }
    return reverse(f"improvement:{name}", args=args.get(name, []))


@pytest.mark.parametrize("name", READ_PAGES)
def test_anonymous_is_sent_to_login(client, owned_action, name):
    response = client.get(url_for(name, owned_action))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", READ_PAGES)
def test_committee_member_reads_every_page_without_edit_controls(committee_client, owned_action, name):
    response = committee_client.get(url_for(name, owned_action))
    assert response.status_code == 200
    assert b"Save update" not in response.content
    assert b"Override the colour" not in response.content


def test_user_without_role_is_refused(client, owned_action):
    client.force_login(factories.UserFactory())
    assert client.get(url_for("action_detail", owned_action)).status_code == 403


def test_committee_member_has_no_my_actions(committee_client):
    assert committee_client.get(reverse("improvement:my_actions")).status_code == 403


@pytest.mark.parametrize("name", ["action_update", "action_verify", "action_return", "action_override"])
def test_committee_member_post_is_forbidden(committee_client, owned_action, name):
    response = committee_client.post(reverse(f"improvement:{name}", args=[owned_action.pk]), {})
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_committee_member_cannot_assess(committee_client, priority):
    response = committee_client.post(reverse("improvement:priority_assess", args=[priority.pk]), {})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["action_update", "action_verify", "action_return", "action_override"])
def test_manager_outside_the_action_gets_404(client, owned_action, name):
    client.force_login(factories.ManagerFactory())
    assert client.post(reverse(f"improvement:{name}", args=[owned_action.pk]), {}).status_code == 404


def test_manager_not_leading_cannot_assess(other_manager_client, priority):
    assert other_manager_client.post(reverse("improvement:priority_assess", args=[priority.pk]), {}).status_code == 404


def test_get_on_a_write_url_is_not_allowed(other_manager_client, owned_action):
    assert other_manager_client.get(reverse("improvement:action_update", args=[owned_action.pk])).status_code == 405


def test_owner_sees_form_on_action_page_but_no_override(other_manager_client, owned_action):
    page = other_manager_client.get(url_for("action_detail", owned_action)).content.decode()
    assert "Record progress" in page
    assert "Override the colour" not in page


def test_lead_sees_override_and_admin_sees_history(manager, admin_user, owned_action):
    manager_client, admin_client = client_for(manager), client_for(admin_user)
    assert b"Override the colour" in manager_client.get(url_for("action_detail", owned_action)).content
    assert b"Change history" not in manager_client.get(url_for("action_detail", owned_action)).content
    assert b"Change history" in admin_client.get(url_for("action_detail", owned_action)).content


def test_admin_history_shows_field_before_and_after(admin_client, owned_action, manager):
    from improvement.plans import services

    services.action_set_override(
        action=owned_action, user=manager, rag="amber", reason="Date agreed", expected_version=1
    )
    page = admin_client.get(url_for("action_detail", owned_action)).content.decode()
    assert "<strong>Rag override</strong>: (blank)" in page
    assert "Amber" in page
    assert manager.get_full_name() in page


def test_owner_updates_in_place_with_htmx(other_manager_client, owned_action):
    response = post_update(other_manager_client, owned_action, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<article")
    assert f'id="action-card-{owned_action.pk}"' in body
    assert "Saved." in body
    owned_action.refresh_from_db()
    assert (owned_action.progress, owned_action.version) == (45, 2)


def test_update_without_javascript_redirects_to_my_actions(other_manager_client, owned_action):
    response = post_update(other_manager_client, owned_action)
    assert response.status_code == 302
    assert response["Location"] == reverse("improvement:my_actions")


def test_stale_update_is_refused_and_the_typed_text_shown_back(other_manager_client, owned_action, manager):
    from improvement.plans import services

    services.action_update(
        action=owned_action,
        user=manager,
        status="in_progress",
        progress=80,
        commentary="Lead's note",
        expected_version=1,
    )
    response = post_update(other_manager_client, owned_action, version=1, commentary="My careful paragraph")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Not saved:" in page
    assert "My careful paragraph" in page
    assert "In progress, 80%" in page
    assert ProgressUpdate.objects.count() == 1


def test_disguised_evidence_is_refused_with_message(other_manager_client, owned_action):
    upload = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>")
    response = post_update(other_manager_client, owned_action, evidence_file=upload)
    assert response.status_code == 400
    assert "its contents are not a .pdf file" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_evidence_download_is_an_attachment_for_readers(committee_member, other_manager, owned_action):
    committee_client, other_manager_client = client_for(committee_member), client_for(other_manager)
    post_update(other_manager_client, owned_action, evidence_file=SimpleUploadedFile("audit.pdf", PDF))
    update = ProgressUpdate.objects.get()
    response = committee_client.get(reverse("improvement:evidence_download", args=[update.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_evidence_download_needs_login(client, other_manager_client, owned_action):
    post_update(other_manager_client, owned_action, evidence_file=SimpleUploadedFile("audit.pdf", PDF))
    update = ProgressUpdate.objects.get()
    client.logout()
    assert client.get(reverse("improvement:evidence_download", args=[update.pk])).status_code == 302


def test_lead_verifies_from_the_action_page(manager, other_manager, owned_action):
    manager_client, other_manager_client = client_for(manager), client_for(other_manager)
    post_update(other_manager_client, owned_action, status="complete", evidence_link="https://intranet.example/a")
    owned_action.refresh_from_db()
    assert b"cannot verify it yourself" in other_manager_client.get(url_for("action_detail", owned_action)).content
    assert b"Verify complete" in manager_client.get(url_for("action_detail", owned_action)).content
    response = manager_client.post(
        reverse("improvement:action_verify", args=[owned_action.pk]), {"version": owned_action.version}
    )
    assert response.status_code == 302
    owned_action.refresh_from_db()
    assert owned_action.status == Action.Status.COMPLETE


def test_owner_forging_a_verify_post_is_refused(other_manager_client, owned_action):
    post_update(other_manager_client, owned_action, status="complete", evidence_link="https://intranet.example/a")
    owned_action.refresh_from_db()
    response = other_manager_client.post(
        reverse("improvement:action_verify", args=[owned_action.pk]), {"version": owned_action.version}
    )
    assert response.status_code == 403
    owned_action.refresh_from_db()
    assert owned_action.status == Action.Status.AWAITING_VERIFICATION


def test_return_without_reason_shows_what_to_fix(manager, other_manager, owned_action):
    manager_client, other_manager_client = client_for(manager), client_for(other_manager)
    post_update(other_manager_client, owned_action, status="complete", evidence_link="https://intranet.example/a")
    owned_action.refresh_from_db()
    response = manager_client.post(
        reverse("improvement:action_return", args=[owned_action.pk]), {"reason": "", "version": owned_action.version}
    )
    assert response.status_code == 400
    assert "Say why the action is being returned" in response.content.decode()


def test_lead_records_assessment_and_sees_change(manager_client, priority):
    factories.PriorityAssessmentFactory(priority=priority, rag="amber", date="2026-10-01")
    response = manager_client.post(
        reverse("improvement:priority_assess", args=[priority.pk]), {"rag": "red", "commentary": "Recruitment stalled."}
    )
    assert response.status_code == 302
    page = manager_client.get(reverse("improvement:priority_detail", args=[priority.pk])).content.decode()
    assert "Worse than before" in page


def test_my_actions_lists_most_overdue_first_and_flags_led(manager_client, manager, owned_action, priority):
    own = factories.ActionFactory(
        priority=priority, owner=manager, reference="1.2", start_date=None, due_date="2026-12-31"
    )
    later = factories.ActionFactory(
        priority=priority, owner=manager, reference="1.3", start_date=None, due_date="2027-06-30"
    )
    page = manager_client.get(reverse("improvement:my_actions")).content.decode()
    positions = [page.index(f'id="action-card-{a.pk}"') for a in (owned_action, own, later)]
    assert positions == sorted(positions)
    assert "In a priority you lead" in page


def test_as_at_label_and_bad_date_message(committee_client, owned_action):
    page = committee_client.get(url_for("plan_detail", owned_action) + "?as_at=2026-09-01").content.decode()
    assert "As at 1 September 2026" in page
    response = committee_client.get(url_for("action_detail", owned_action) + "?as_at=2026-02-30")
    assert response.status_code == 200
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    response = committee_client.get(url_for("action_list", owned_action) + "?as_at=2090-01-01")
    assert "cannot be in the future" in response.content.decode()


def test_user_text_is_escaped(committee_client, priority):
    action = factories.ActionFactory(priority=priority, description="<script>alert('x')</script>")
    page = committee_client.get(url_for("action_detail", action)).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_action_list_filters_by_colour_and_exports_computed_columns(committee_client, owned_action, priority):
    green = factories.ActionFactory(
        priority=priority, reference="1.9", start_date=None, due_date="2099-01-01", description="=HYPERLINK(1)"
    )
    url = reverse("improvement:action_list") + f"?plan={priority.plan_id}&as_at=2026-11-20"
    page = committee_client.get(url + "&rag=red").content.decode()
    assert owned_action.description in page and green.description not in page
    rows = list(csv.reader(io.StringIO(committee_client.get(url + "&_export=csv").content.decode("utf-8-sig"))))
    assert rows[0][:10] == [
        "Ref",
        "Action",
        "Plan",
        "Priority",
        "Owner",
        "Due",
        "Status",
        "Progress",
        "RAG",
        "Days overdue",
    ]
    assert rows[0][10:] == ["Why this colour"]
    # The reference names the plan outside it (issue 12 item 9): "IP0 1.1".
    by_ref = {r[0].split(" ")[-1]: r for r in rows[1:]}
    assert {r[0] for r in rows[1:]} == {f"{priority.plan.short_label} 1.1", f"{priority.plan.short_label} 1.9"}
    assert by_ref["1.1"][8:10] == ["Red", "20"]
    assert "20 days overdue" in by_ref["1.1"][10]
    assert by_ref["1.9"][8:] == ["Green", "0", ""]
    assert by_ref["1.9"][1] == "'=HYPERLINK(1)"
    workbook = openpyxl.load_workbook(io.BytesIO(committee_client.get(url + "&overdue=on&_export=xlsx").content))
    sheet_rows = list(workbook.active.iter_rows(values_only=True))
    assert [r[0] for r in sheet_rows[1:]] == [f"{priority.plan.short_label} 1.1"]
    assert sheet_rows[1][8:10] == ("Red", 20)


def test_plan_list_export(committee_client, owned_action):
    rows = list(
        csv.reader(
            io.StringIO(
                committee_client.get(
                    reverse("improvement:plan_list") + "?as_at=2026-11-20&_export=csv"
                ).content.decode()
            )
        )
    )
    assert rows[0][4:] == ["RAG", "Red", "Amber", "Green", "Complete"]
    assert rows[1][4:] == ["Red", "1", "0", "0", "0"]


def test_action_list_sorts_by_colour_across_pages(admin_client):
    from tests.factories import ActionFactory, PriorityFactory

    priority = PriorityFactory()
    for n in range(60):  # more than one page of 50
        overdue = n % 3 == 0
        ActionFactory(
            priority=priority,
            reference=f"R{n:02d}",
            start_date=datetime.date(2026, 1, 1),
            due_date=datetime.date(2026, 6, 30) if overdue else datetime.date(2027, 6, 30),
            progress=50,
        )
    url = reverse("improvement:action_list") + "?as_at=2026-11-22&sort=rag"

    def body(response):
        html = response.content.decode()
        return html[html.index("<tbody") : html.index("</tbody>")]

    first = body(admin_client.get(url))
    assert first.count(">Red<") == 20  # every red action sorts onto the first page
    second = body(admin_client.get(url + "&page=2"))
    assert ">Red<" not in second
    assert second.count("<tr") == 10


def test_override_without_a_reason_is_shown_against_the_reason_field(manager_client, owned_action):
    response = manager_client.post(
        reverse("improvement:action_override", args=[owned_action.pk]),
        {"rag_override": "amber", "rag_override_reason": " ", "version": owned_action.version},
    )
    assert response.status_code == 400
    assert response.context["override_form"].errors["rag_override_reason"] == [
        "Give a reason for overriding the computed colour."
    ]
    owned_action.refresh_from_db()
    assert owned_action.rag_override == ""
