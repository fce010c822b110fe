"""Who may do what. Three roles, held as groups created by a migration (core/migrations/0001_roles_and_cache.py).

Object-level rules (a manager changes only actions they own or in priorities they lead) live beside the models
they guard, in `improvement.access`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from typing import TypeAlias

    from django.contrib.auth.models import AnonymousUser, User

    # Who `request.user` can be: a signed-in user (the default User model) or the anonymous visitor.
    AnyUser: TypeAlias = User | AnonymousUser


class Role:
    ADMIN = "Admin"
    MANAGER = "Manager"
    COMMITTEE = "Committee member"
    ALL = (ADMIN, MANAGER, COMMITTEE)


def _group_names(user: AnyUser) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    # Cached on the user object for the request, as Django caches permissions (`_perm_cache`).
    cached: frozenset[str] | None = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, "_role_group_names", cached)  # noqa: B010 - not a field of User, so no typed attribute
    return cached


def is_admin(user: AnyUser) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.ADMIN in _group_names(user))


def is_manager(user: AnyUser) -> bool:
    return user.is_authenticated and Role.MANAGER in _group_names(user)


def role_name(user: AnyUser) -> str:
    if is_admin(user):
        return Role.ADMIN
    if is_manager(user):
        return Role.MANAGER
    if Role.COMMITTEE in _group_names(user):
        return Role.COMMITTEE
    return "No role"


def require_admin(user: AnyUser) -> None:
    if not is_admin(user):
        raise PermissionDenied("Only administrators can do this.")
