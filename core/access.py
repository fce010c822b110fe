"""The one door: which role may read and which may change through each URL, deny by default.

`DOORS` names every URL of the site (by its namespaced URL name) with the roles that may GET it and the roles that
may send it anything else (POST, PUT, PATCH, DELETE). `AccessMiddleware` checks every request against it before
any view runs:

- a URL not in `DOORS` is refused (403) to everyone, so a new page that forgets to declare its door is closed,
  not open (the access matrix in tests/security/test_access_matrix.py also fails until it has a rule);
- a signed-in user with no role sees only a page saying so (403), whatever they ask for;
- a deactivated user is not signed in at all (Django's backend refuses inactive users), so is sent to sign in;
- the admin site keeps its own door (staff only), and only writers may send it anything.

Which *objects* a role may change (a manager changes only the actions they own or whose priority they lead; drafts
are for admins) is decided after this, in `improvement.access`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.roles import Role, role_name

if TYPE_CHECKING:
    from core.roles import AnyUser

ALL_ROLES = frozenset(Role.ALL)
WRITERS = frozenset({Role.ADMIN, Role.MANAGER})
ADMINS = frozenset({Role.ADMIN})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class Door:
    read: frozenset[str] = frozenset()  # roles that may GET
    write: frozenset[str] = frozenset()  # roles that may POST, PUT, PATCH or DELETE
    public: bool = False  # open to everyone, signed in or not (signing in and out, the health check)


PUBLIC = Door(public=True)
# Readable by every role; anything sent to it only from admins and managers (the view then checks the object).
READ = Door(read=ALL_ROLES, write=WRITERS)
FOR_WRITERS = Door(read=WRITERS, write=WRITERS)
FOR_ADMINS = Door(read=ADMINS, write=ADMINS)

DOORS: dict[str, Door] = {
    "login": PUBLIC,
    "logout": PUBLIC,
    "healthz": PUBLIC,
    "home": READ,
    # inspections
    "inspections:inspection_list": READ,
    "inspections:inspection_detail": READ,
    "inspections:judgements_edit": FOR_ADMINS,
    "inspections:report_import": FOR_ADMINS,
    "inspections:recommendation_detail": READ,
    # performance
    "performance:indicator_list": READ,
    "performance:indicator_detail": READ,
    "performance:entry": FOR_ADMINS,
    "performance:import": FOR_ADMINS,
    "performance:import_commit": FOR_ADMINS,
    "performance:import_mapping": FOR_ADMINS,
    "performance:change_table": READ,
    "performance:comparison": READ,
    # improvement: plans, priorities, actions, evidence
    "improvement:plan_list": READ,
    "improvement:plan_detail": READ,
    "improvement:priority_detail": READ,
    "improvement:priority_assess": READ,
    "improvement:action_list": READ,
    "improvement:my_actions": FOR_WRITERS,
    "improvement:action_detail": READ,
    "improvement:action_update": READ,
    "improvement:action_verify": READ,
    "improvement:action_return": READ,
    "improvement:action_override": READ,
    "improvement:evidence_download": READ,
    "improvement:rag_rules": READ,  # how every colour is decided (linked from every page's footer)
    # improvement: recommendation tracker
    "improvement:recommendation_list": READ,
    "improvement:recommendation_detail": READ,
    "improvement:recommendation_link_action": READ,
    "improvement:recommendation_unlink_action": READ,
    "improvement:recommendation_relate": FOR_ADMINS,
    "improvement:recommendation_unrelate": FOR_ADMINS,
    "improvement:action_recommendations": FOR_WRITERS,
    "improvement:action_link_recommendation": READ,
    "improvement:action_unlink_recommendation": READ,
    # improvement: a plan's budget, assurance ratings and risk register (read by every role, changed by admins)
    "improvement:plan_governance": READ,
    "improvement:budget_line_create": FOR_ADMINS,
    "improvement:budget_line_update": FOR_ADMINS,
    "improvement:assurance_rating_create": FOR_ADMINS,
    "improvement:risk_create": FOR_ADMINS,
    "improvement:risk_update": FOR_ADMINS,
    # improvement: committee reports
    "improvement:report_list": READ,
    "improvement:report_create": FOR_ADMINS,
    "improvement:report_detail": READ,
    "improvement:report_update": FOR_ADMINS,
    "improvement:report_issue": FOR_ADMINS,
    "improvement:report_withdraw": FOR_ADMINS,
    "improvement:report_supersede": FOR_ADMINS,
    "improvement:report_start_next": FOR_ADMINS,
    "improvement:report_compare": READ,
    "improvement:report_pdf": READ,
}

NO_ROLE_MESSAGE = (
    "Your account has no role yet. Ask an administrator to add you to the Admin, Manager or Committee member group."
)


# The admin site checks staff status itself (and sends anyone else to its sign-in); only writers send it anything.
ADMIN_SITE = Door(public=True)


def door_for(view_name: str, namespaces: list[str]) -> Door | None:
    """The door of a resolved URL, or None: no door, no entry."""
    if namespaces[:1] == ["admin"]:
        return ADMIN_SITE
    return DOORS.get(view_name)


def may_read(user: AnyUser, view_name: str) -> bool:
    """Whether `user` may open the page named `view_name` (for navigation links)."""
    return role_may_read(role_name(user), view_name)


def role_may_read(role: str, view_name: str) -> bool:
    """Whether a user with `role` (a `core.roles.Role`, or "No role") may open the page named `view_name`."""
    door = DOORS.get(view_name)
    return door is not None and (door.public or role in door.read)


def check(user: AnyUser, method: str, view_name: str, namespaces: list[str]) -> None:
    """Raise PermissionDenied unless `user` may send `method` to the URL named `view_name`."""
    door = door_for(view_name, namespaces)
    if door is None:
        raise PermissionDenied("This page has no access rule, so it is closed.")
    if door is ADMIN_SITE:
        if user.is_authenticated and method not in SAFE_METHODS and role_name(user) not in WRITERS:
            raise PermissionDenied("Your role can read pages but not change anything.")
        return
    if door.public:
        return
    role = role_name(user)
    if role not in ALL_ROLES:
        raise NoRole(NO_ROLE_MESSAGE)
    allowed = door.read if method in SAFE_METHODS else door.write
    if role not in allowed:
        if method in SAFE_METHODS:
            raise PermissionDenied("This page is not open to your role.")
        raise PermissionDenied("Your role can read pages but not change anything.")


class NoRole(PermissionDenied):
    """A signed-in user without a role: shown the no-role page, never any data."""


class AccessMiddleware:
    """Runs `check` for every resolved URL, after sign-in is required (LoginRequiredMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        # Django calls process_view only after resolving the URL, so resolver_match is set here.
        match = request.resolver_match
        if match is None:
            raise PermissionDenied("This page has no access rule, so it is closed.")
        try:
            # A request without a method (only a hand-built HttpRequest) is held to the write rule.
            check(request.user, request.method or "", match.view_name, match.namespaces)
        except NoRole:
            return render(request, "errors/no_role.html", {"message": NO_ROLE_MESSAGE}, status=403)
        return None
