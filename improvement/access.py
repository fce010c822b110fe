"""Which objects a role may see and change: the one place object-level rules live.

Which roles may open each URL at all is decided before any view runs, by the door (`core.access`): committee
members send nothing, and a signed-in user with no role sees only the no-role page. Here, within that:

- Admins: everything.
- Managers: change only actions they own or that sit in a priority they lead; verify, return, override and
  assess only in priorities they lead (and never verify their own action); link recommendations only to actions
  in priorities they lead.
- Committee reports: everyone with a role reads issued reports; drafts are working papers a council does not show
  members before they are published, so only admins (who write them) open a draft; for anyone else a draft does
  not exist (404).

A writer asking for an object outside their reach gets 404, so the URL does not reveal what it guards.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404

from core.access import WRITERS
from core.roles import is_admin, is_manager, require_admin, role_name
from improvement.models import Action, CommitteeReport, Priority


def can_write(user) -> bool:
    """Holds a role that changes anything at all (the door's writers: committee members never do)."""
    return role_name(user) in WRITERS


def can_lead_priority(user, priority: Priority) -> bool:
    return is_admin(user) or (is_manager(user) and priority.lead_id == user.pk)


def can_edit_action(user, action: Action) -> bool:
    """Record progress on the action: its owner, its priority's lead, or an admin."""
    return is_admin(user) or (is_manager(user) and user.pk in (action.owner_id, action.priority.lead_id))


def can_verify_action(user, action: Action) -> bool:
    """Verify or return a completed action: a priority lead or admin who is not its owner."""
    return action.owner_id != user.pk and can_lead_priority(user, action.priority)


def can_withdraw_action(user, action: Action) -> bool:
    """Withdrawing takes an action out of every total, so it is a lead's or admin's decision, not the owner's."""
    return can_lead_priority(user, action.priority)


@dataclass(frozen=True)
class ActionPermissions:
    """What the action page offers `user`: each write only on the live page (never on an "as at" page)."""

    edit: bool
    verify: bool
    override: bool
    # The owner looking at their own action that waits for someone else to verify it.
    awaiting_own_verification: bool


def action_permissions(user, action: Action, *, live: bool) -> ActionPermissions:
    awaiting = action.status == Action.Status.AWAITING_VERIFICATION
    return ActionPermissions(
        edit=live and can_edit_action(user, action),
        verify=live and awaiting and can_verify_action(user, action),
        override=live and can_lead_priority(user, action.priority),
        awaiting_own_verification=awaiting and action.owner_id == user.pk,
    )


def get_action_for_user(user, pk: int, *, write: bool = False) -> Action:
    """The action, if `user` may see it (write=False) or change it (write=True); else 403 or 404."""
    try:
        action = Action.objects.select_related("priority__plan", "priority__lead", "owner").get(pk=pk)
    except Action.DoesNotExist:
        raise Http404("No such action.") from None
    if write and not can_edit_action(user, action):
        raise Http404("No such action.")
    return action


def get_priority_for_user(user, pk: int, *, write: bool = False) -> Priority:
    """The priority, if `user` may see it (write=False) or lead it (write=True); else 403 or 404."""
    try:
        priority = Priority.objects.select_related("plan", "lead").get(pk=pk)
    except Priority.DoesNotExist:
        raise Http404("No such priority.") from None
    if write and not can_lead_priority(user, priority):
        raise Http404("No such priority.")
    return priority


def visible_reports(user):
    reports = CommitteeReport.objects.select_related("committee", "issued_by", "author")
    if is_admin(user):
        return reports
    return reports.filter(status=CommitteeReport.Status.ISSUED)


def get_report_for_user(user, pk: int, *, write: bool = False) -> CommitteeReport:
    """The report, if `user` may see it (write=False) or change it (write=True, admins only); else 403 or 404."""
    if write:
        require_admin(user)
    report = get_object_or_404(
        CommitteeReport.objects.select_related("committee", "issued_by", "author", "withdrawn_by", "superseded_by"),
        pk=pk,
    )
    if not report.is_issued and not is_admin(user):
        raise Http404("No such report.")
    return report
