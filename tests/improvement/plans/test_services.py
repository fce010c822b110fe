"""Writes: progress updates, completion and verification, returns, overrides, assessments, lost-update refusal,
and evidence checks. Every refusal leaves nothing behind."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.rag import RAG
from improvement.models import Action, PriorityAssessment, ProgressUpdate
from improvement.plans import services
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": str(tmp_path)}},
    }
    return tmp_path


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def update(action, user, **kwargs):
    values = {"status": Action.Status.IN_PROGRESS, "progress": 50, "commentary": "Audits under way in all teams."}
    values.update(kwargs)
    return services.action_update(action=action, user=user, expected_version=action.version, **values)


def test_update_writes_one_progress_update_and_moves_the_action(owned_action, other_manager):
    result = update(owned_action, other_manager, progress=60)
    owned_action.refresh_from_db()
    assert ProgressUpdate.objects.filter(action=owned_action).count() == 1
    assert (owned_action.status, owned_action.progress, owned_action.version) == (Action.Status.IN_PROGRESS, 60, 2)
    assert (result.author, result.commentary, result.rag) == (other_manager, "Audits under way in all teams.", RAG.RED)


def test_committee_member_cannot_update(owned_action, committee_member):
    with pytest.raises(PermissionDenied):
        update(owned_action, committee_member)
    assert not ProgressUpdate.objects.exists()


def test_manager_who_neither_owns_nor_leads_cannot_update(owned_action):
    with pytest.raises(PermissionDenied):
        update(owned_action, factories.ManagerFactory())


def test_blank_commentary_is_rejected_with_what_to_fix(owned_action, other_manager):
    with pytest.raises(ValidationError) as excinfo:
        update(owned_action, other_manager, commentary="  ")
    assert excinfo.value.message_dict["commentary"] == ["Say what has happened since the last update."]


def test_completing_without_evidence_is_refused(owned_action, other_manager):
    with pytest.raises(ValidationError) as excinfo:
        update(owned_action, other_manager, status=Action.Status.COMPLETE)
    assert "Attach evidence" in excinfo.value.message_dict["evidence_file"][0]
    owned_action.refresh_from_db()
    assert owned_action.status == Action.Status.IN_PROGRESS
    assert not ProgressUpdate.objects.exists()


def test_completing_with_a_link_awaits_verification(owned_action, other_manager):
    update(owned_action, other_manager, status=Action.Status.COMPLETE, evidence_link="https://intranet.example/audit")
    owned_action.refresh_from_db()
    assert (owned_action.status, owned_action.progress) == (Action.Status.AWAITING_VERIFICATION, 100)
    assert owned_action.delivery_rag(datetime.date(2026, 10, 1)) != RAG.BLUE


def test_completing_with_a_pdf_stores_it_privately(owned_action, other_manager, private_storage):
    upload = SimpleUploadedFile("../../Audit report (final).pdf", PDF, content_type="application/pdf")
    result = update(owned_action, other_manager, status=Action.Status.COMPLETE, evidence_file=upload)
    assert result.evidence_name == "Audit_report_final.pdf"
    assert result.evidence_file.name.startswith("evidence/")
    assert [p.name for p in stored_files(private_storage)] == [result.evidence_file.name.rsplit("/", 1)[-1]]


def test_withdrawing_is_for_the_priority_lead_not_the_owner(owned_action, other_manager, manager):
    with pytest.raises(ValidationError):
        update(owned_action, other_manager, status=Action.Status.WITHDRAWN)
    update(owned_action, manager, status=Action.Status.WITHDRAWN, commentary="Superseded by action 2.3.")
    owned_action.refresh_from_db()
    assert owned_action.delivery_rag(datetime.date(2026, 11, 22)) is None


@pytest.mark.parametrize(
    ("name", "content", "code_word"),
    [
        ("big.pdf", PDF + b"0" * 2048, "at most"),
        ("macro.exe", b"MZ\x90\x00", "not a type of file"),
        ("report.docm", b"PK\x03\x04", "not a type of file"),
        ("invoice.pdf", b"MZ\x90\x00 this is really a program", "its contents are not a .pdf file"),
        ("notes.txt", b"\x7fELF\x02\x01\x01", "its contents are not a .txt file"),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip", "its contents are not a .xlsx file"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_saved(
    settings, owned_action, other_manager, private_storage, name, content, code_word
):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as excinfo:
        update(owned_action, other_manager, evidence_file=SimpleUploadedFile(name, content))
    assert code_word in excinfo.value.message_dict["evidence_file"][0]
    owned_action.refresh_from_db()
    assert owned_action.version == 1
    assert not ProgressUpdate.objects.exists()
    assert stored_files(private_storage) == []


def test_genuine_office_file_is_accepted(owned_action, other_manager):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    result = update(owned_action, other_manager, evidence_file=SimpleUploadedFile("tracker.xlsx", buffer.getvalue()))
    assert result.evidence_name == "tracker.xlsx"


def test_second_save_from_the_same_version_is_refused_and_nothing_lost(owned_action, other_manager, manager):
    seen_by_both = owned_action.version
    first = Action.objects.get(pk=owned_action.pk)
    second = Action.objects.get(pk=owned_action.pk)
    services.action_update(
        action=first,
        user=other_manager,
        status="in_progress",
        progress=70,
        commentary="First",
        expected_version=seen_by_both,
    )
    with pytest.raises(services.ActionChanged) as excinfo:
        services.action_update(
            action=second,
            user=manager,
            status="in_progress",
            progress=10,
            commentary="Second",
            expected_version=seen_by_both,
        )
    assert excinfo.value.action.progress == 70
    assert excinfo.value.action.version == seen_by_both + 1
    assert list(ProgressUpdate.objects.values_list("commentary", flat=True)) == ["First"]


def awaiting(action, owner):
    update(action, owner, status=Action.Status.COMPLETE, evidence_link="https://intranet.example/evidence")
    action.refresh_from_db()
    return action


def test_owner_cannot_verify_own_action(owned_action, other_manager):
    action = awaiting(owned_action, other_manager)
    with pytest.raises(PermissionDenied, match="someone else"):
        services.action_verify(action=action, user=other_manager)
    action.refresh_from_db()
    assert action.status == Action.Status.AWAITING_VERIFICATION


def test_admin_who_owns_the_action_cannot_verify_it(owned_action, admin_user):
    owned_action.owner = admin_user
    owned_action.save()
    action = awaiting(owned_action, admin_user)
    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, user=admin_user)


def test_priority_lead_verifies_complete_and_blue(owned_action, other_manager, manager):
    action = awaiting(owned_action, other_manager)
    services.action_verify(action=action, user=manager)
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETE
    assert action.completed_date is not None
    assert action.verified_by == manager
    assert action.delivery_rag(datetime.date(2027, 6, 1)) == RAG.BLUE
    assert ProgressUpdate.objects.filter(action=action, kind=ProgressUpdate.Kind.VERIFIED).count() == 1


def test_manager_not_leading_cannot_verify(owned_action, other_manager):
    action = awaiting(owned_action, other_manager)
    with pytest.raises(PermissionDenied):
        services.action_verify(action=action, user=factories.ManagerFactory())


def test_only_awaiting_actions_can_be_verified(owned_action, manager):
    with pytest.raises(ValidationError):
        services.action_verify(action=owned_action, user=manager)


def test_return_needs_a_reason_and_reopens(owned_action, other_manager, manager):
    action = awaiting(owned_action, other_manager)
    with pytest.raises(ValidationError):
        services.action_return(action=action, user=manager, reason=" ")
    services.action_return(action=action, user=manager, reason="The audit covers only two of five teams.")
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    returned = ProgressUpdate.objects.get(action=action, kind=ProgressUpdate.Kind.RETURNED)
    assert returned.commentary == "The audit covers only two of five teams."


def test_override_without_reason_is_refused(owned_action, manager):
    with pytest.raises(ValidationError) as excinfo:
        services.action_set_override(action=owned_action, user=manager, rag=RAG.AMBER, reason="", expected_version=1)
    assert "reason" in excinfo.value.message_dict["rag_override_reason"][0]
    owned_action.refresh_from_db()
    assert (owned_action.rag_override, owned_action.version) == ("", 1)


def test_override_to_an_unknown_colour_is_refused_and_keeps_the_version(owned_action, manager):
    with pytest.raises(ValidationError) as excinfo:
        services.action_set_override(action=owned_action, user=manager, rag="purple", reason="x", expected_version=1)
    assert "rag_override" in excinfo.value.message_dict
    owned_action.refresh_from_db()
    assert (owned_action.rag_override, owned_action.version) == ("", 1)


def test_override_by_lead_is_shown_with_its_reason(owned_action, manager):
    services.action_set_override(
        action=owned_action, user=manager, rag=RAG.AMBER, reason="New date agreed", expected_version=1
    )
    owned_action.refresh_from_db()
    assert owned_action.delivery_rag(datetime.date(2026, 11, 22)) == RAG.AMBER
    assert owned_action.assess(datetime.date(2026, 11, 22)).computed_rag == RAG.RED


def test_owner_cannot_override(owned_action, other_manager):
    with pytest.raises(PermissionDenied):
        services.action_set_override(action=owned_action, user=other_manager, rag="", reason="", expected_version=1)


def test_assessment_by_lead_only(priority, manager, other_manager):
    with pytest.raises(PermissionDenied):
        services.priority_assess(priority=priority, user=other_manager, rag=RAG.RED, commentary="Slipping")
    with pytest.raises(ValidationError):
        services.priority_assess(priority=priority, user=manager, rag=RAG.RED, commentary="")
    services.priority_assess(priority=priority, user=manager, rag=RAG.RED, commentary="Recruitment has stalled.")
    assert PriorityAssessment.objects.get().assessed_by == manager
