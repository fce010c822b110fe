"""The three roles the roles migration creates, the Django admin's door, and login in front of every page.

The detailed who-may-reach-what matrix, object by object, is in tests/security.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.roles import Role, is_admin, is_manager, role_name
from tests import factories
from tests.roles_state import restore_roles

DOMAIN_APPS = {"inspections", "performance", "improvement"}
# The models of DESIGN.md that people read and edit (operational tables such as reminder logs are no role's).
DOMAIN_MODELS = {
    "inspections": ["inspection", "judgement", "finding", "recommendation"],
    "performance": ["authority", "indicator", "observation", "target"],
    "improvement": [
        "committee",
        "plan",
        "priority",
        "action",
        "progressupdate",
        "priorityassessment",
        "committeereport",
    ],
}
MANAGER_CHANGES = {"improvement.change_action", "improvement.add_progressupdate", "improvement.add_priorityassessment"}
# Pages anyone may open: signing in, and the load balancer's health check (no data, no database).
PUBLIC_URL_NAMES = {"login", "healthz"}


def _codes(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions.select_related("content_type")}


def _model_codes(*actions: str) -> set[str]:
    return {
        f"{app}.{action}_{model}" for app, models in DOMAIN_MODELS.items() for model in models for action in actions
    }


def _granted(role: str) -> set[str]:
    return _codes(Group.objects.get(name=role).permissions.all())


def _writes(codes: set[str]) -> set[str]:
    return {code for code in codes if not code.split(".")[1].startswith("view_")}


@pytest.mark.django_db
def test_the_three_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.ALL)


@pytest.mark.django_db
def test_admin_role_holds_every_domain_and_account_permission():
    granted = _granted(Role.ADMIN)

    assert _model_codes("add", "change", "delete", "view") <= granted
    assert _codes(Permission.objects.filter(content_type__app_label="auth")) <= granted
    # Sessions, the cache and admin log entries are the framework's, not a role's.
    assert {code.split(".")[0] for code in granted} <= DOMAIN_APPS | {"auth"}


@pytest.mark.django_db
def test_manager_role_views_everything_and_changes_only_actions_updates_and_assessments():
    granted = _granted(Role.MANAGER)

    assert _model_codes("view") <= granted
    assert _writes(granted) == MANAGER_CHANGES


@pytest.mark.django_db
def test_committee_role_only_views():
    granted = _granted(Role.COMMITTEE)

    assert _model_codes("view") <= granted
    assert _writes(granted) == set()
    assert {code.split(".")[0] for code in granted} <= DOMAIN_APPS


@pytest.mark.django_db
def test_domain_model_list_matches_the_apps():
    """Every listed model exists (a rename would otherwise leave the role tests checking nothing)."""
    from django.apps import apps

    for app, models in DOMAIN_MODELS.items():
        for model in models:
            apps.get_model(app, model)
    assert len(_model_codes("view")) == sum(len(m) for m in DOMAIN_MODELS.values())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "admin", "manager", "name"),
    [
        (factories.AdminFactory, True, False, Role.ADMIN),
        (factories.ManagerFactory, False, True, Role.MANAGER),
        (factories.CommitteeMemberFactory, False, False, Role.COMMITTEE),
        (factories.UserFactory, False, False, "No role"),
    ],
)
def test_role_helpers_read_group_membership(factory, admin, manager, name):
    user = factory()
    assert (is_admin(user), is_manager(user), role_name(user)) == (admin, manager, name)


@pytest.mark.django_db
def test_model_permissions_follow_the_role():
    admin, manager, committee = (
        factories.AdminFactory(),
        factories.ManagerFactory(),
        factories.CommitteeMemberFactory(),
    )
    assert admin.has_perm("performance.add_observation")
    assert admin.has_perm("auth.change_user")
    assert manager.has_perm("improvement.change_action")
    assert not manager.has_perm("improvement.delete_action")
    assert not manager.has_perm("performance.add_observation")
    assert committee.has_perm("improvement.view_action")
    assert not committee.has_perm("improvement.change_action")
    assert not committee.has_perm("improvement.add_progressupdate")


def test_admin_site_open_to_admin(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("user_client", ["manager_client", "committee_client"])
def test_admin_site_refuses_manager_and_committee_member(user_client, request):
    client = request.getfixturevalue(user_client)
    response = client.get(reverse("admin:index"))
    # Django's admin sends a signed-in non-staff user to its own login page, saying the account cannot enter.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    follow = client.get(response["Location"])
    assert "not authorized to access this page" in follow.content.decode()


@pytest.mark.parametrize("page", ["admin:index", "admin:improvement_action_changelist", "admin:auth_user_changelist"])
def test_admin_site_sends_anonymous_to_login(client, db, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert "next=" in response["Location"]


# Sample values for path converters: the login check runs before the view looks anything up.
CONVERTER_SAMPLES = {"int": "1", "slug": "sample", "str": "sample", "path": "sample/file.pdf", "uuid": "0" * 32}


def _walk(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        route = str(entry.pattern)
        if not hasattr(entry.pattern, "converters"):
            continue  # regex patterns (the admin's catch-alls) are covered by the admin tests above
        sample = re.sub(
            r"<(?:(\w+):)?\w+>",
            lambda m: CONVERTER_SAMPLES.get(m.group(1) or "str", "sample"),
            route,
        )
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin":
                continue
            yield from _walk(entry.url_patterns, prefix + sample, child_namespace)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", "/" + prefix + sample, entry.callback


ALL_PAGES = sorted(
    {
        (name, path)
        for name, path, _ in _walk(get_resolver().url_patterns)
        if name.split(":")[-1] not in PUBLIC_URL_NAMES
    }
)


def test_only_the_login_page_and_health_check_skip_login():
    exempt = {
        name.split(":")[-1]
        for name, _, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "login_required", True) is False
    }
    assert exempt == PUBLIC_URL_NAMES


def test_every_page_is_found_by_the_walk():
    names = {name for name, _ in ALL_PAGES}
    assert "home" in names
    assert len(ALL_PAGES) >= 5


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_anonymous_is_sent_to_login_from_every_page(client, db, name, path):
    response = client.get(path)
    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code} to an anonymous visitor"
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(("name", "path"), ALL_PAGES, ids=[name for name, _ in ALL_PAGES])
def test_anonymous_post_is_sent_to_login_and_changes_nothing(client, db, name, path):
    response = client.post(path, {"status": "complete", "progress": "100"})
    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code} to an anonymous POST"
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_roles_are_rebuilt_as_the_migration_made_them_after_the_tables_are_emptied():
    """Tests that empty the database rely on this (tests/roles_state.py) to leave the roles for the next test."""
    before = {role: _granted(role) for role in Role.ALL}
    Group.objects.all().delete()

    restore_roles()

    assert {role: _granted(role) for role in Role.ALL} == before
