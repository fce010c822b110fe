"""Writes to plans, priorities and actions. Every change goes through one of these functions.

Each is keyword-only, checks who is asking (PermissionDenied), validates (ValidationError with a message that
says what to fix) and writes in one transaction, so a refused change leaves nothing behind.

Changes to an action are guarded by its `version` (optimistic locking): the caller passes the version the user
saw; if someone else saved in between, `ActionChanged` is raised carrying the action as it now is, and nothing
is written.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core import asat
from core.rag import RAG
from improvement import access
from improvement.models import Action, Priority, PriorityAssessment, ProgressUpdate
from improvement.plans.evidence import safe_name, validate_evidence_file


class ActionChanged(Exception):
    """Someone else saved the action after the user loaded it; `action` is the action as it now stands."""

    def __init__(self, action: Action):
        self.action = action
        super().__init__(f"Action {action.reference} was changed by someone else.")


# Statuses a user chooses in an update. "Complete" is a request: the action waits for verification.
UPDATE_STATUSES = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS, Action.Status.COMPLETE)


def take_version(action_pk: int, expected_version: int) -> bool:
    """Move the action to its next version if it is still at `expected_version`; False if someone saved since.

    The conditional UPDATE is atomic in the database, so of two saves from the same version exactly one wins.
    Every write path to an action (these services and the admin site) goes through it."""
    return bool(Action.objects.filter(pk=action_pk, version=expected_version).update(version=F("version") + 1))


def _claim(action: Action, expected_version: int) -> None:
    """Take the action's next version, or raise ActionChanged if it has moved on since `expected_version`."""
    claimed = take_version(action.pk, expected_version)
    latest = Action.objects.select_related("priority__plan", "priority__lead", "owner").get(pk=action.pk)
    if not claimed:
        raise ActionChanged(latest)
    for field in ("status", "progress", "completed_date", "rag_override", "rag_override_reason", "version"):
        setattr(action, field, getattr(latest, field))


def _save(action: Action, user) -> None:
    """Validate and save an action, recording `user` as the author of the change in its history."""
    setattr(action, "_history_user", user)  # noqa: B010 - read by simple_history, not a declared attribute
    action.full_clean()
    action.save()


def _timeline_entry(action: Action, user, kind: str, commentary: str, **fields) -> ProgressUpdate:
    """The ProgressUpdate that records the action's new state (and its colour today) on its timeline."""
    values = {"rag": action.delivery_rag(asat.today()) or "", **fields}
    return ProgressUpdate(
        action=action,
        author=user,
        kind=kind,
        status=action.status,
        progress=action.progress,
        commentary=commentary.strip(),
        **values,
    )


def _has_evidence(action: Action) -> bool:
    return action.updates.exclude(evidence_file="").exists() or action.updates.exclude(evidence_link="").exists()


@transaction.atomic
def action_update(
    *,
    action: Action,
    user,
    status: str,
    progress: int,
    commentary: str,
    evidence_file: UploadedFile | None = None,
    evidence_link: str = "",
    expected_version: int,
) -> ProgressUpdate:
    """Record one progress update; the action's status and progress follow from it.

    Asking for "complete" needs evidence (attached now or earlier) and puts the action in "awaiting
    verification" at 100%. Withdrawing, and changing an action that is already complete or withdrawn, is for
    the priority lead or an admin."""
    if not access.can_edit_action(user, action):
        raise PermissionDenied("Only the action's owner, its priority lead or an admin can update it.")
    errors: dict[str, list[str]] = {}
    may_withdraw = access.can_withdraw_action(user, action)
    if status == Action.Status.WITHDRAWN and not may_withdraw:
        errors["status"] = ["Only the priority lead or an admin can withdraw an action."]
    elif status not in (*UPDATE_STATUSES, Action.Status.WITHDRAWN, Action.Status.AWAITING_VERIFICATION):
        errors["status"] = ["Choose not started, in progress or complete."]
    if not action.is_open and not may_withdraw:
        errors["status"] = [
            f"This action is {action.get_status_display().lower()}; ask the priority lead or an admin to reopen it."
        ]
    if not commentary.strip():
        errors["commentary"] = ["Say what has happened since the last update."]
    if evidence_file is not None:
        try:
            validate_evidence_file(evidence_file)
        except ValidationError as exc:
            errors["evidence_file"] = exc.messages
    completing = status in (Action.Status.COMPLETE, Action.Status.AWAITING_VERIFICATION)
    if completing and not (evidence_file or evidence_link or _has_evidence(action)):
        errors["evidence_file"] = [
            "Attach evidence (a file or a link) to mark the action complete, so that it can be verified."
        ]
    if errors:
        raise ValidationError(errors)

    _claim(action, expected_version)
    if completing:
        status, progress = Action.Status.AWAITING_VERIFICATION, 100
    action.status = status
    action.progress = progress
    if status != Action.Status.COMPLETE:
        action.completed_date = None
    _save(action, user)

    update = _timeline_entry(action, user, ProgressUpdate.Kind.UPDATE, commentary, evidence_link=evidence_link)
    update.full_clean(exclude=["evidence_file"])
    if evidence_file is not None:
        update.evidence_name = safe_name(evidence_file.name or "")
        update.evidence_file.save(update.evidence_name, evidence_file, save=False)
    try:
        update.save()
    except Exception:
        if update.evidence_file:
            update.evidence_file.delete(save=False)
        raise
    return update


@transaction.atomic
def action_verify(*, action: Action, user, expected_version: int | None = None) -> ProgressUpdate:
    """A priority lead or admin who does not own the action confirms it is done: complete (blue), dated today."""
    if action.owner_id == user.pk:
        raise PermissionDenied("You own this action, so someone else (the priority lead or an admin) must verify it.")
    if not access.can_verify_action(user, action):
        raise PermissionDenied("Only the priority lead or an admin can verify an action.")
    if action.status != Action.Status.AWAITING_VERIFICATION:
        raise ValidationError("Only an action awaiting verification can be verified.")
    _claim(action, action.version if expected_version is None else expected_version)
    now = timezone.now()
    action.status = Action.Status.COMPLETE
    action.progress = 100
    action.completed_date = timezone.localdate(now)
    action.verified_by = user
    action.verified_at = now
    _save(action, user)
    update = _timeline_entry(
        action, user, ProgressUpdate.Kind.VERIFIED, "Verified complete.", created_at=now, rag=RAG.BLUE
    )
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def action_return(*, action: Action, user, reason: str, expected_version: int | None = None) -> ProgressUpdate:
    """Send an action awaiting verification back to its owner (in progress), with the reason on its timeline."""
    if not access.can_verify_action(user, action):
        raise PermissionDenied("Only the priority lead or an admin who does not own the action can return it.")
    if action.status != Action.Status.AWAITING_VERIFICATION:
        raise ValidationError("Only an action awaiting verification can be returned.")
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the action is being returned and what is still needed."]})
    _claim(action, action.version if expected_version is None else expected_version)
    action.status = Action.Status.IN_PROGRESS
    action.completed_date = None
    _save(action, user)
    update = _timeline_entry(action, user, ProgressUpdate.Kind.RETURNED, reason)
    update.full_clean()
    update.save()
    return update


@transaction.atomic
def action_set_override(*, action: Action, user, rag: str, reason: str, expected_version: int) -> Action:
    """Set (or, with rag="", clear) a manual colour; a reason is required (Action.clean) and both are shown."""
    if not access.can_lead_priority(user, action.priority):
        raise PermissionDenied("Only the priority lead or an admin can override an action's colour.")
    _claim(action, expected_version)  # rolled back with everything else if full_clean refuses the change
    action.rag_override = rag
    action.rag_override_reason = reason.strip() if rag else ""
    _save(action, user)
    return action


@transaction.atomic
def priority_assess(*, priority: Priority, user, rag: str, commentary: str, date=None) -> PriorityAssessment:
    """Record the lead's own assessment of the priority (dated today unless `date` is given)."""
    if not access.can_lead_priority(user, priority):
        raise PermissionDenied("Only the priority lead or an admin can assess a priority.")
    if not commentary.strip():
        raise ValidationError({"commentary": ["Explain the assessment: what is going well and what is not."]})
    assessment = PriorityAssessment(
        priority=priority,
        rag=rag,
        commentary=commentary.strip(),
        assessed_by=user,
        date=date or asat.today(),
    )
    setattr(assessment, "_history_user", user)  # noqa: B010 - read by simple_history, not a declared attribute
    assessment.full_clean()
    assessment.save()
    return assessment
