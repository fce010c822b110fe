"""`manage.py backup` and `manage.py restore` round-trip the whole database, every table row for row."""

import gzip
import re

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection

from improvement.models import Action, Plan
from performance.models import Observation
from tests import factories

# The cache holds only throw-away entries (sign-in failure counts); it is not part of a backup.
NOT_BACKED_UP = {"cache_table"}


def m2m_link_tables() -> set[str]:
    """Django's own many-to-many link tables. A backup stores the links with the objects, and restoring them
    numbers the link rows afresh; nothing refers to a link row's id, so these tables are compared on the pair of
    ids they link, not on their own id."""
    return {
        field.remote_field.through._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    }


def every_table() -> dict[str, list]:
    links = m2m_link_tables()
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - NOT_BACKED_UP):
            columns = "*"
            if table in links:
                description = connection.introspection.get_table_description(cursor, table)
                columns = ", ".join(connection.ops.quote_name(c.name) for c in description if c.name != "id")
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


@pytest.fixture
def council(demo, client):
    """The demo council, plus what a running site adds: a signed-in session and an admin-site log entry."""
    user = User.objects.get(username="committee")
    client.force_login(user)
    action = Action.objects.order_by("pk").first()
    LogEntry.objects.log_actions(user.pk, [action], CHANGE, change_message="edited")
    return action


@pytest.fixture
def small(db):
    """For tests about failure paths, where the demo council's size adds time and nothing else."""
    action = factories.ActionFactory()
    factories.ProgressUpdateFactory(action=action)
    return action


def test_backup_writes_a_dated_gzip_file_with_every_app(council, tmp_path):
    call_command("backup", output=str(tmp_path))
    [path] = tmp_path.iterdir()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}\.json\.gz", path.name)
    text = gzip.decompress(path.read_bytes()).decode()
    for model in (
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "auth.user",
        "sessions.session",
        "admin.logentry",
        "improvement.historicalaction",
        "improvement.progressupdate",
        "performance.observation",
        "inspections.recommendation",
    ):
        assert f'"model": "{model}"' in text, model


def test_restore_brings_back_every_table_row_for_row(council, tmp_path):
    before = every_table()
    for table in (
        "improvement_action",
        "improvement_historicalaction",
        "improvement_progressupdate",
        "performance_observation",
        "inspections_recommendation",
        "django_session",
        "django_admin_log",
    ):
        assert before[table], f"the demo council has nothing in {table}, so the round trip would prove little"
    backup = tmp_path / "council.json.gz"
    call_command("backup", output=str(backup))

    # Damage done after the backup: deletions, edits, new rows, a new content type.
    Observation.objects.all().delete()
    Action.objects.update(description="overwritten")
    factories.PlanFactory(name="Added after the backup")
    Group.objects.filter(name="Manager").delete()
    ContentType.objects.create(app_label="stray", model="thing")
    assert every_table() != before

    call_command("restore", str(backup), interactive=False)

    after = every_table()
    for table in before:
        assert after[table] == before[table], table
    assert after == before
    assert not Plan.objects.filter(name="Added after the backup").exists()


def test_restored_database_keeps_working(small, tmp_path):
    backup = tmp_path / "council.json.gz"
    call_command("backup", output=str(backup))
    call_command("restore", str(backup), interactive=False)

    # New rows after a restore get fresh primary keys (sequences are reset past the restored ones).
    plan = factories.PlanFactory()
    assert plan.pk > small.priority.plan.pk
    manager = factories.ManagerFactory()
    assert manager.groups.get().name == "Manager"
    assert User.objects.get(pk=manager.pk).check_password("a-long-test-password")


def test_restore_of_a_broken_file_changes_nothing(small, tmp_path):
    before = every_table()
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress(b'[{"model": "improvement.action", "pk": 1, "fields": {"priority": 999999'))
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(broken), interactive=False)
    assert every_table() == before


def test_restore_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "nope.json.gz"), interactive=False)


def test_restore_asks_before_replacing_everything(small, tmp_path, monkeypatch):
    backup = tmp_path / "council.json.gz"
    call_command("backup", output=str(backup))
    Action.objects.update(description="changed after backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup))
    assert set(Action.objects.values_list("description", flat=True)) == {"changed after backup"}
