"""Fixtures shared by the whole suite: one user per role, and a logged-in client for each.

Role users follow CONVENTIONS.md: admin, manager who owns, manager who does not, committee member, anonymous.
"""

import os

import pytest
from hypothesis import HealthCheck, settings
from pytest_django.plugin import blocking_manager_key

from tests import factories
from tests.roles_state import empties_database, record_roles, restore_catalogue, restore_roles

# CI (CI=true, as .ci/run sets it) runs every property test on the same examples, so a run that lands is one anyone
# can repeat; on a developer's machine each run explores new examples and remembers failures in .hypothesis/. Time
# limits per example are off there: CI machines are shared, and a slow example is not a wrong one.
settings.register_profile(
    "ci", derandomize=True, print_blob=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as the migrations left it; the roles are recorded to be put back after emptying."""
    with django_db_blocker.unblock():
        record_roles()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that empties the database (its own teardown does that), put the role groups and the shipped
    indicator catalogue back."""
    result = yield
    # With no next test, the session's teardown has just removed the test database: nothing to put back.
    if nextitem is not None and empties_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            restore_roles()
            restore_catalogue()
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers make each factory-made user cost about a quarter of a second; hashing strength is not under
    test anywhere except the password validators, which do not hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no rendered page cached in this process (core.versions): a test rolled back leaves the
    data version where it was, and a test that changes a rule's constant must not be shown a page made before."""
    from django.core.cache import caches

    from core.context_processors import _links

    caches["pages"].clear()
    _links.cache_clear()  # navigation links, reversed once per role and urlconf


@pytest.fixture
def admin_user(db):
    return factories.AdminFactory(username="test-admin")


@pytest.fixture
def manager(db):
    return factories.ManagerFactory(username="test-manager")


@pytest.fixture
def other_manager(db):
    return factories.ManagerFactory(username="test-other-manager")


@pytest.fixture
def committee_member(db):
    return factories.CommitteeMemberFactory(username="test-committee")


@pytest.fixture
def admin_client(admin_user, client):
    client.force_login(admin_user)
    return client


@pytest.fixture
def manager_client(manager, client):
    client.force_login(manager)
    return client


@pytest.fixture
def other_manager_client(other_manager, client):
    client.force_login(other_manager)
    return client


@pytest.fixture
def committee_client(committee_member, client):
    client.force_login(committee_member)
    return client


@pytest.fixture
def demo(db):
    """The demo council of `load_demo`, loaded as at today; returns the load's summary (`demo.today`).

    Demo users sign in with "demo-password".
    """
    from demo.loader import load_demo

    return load_demo()
