"""Who may do what. Three roles, held as groups created by a migration (core/migrations/0002_roles.py).

Object-level rules (a manager changes only actions they own or in priorities they lead) live beside the models
they guard, in `improvement.access`.
"""

from django.core.exceptions import PermissionDenied


class Role:
    ADMIN = "Admin"
    MANAGER = "Manager"
    COMMITTEE = "Committee member"
    ALL = (ADMIN, MANAGER, COMMITTEE)


def _group_names(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_group_names = cached
    return cached


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.ADMIN in _group_names(user))


def is_manager(user) -> bool:
    return user.is_authenticated and Role.MANAGER in _group_names(user)


def role_name(user) -> str:
    if is_admin(user):
        return Role.ADMIN
    if is_manager(user):
        return Role.MANAGER
    if Role.COMMITTEE in _group_names(user):
        return Role.COMMITTEE
    return "No role"


def require_admin(user) -> None:
    if not is_admin(user):
        raise PermissionDenied("Only administrators can do this.")


def admin_required(view):
    """Decorator: the view is for admins only (403 for everyone else who is logged in)."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapped
