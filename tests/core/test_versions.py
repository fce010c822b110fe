"""The data version (core.versions): every write by any path changes it, nothing else does, and the dashboard's
cached page follows it."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse

from core import versions
from core.models import DataVersion
from core.versions import data_version
from improvement.models import AssuranceRating, Plan
from performance.models import Observation
from tests import factories
from tests.clients import client_for

pytestmark = pytest.mark.django_db

# Session, user, the user's groups (the role), the data version; the body comes from this process's page cache.
CACHED_DASHBOARD_QUERIES = 4


EXPECTED_TRIGGERS = 2 if connection.vendor == "postgresql" else 3  # PostgreSQL: writes, updates; SQLite: each event


def test_every_table_of_every_watched_model_has_its_triggers():
    tables = versions.watched_tables()
    models = [
        m for label in versions.WATCHED_APPS for m in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    assert {m._meta.db_table for m in models} - set(tables) == {DataVersion._meta.db_table}
    installed = versions.installed_triggers()
    assert {table: installed.get(table, 0) for table in tables} == dict.fromkeys(tables, EXPECTED_TRIGGERS)
    assert DataVersion._meta.db_table not in installed  # its own writes would loop


def test_migrate_drops_the_triggers_first_and_creates_them_again_after_moving_the_version():
    """Before migrating, the triggers go (on PostgreSQL a trigger naming columns stops a column's type from being
    altered, and a table rebuilt by SQLite loses its triggers); after, they are back on every table as it then is,
    and the version has moved, as what the migration wrote was not counted."""
    factories.PlanFactory()
    versions.remove_triggers()
    assert versions.installed_triggers() == {}
    before = data_version()
    Plan.objects.update(name="Written by a data migration")  # not counted: no trigger
    assert data_version() == before
    if connection.vendor == "postgresql":  # an AlterField of a column the auth_user update trigger named
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE auth_user ALTER COLUMN first_name TYPE varchar(160)")
    assert versions.install_triggers() == len(versions.watched_tables())
    assert data_version() != before
    installed = versions.installed_triggers()
    assert set(installed) == set(versions.watched_tables()) and set(installed.values()) == {EXPECTED_TRIGGERS}


def test_a_release_migrated_back_past_the_version_table_leaves_no_trigger_behind():
    versions.remove_triggers()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {DataVersion._meta.db_table}")  # `migrate core 0001`, within this test only
    assert versions.install_triggers() == 0
    assert versions.installed_triggers() == {}
    factories.PlanFactory(name="Saved after the rollback")  # writes go on
    assert Plan.objects.filter(name="Saved after the rollback").exists()


@pytest.mark.django_db(transaction=True)
def test_upgrading_from_the_shared_slots_keeps_counting():
    """A database migrated when the version had 64 shared slots (core 0002) upgrades to a row per connection
    (core 0003) by `migrate` alone, its count kept, and every write goes on moving the version."""
    plan = factories.PlanFactory()
    call_command("migrate", "core", "0002", verbosity=0)
    try:
        assert versions.installed_triggers() == {}  # that release's own code installs its triggers
        Plan.objects.filter(pk=plan.pk).update(name="Saved before the upgrade")
    finally:
        call_command("migrate", "core", verbosity=0)
    before = data_version()
    assert before is not None
    Plan.objects.filter(pk=plan.pk).update(name="Saved after the upgrade")
    assert data_version() not in (None, before)


def test_an_emptied_version_table_never_gives_back_a_version_seen_before():
    """`flush` (restore, load_demo --reset) empties the table, so the sum starts again; a new random epoch keeps
    every version after it apart from every one before."""
    seen = set()
    for n in range(20):
        factories.PlanFactory(name=f"Plan {n}")
        seen.add(data_version())
    DataVersion.objects.all().delete()
    assert data_version() is None  # nothing may be cached until a write is counted
    for n in range(20):
        factories.PlanFactory(name=f"Plan after {n}")
        assert data_version() not in seen


def test_every_write_path_changes_it_and_reads_do_not():
    plan = factories.PlanFactory()
    seen = [data_version()]

    def changed() -> bool:
        seen.append(data_version())
        return seen[-1] != seen[-2]

    assert list(Plan.objects.all()) and not changed()  # a read
    plan.name = "Saved"
    plan.save()
    assert changed()
    Plan.objects.filter(pk=plan.pk).update(name="Updated in bulk")  # no signal, no history row
    assert changed()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE improvement_plan SET name = %s WHERE id = %s", ["Raw SQL", plan.pk])
    assert changed()
    inspection = factories.InspectionFactory()
    assert changed()
    plan.inspections.add(inspection)  # a many-to-many link table
    assert changed()
    indicator = factories.IndicatorFactory()
    authority = factories.AuthorityFactory()
    Observation.objects.bulk_create(
        [Observation(indicator=indicator, authority=authority, period_end=datetime.date(2025, 3, 31), value=1)]
    )
    assert changed()
    Observation.objects.all().delete()
    assert changed()
    AssuranceRating.objects.all().delete()  # a delete of nothing writes nothing
    user = factories.UserFactory()
    assert changed()
    user_logged_in.send(sender=User, request=None, user=user)  # Django stores last_login on every sign-in
    assert not changed()
    user.first_name = "Renamed"
    user.save()
    assert changed()


def test_a_rolled_back_write_leaves_it_as_it_was():
    factories.PlanFactory()
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.PlanFactory()
        assert data_version() != before  # the writing connection sees its own write counted
        raise RuntimeError
    assert data_version() == before


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_after_a_later_one_still_changes_it():
    """The fault of the first design (the newest ids of a few tables): a write given lower ids but committed after a
    write with higher ids left the version where the later-id commit had put it, and a page cached in between was
    shown stale. Two connections: the first writes and holds its transaction open, the second writes and commits,
    the page is read and cached, then the first commits. On SQLite the second writer cannot even begin until the
    first commits (one writer at a time), which is its own answer; the order checked is then the one possible."""
    client = client_for(factories.AdminFactory())
    first = connections.create_connection("default")
    second = connections.create_connection("default")
    try:
        if connection.vendor == "postgresql":
            first.set_autocommit(False)
            _execute(first, "Written first, committed last")
            _execute(second, "Written second, committed first")  # autocommit
            middle = data_version()
            page = _main(client.get(reverse("home")))
            assert "Written second, committed first" in page and "Written first, committed last" not in page
            first.commit()
        else:  # one writer at a time: the first commits before anything else may read or write
            middle = data_version()
            _execute(first, "Written first, committed last")
            _execute(second, "Written second, committed first")
        assert data_version() != middle
        page = _main(client.get(reverse("home")))
        assert "Written first, committed last" in page and "Written second, committed first" in page
    finally:
        first.close()
        second.close()


@pytest.mark.django_db(transaction=True)
def test_two_open_writing_transactions_never_wait_for_each_other():
    """On PostgreSQL each connection adds to its own row, so a writer never waits on another's version row (a shared
    row made a long import hold up other saves, and a transaction that locked a row before writing could deadlock
    with one that had written first). A hundred pairs, each second writer with a lock timeout. On SQLite writers
    never overlap: the second cannot write while the first's transaction is open."""
    plans = [factories.PlanFactory(name=f"Plan {n}") for n in range(2)]
    first = connections.create_connection("default")
    second = connections.create_connection("default")
    try:
        for _ in range(100 if connection.vendor == "postgresql" else 1):
            first.set_autocommit(False)
            second.set_autocommit(False)
            with first.cursor() as cursor:
                cursor.execute("UPDATE improvement_plan SET name = 'First' WHERE id = %s", [plans[0].pk])
            with second.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                    cursor.execute("SELECT id FROM improvement_plan WHERE id = %s FOR UPDATE", [plans[1].pk])
                    cursor.execute("UPDATE improvement_plan SET name = 'Second' WHERE id = %s", [plans[1].pk])
                else:
                    with pytest.raises(OperationalError):
                        cursor.execute("UPDATE improvement_plan SET name = 'Second' WHERE id = %s", [plans[1].pk])
            second.rollback()
            first.rollback()
            first.set_autocommit(True)
            second.set_autocommit(True)
    finally:
        first.close()
        second.close()


def _execute(other, name: str) -> None:
    with other.cursor() as cursor:
        cursor.execute(*_insert_plan(name))


def _main(response) -> str:
    """The page's main content (the header carries each response's own CSRF token)."""
    return _main_of(response.content.decode())


def _main_of(page: str) -> str:
    return page[page.index('<main id="main"') : page.index("</main>")]


def _insert_plan(name: str) -> tuple[str, list]:
    """An INSERT of an active plan, for a connection of its own (the ORM writes through the thread's connection)."""
    plan = Plan(name=name, kind=Plan.Kind.IMPROVEMENT, start_date=datetime.date.today() - datetime.timedelta(days=10))
    fields = [f for f in Plan._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(plan, True), connection) for f in fields]
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return f"INSERT INTO improvement_plan ({names}) VALUES ({', '.join(['%s'] * len(fields))})", values


def test_the_dashboard_is_rendered_once_per_version_and_follows_every_write(admin_client, django_assert_num_queries):
    plan = factories.PlanFactory(name="Before the write", start_date=datetime.date(2025, 1, 1))
    factories.ActionFactory(priority__plan=plan)
    first = _main(admin_client.get(reverse("home")))
    assert "Before the write" in first
    with django_assert_num_queries(CACHED_DASHBOARD_QUERIES):
        assert _main(admin_client.get(reverse("home"))) == first
    # Writes the first design's version did not see: a bulk update (no history row), an assurance rating.
    Plan.objects.filter(pk=plan.pk).update(name="After the write")
    second = admin_client.get(reverse("home")).content.decode()
    assert "After the write" in second and "Before the write" not in second
    AssuranceRating.objects.create(
        plan=plan, rated_on=datetime.date(2025, 6, 1), level="limited", assessor="Independent chair", commentary="-"
    )
    assert "Independent chair" in admin_client.get(reverse("home")).content.decode()


def test_the_cached_body_is_the_same_for_every_role_and_the_frame_is_each_readers_own():
    factories.PlanFactory(name="Seen by all")
    admin, member = factories.AdminFactory(first_name="Ada"), factories.CommitteeMemberFactory(first_name="Cyril")
    for_admin = client_for(admin).get(reverse("home")).content.decode()
    for_member = client_for(member).get(reverse("home")).content.decode()
    assert "Seen by all" in for_admin and "Seen by all" in for_member
    assert _main_of(for_admin) == _main_of(for_member)
    # The header names the reader and their role.
    assert "Ada" in for_admin and "Cyril" not in for_admin
    assert "Cyril" in for_member and "Committee member" in for_member
