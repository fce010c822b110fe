"""`manage.py backup` and `manage.py restore` round-trip the whole database, every table row for row, and the
evidence files; restore refuses anything but a complete backup of this schema, changing nothing."""

import gzip
import io
import json
import os
import re
import stat
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from core import backup_format
from improvement.models import Action, Plan
from performance.models import Observation
from tests import factories

# The cache holds only throw-away entries (sign-in failure counts); sessions are live credentials, not data.
# The data version is not data: a restore changes it, as any write does (core.versions).
NOT_BACKED_UP = {"cache_table", "django_session", "core_dataversion"}
ROOT = Path(__file__).resolve().parents[2]


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


def every_table(skip=NOT_BACKED_UP) -> dict[str, list]:
    links = m2m_link_tables()
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(set(connection.introspection.table_names()) - skip):
            columns = "*"
            if table in links:
                description = connection.introspection.get_table_description(cursor, table)
                columns = ", ".join(connection.ops.quote_name(c.name) for c in description if c.name != "id")
            cursor.execute(f"SELECT {columns} FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(cursor.fetchall(), key=repr)
    return snapshot


@pytest.fixture
def evidence_storage(settings, tmp_path):
    storage = settings.STORAGES["default"]
    folder = tmp_path / "evidence"
    settings.STORAGES = {**settings.STORAGES, "default": {**storage, "OPTIONS": {"location": str(folder)}}}
    return folder


@pytest.fixture
def council(demo, client, evidence_storage):
    """The demo council, plus what a running site adds: a signed-in session, an admin-site log entry and an
    evidence file."""
    user = User.objects.get(username="committee")
    client.force_login(user)
    action = Action.objects.order_by("pk").first()
    LogEntry.objects.log_actions(user.pk, [action], CHANGE, change_message="edited")
    update = factories.ProgressUpdateFactory(action=action)
    update.evidence_file.save("audit.pdf", ContentFile(b"%PDF-1.4 council audit\n"), save=True)
    return action


@pytest.fixture
def small(db, evidence_storage):
    """For tests about failure paths, where the demo council's size adds time and nothing else."""
    action = factories.ActionFactory()
    update = factories.ProgressUpdateFactory(action=action)
    update.evidence_file.save("note.txt", ContentFile(b"evidence"), save=True)
    return action


def members(path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}


def pack(path, contents: dict[str, bytes]) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))


def repack(source, target, *, data=None, manifest=None, checksums=True) -> None:
    """A copy of a backup with its data or manifest changed; checksums recomputed unless told not to."""
    contents = members(source)
    meta = json.loads(contents.pop("manifest.json"))
    if data is not None:
        contents["data.json"] = data
        if checksums:
            meta["checksums"]["data.json"] = backup_format.hashlib.sha256(data).hexdigest()
    meta.update(manifest or {})
    pack(target, {**contents, "manifest.json": json.dumps(meta).encode()})


def test_backup_writes_a_dated_private_archive_with_manifest_evidence_and_no_sessions(council, tmp_path):
    call_command("backup", output=str(tmp_path / "backups"))
    [path] = (tmp_path / "backups").iterdir()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-\d{6}\.tar\.gz", path.name)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    contents = members(path)
    manifest = json.loads(contents["manifest.json"])
    assert manifest["format"] == "improvement-tracker-backup"
    assert "improvement.0001_initial" in manifest["migrations"]
    rows = json.loads(contents["data.json"])
    models = {row["model"] for row in rows}
    for model in (
        "contenttypes.contenttype",
        "auth.permission",
        "auth.group",
        "auth.user",
        "admin.logentry",
        "improvement.historicalaction",
        "improvement.progressupdate",
        "performance.observation",
        "inspections.recommendation",
    ):
        assert model in models, model
    assert "sessions.session" not in models
    assert not any(key.startswith("sessions.") for key in manifest["counts"])
    assert manifest["counts"]["improvement.action"] == Action.objects.count()
    [evidence] = [name for name in contents if name.startswith("files/")]
    assert contents[evidence] == b"%PDF-1.4 council audit\n"
    for name, digest in manifest["checksums"].items():
        assert backup_format.hashlib.sha256(contents[name]).hexdigest() == digest


def test_backup_folder_is_private_too(small, tmp_path):
    call_command("backup", output=str(tmp_path / "new" / "b.tar.gz"))
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700


def test_restore_brings_back_every_table_row_for_row_and_the_evidence(council, tmp_path, evidence_storage):
    before = every_table()
    for table in (
        "improvement_action",
        "improvement_historicalaction",
        "improvement_progressupdate",
        "performance_observation",
        "inspections_recommendation",
        "django_admin_log",
    ):
        assert before[table], f"the demo council has nothing in {table}, so the round trip would prove little"
    backup = tmp_path / "council.tar.gz"
    call_command("backup", output=str(backup))
    [evidence] = [p for p in evidence_storage.rglob("*") if p.is_file()]

    # Damage done after the backup: deletions, edits, new rows, a new content type, a lost file.
    Observation.objects.all().delete()
    Action.objects.update(description="overwritten")
    factories.PlanFactory(name="Added after the backup")
    Group.objects.filter(name="Manager").delete()
    ContentType.objects.create(app_label="stray", model="thing")
    evidence.unlink()
    assert every_table() != before

    call_command("restore", str(backup), interactive=False)

    after = every_table()
    for table in before:
        assert after[table] == before[table], table
    assert after == before
    assert not Plan.objects.filter(name="Added after the backup").exists()
    assert evidence.read_bytes() == b"%PDF-1.4 council audit\n"
    assert not connection.introspection.django_table_names() or not every_table(skip={"cache_table"})["django_session"]


def test_restored_database_keeps_working(small, tmp_path):
    backup = tmp_path / "council.tar.gz"
    call_command("backup", output=str(backup))
    call_command("restore", str(backup), interactive=False)

    # New rows after a restore get fresh primary keys (sequences are reset past the restored ones).
    plan = factories.PlanFactory()
    assert plan.pk > small.priority.plan.pk
    manager = factories.ManagerFactory()
    assert manager.groups.get().name == "Manager"
    assert User.objects.get(pk=manager.pk).check_password("a-long-test-password")


def test_restore_of_rows_that_do_not_load_changes_nothing(small, tmp_path):
    """A well-formed backup whose rows fail to load (a foreign key to nothing) is rolled back whole."""
    backup = tmp_path / "good.tar.gz"
    call_command("backup", output=str(backup))
    rows = json.loads(members(backup)["data.json"])
    for row in rows:
        if row["model"] == "improvement.action":
            row["fields"]["priority"] = 999999
    broken = tmp_path / "broken.tar.gz"
    repack(backup, broken, data=json.dumps(rows).encode())
    before = every_table(skip={"cache_table"})
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore", str(broken), interactive=False)
    assert every_table(skip={"cache_table"}) == before


def _older_schema(backup, target):
    meta = json.loads(members(backup)["manifest.json"])
    newest = max(m for m in meta["migrations"] if m.startswith("improvement."))
    repack(backup, target, manifest={"migrations": [m for m in meta["migrations"] if m != newest]})


def _count_off(backup, target):
    rows = [r for r in json.loads(members(backup)["data.json"]) if r["model"] != "improvement.progressupdate"]
    repack(backup, target, data=json.dumps(rows).encode())


def _checksum_off(backup, target):
    rows = json.loads(members(backup)["data.json"])
    rows[-1]["fields"] = {**rows[-1]["fields"]}
    repack(backup, target, data=json.dumps(rows).encode().replace(b"}]", b"} ]"), checksums=False)


REFUSALS = {
    "empty": (lambda backup, target: target.write_bytes(b""), "is empty"),
    "old-json-list": (lambda backup, target: target.write_bytes(gzip.compress(b"[]")), "is not a backup"),
    "plain-text": (lambda backup, target: target.write_bytes(b"hello"), "is not a backup"),
    "truncated": (
        lambda backup, target: target.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2]),
        "truncated or damaged",
    ),
    "foreign-archive": (lambda backup, target: pack(target, {"data.json": b"[]"}), "has no manifest"),
    "other-format": (
        lambda backup, target: repack(backup, target, manifest={"format": "someone-else"}),
        "names another format",
    ),
    "newer-format-version": (lambda backup, target: repack(backup, target, manifest={"version": 2}), "version 2"),
    "older-schema": (_older_schema, "older version of the tracker"),
    "count-mismatch": (_count_off, "its manifest says"),
    "checksum-mismatch": (_checksum_off, "checksum of data.json does not match"),
    "no-rows": (
        lambda backup, target: repack(backup, target, data=b"[]", manifest={"counts": {}}),
        "holds no rows",
    ),
}


@pytest.mark.parametrize("kind", REFUSALS)
def test_restore_refuses_a_bad_file_in_one_line_and_changes_nothing(small, tmp_path, kind, evidence_storage):
    make, message = REFUSALS[kind]
    backup = tmp_path / "good.tar.gz"
    call_command("backup", output=str(backup))
    bad = tmp_path / "bad.tar.gz"
    make(backup, bad)
    Action.objects.update(description="changed after the backup")
    before = every_table(skip={"cache_table"})
    files_before = sorted(p.read_bytes() for p in evidence_storage.rglob("*") if p.is_file())
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad), interactive=False)
    assert message in str(refused.value)
    assert "Nothing was changed" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert every_table(skip={"cache_table"}) == before
    assert sorted(p.read_bytes() for p in evidence_storage.rglob("*") if p.is_file()) == files_before


def test_restore_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "nope.tar.gz"), interactive=False)


def test_restore_asks_before_replacing_everything(small, tmp_path, monkeypatch):
    backup = tmp_path / "council.tar.gz"
    call_command("backup", output=str(backup))
    Action.objects.update(description="changed after backup")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(backup))
    assert set(Action.objects.values_list("description", flat=True)) == {"changed after backup"}


SEED = """
import django, random
django.setup()
from improvement.models import Action, ProgressUpdate
from tests import factories
priority = factories.PriorityFactory()
owner = factories.ManagerFactory()
actions = [factories.ActionFactory(priority=priority, owner=owner, progress=0) for _ in range(150)]
ProgressUpdate.objects.bulk_create(
    ProgressUpdate(action=a, author=owner, status=a.status, progress=0, commentary="start" * 50)
    for a in actions for _ in range(20)
)
"""

WRITER = """
import django, random, sys, time
from pathlib import Path
django.setup()
from django.db import transaction
from improvement.models import Action, ProgressUpdate
ids = list(Action.objects.values_list("pk", flat=True))
stop, commits = Path(sys.argv[1]), []
Path(sys.argv[2]).touch()
while not stop.exists():
    pk, progress = random.choice(ids), random.randint(0, 100)
    with transaction.atomic():
        ProgressUpdate.objects.create(action_id=pk, status="in_progress", progress=progress, commentary="busy")
        Action.objects.filter(pk=pk).update(progress=progress, status="in_progress")
    commits.append(time.time())
print(" ".join(map(str, commits)))
"""


def test_backup_taken_while_people_save_is_one_moment(tmp_path):
    """A writer commits an update and its action's new progress together, as fast as it can, in another process,
    on a SQLite file database (as deployed); a backup taken meanwhile must show every action with the progress
    of its own newest update."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.sqlite3'}",
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
    }

    def run(*args, **kwargs):
        return subprocess.run(
            args, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300, **kwargs
        )

    run(sys.executable, "manage.py", "migrate", "-v0")
    run(sys.executable, "-c", SEED)
    stop, started = tmp_path / "stop", tmp_path / "started"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(stop), str(started)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        while not started.exists():
            assert writer.poll() is None, "the writer stopped before it began"
        time.sleep(0.5)
        begun = time.time()
        run(sys.executable, "manage.py", "backup", "--output", str(tmp_path / "live.tar.gz"))
        ended = time.time()
    finally:
        stop.touch()
        commits = [float(t) for t in writer.communicate(timeout=60)[0].split()]
    assert sum(begun < t < ended for t in commits) > 10, "the writer did not write during the backup"

    rows = json.loads(members(tmp_path / "live.tar.gz")["data.json"])
    progress = {r["pk"]: r["fields"]["progress"] for r in rows if r["model"] == "improvement.action"}
    newest = {}
    for r in rows:
        if r["model"] == "improvement.progressupdate":
            key = (r["fields"]["created_at"], r["pk"])
            action = r["fields"]["action"]
            if action not in newest or key > newest[action][0]:
                newest[action] = (key, r["fields"]["progress"])
    disagree = [pk for pk, value in progress.items() if newest[pk][1] != value]
    assert disagree == [], f"{len(disagree)} actions disagree with their own newest update in the backup"
