"""Who may see and change plans, priorities and actions: the one place object-level rules live.

- Admins: everything.
- Managers: read everything; change only actions they own or that sit in a priority they lead; verify, return,
  override and assess only in priorities they lead (and never verify their own action).
- Committee members: read everything, change nothing (403).
- Anyone else logged in: nothing (403).

A writer asking for an object outside their reach gets 404, so the URL does not reveal what it guards.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.roles import Role, is_admin, is_manager, role_name
from improvement.models import Action, Priority


def can_read(user) -> bool:
    return role_name(user) in Role.ALL


def can_write(user) -> bool:
    """Holds a role that changes anything at all (committee members never do)."""
    return is_admin(user) or is_manager(user)


def require_read(user) -> None:
    if not can_read(user):
        raise PermissionDenied("Your account has no role yet; ask an administrator to give you one.")


def require_write(user) -> None:
    require_read(user)
    if not can_write(user):
        raise PermissionDenied("Committee members can read plans but not change them.")


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


def get_action_for_user(user, pk: int, *, write: bool = False) -> Action:
    """The action, if `user` may see it (write=False) or change it (write=True); else 403 or 404."""
    require_write(user) if write else require_read(user)
    try:
        action = Action.objects.select_related("priority__plan", "priority__lead", "owner").get(pk=pk)
    except Action.DoesNotExist:
        raise Http404("No such action.") from None
    if write and not can_edit_action(user, action):
        raise Http404("No such action.")
    return action


def get_priority_for_user(user, pk: int, *, write: bool = False) -> Priority:
    """The priority, if `user` may see it (write=False) or lead it (write=True); else 403 or 404."""
    require_write(user) if write else require_read(user)
    try:
        priority = Priority.objects.select_related("plan", "lead").get(pk=pk)
    except Priority.DoesNotExist:
        raise Http404("No such priority.") from None
    if write and not can_lead_priority(user, priority):
        raise Http404("No such priority.")
    return priority
