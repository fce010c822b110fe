"""The backup archive written by `manage.py backup` and read by `manage.py restore`.

One gzip-compressed tar file, readable by the service user only (mode 0600), holding:

- `data.json`: every row of every table but sessions (live session keys are credentials, not data), in Django's
  JSON fixture format keeping every microsecond of dates and times (Django's own encoder cuts them to
  milliseconds, so a restored change-history row would differ from the original);
- `files/<name>`: every evidence file the rows refer to, from the file storage;
- `manifest.json`: the format and its version, the schema (every migration applied to the database), the number
  of rows of each model and the SHA-256 of every other member.

Every row is read inside one read transaction, so the file is the database at one moment even while people save.
`read_backup` checks all of this before anything touches the database; whatever it refuses, it refuses in one line.
"""

from __future__ import annotations

import contextlib
import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.apps import apps
from django.core import serializers
from django.core.files.storage import default_storage
from django.core.serializers import json as django_json
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "json-exact"
ARCHIVE_FORMAT = "improvement-tracker-backup"
ARCHIVE_VERSION = 1
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DATA = "data.json"
FILES = "files/"
EXCLUDED_MODELS = {"sessions.session", "core.dataversion"}  # the data version is not data (core.versions)
CHUNK = 1024 * 1024


class ExactEncoder(django_json.DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = django_json.Deserializer


class BackupRefused(Exception):
    """The file is not a backup this code can restore; the message says why in one line."""


def register() -> None:
    serializers.register_serializer(FORMAT, __name__)


def backed_up_models(database: str) -> list[type[models.Model]]:
    """The models `dumpdata --all` would write, in an order that loads (dependencies first), less sessions."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    return [
        model
        for model in serializers.sort_dependencies(app_list, allow_cycles=True)
        if model._meta.can_migrate(connections[database]) and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def applied_migrations(database: str) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[database]).applied_migrations())


@contextlib.contextmanager
def read_snapshot(database: str) -> Iterator[None]:
    """One read transaction: every query inside sees the database as it was when the first one ran.

    SQLite (in WAL mode) gives that to a plain deferred transaction, which lets writers carry on meanwhile; the
    site's own transactions are IMMEDIATE (they take the write lock at once), so this one is opened by hand.
    PostgreSQL needs REPEATABLE READ for one snapshot across statements. Inside a caller's transaction (tests),
    that transaction is the snapshot.
    """
    connection = connections[database]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=database):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _file_names(model_list: list[type[models.Model]], database: str) -> set[str]:
    names: set[str] = set()
    for model in model_list:
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._base_manager.using(database).exclude(**{field.attname: ""})
                names.update(values.exclude(**{f"{field.attname}__isnull": True}).values_list(field.attname, flat=True))
    return names


@dataclass
class Written:
    path: Path
    counts: dict[str, int]
    files: int
    missing_files: list[str]


def write_backup(target: Path, *, database: str) -> Written:
    """Write the archive to `target` (mode 0600, replaced only once complete)."""
    register()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=target.parent) as work_folder:
        work = Path(work_folder)
        data_path = work / DATA
        counts: Counter[str] = Counter()
        model_list = backed_up_models(database)
        with read_snapshot(database):
            schema = applied_migrations(database)

            def rows():
                for model in model_list:
                    for row in model._base_manager.using(database).order_by(model._meta.pk.name).iterator():
                        counts[model._meta.label_lower] += 1
                        yield row

            with data_path.open("w", encoding="utf-8") as stream:
                serializers.serialize(FORMAT, rows(), stream=stream, indent=None)
            file_names = sorted(_file_names(model_list, database))
        checksums = {DATA: _sha256_file(data_path)}
        present: list[str] = []
        missing: list[str] = []
        for name in file_names:
            (present if default_storage.exists(name) else missing).append(name)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "version": ARCHIVE_VERSION,
            "created": timezone.now().isoformat(),
            "database_vendor": connections[database].vendor,
            "migrations": schema,
            "counts": dict(sorted(counts.items())),
            "missing_files": missing,
        }
        # mkstemp creates the file with mode 0600, before a byte of it is written.
        handle, partial_name = tempfile.mkstemp(prefix=".partial-", suffix=SUFFIX, dir=target.parent)
        partial = Path(partial_name)
        try:
            with os.fdopen(handle, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(data_path, arcname=DATA)
                for name in present:
                    with default_storage.open(name, "rb") as source:
                        copy = work / "file"
                        with copy.open("wb") as out:
                            shutil.copyfileobj(source, out, CHUNK)
                    checksums[FILES + name] = _sha256_file(copy)
                    archive.add(copy, arcname=FILES + name)
                manifest["checksums"] = checksums
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
            os.chmod(partial, 0o600)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return Written(target, dict(counts), len(present), missing)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


@dataclass
class Backup:
    """A checked backup, unpacked into `folder` (a temporary folder the caller removes)."""

    manifest: dict
    data_path: Path
    files: dict[str, Path]

    @property
    def total_rows(self) -> int:
        return sum(self.manifest["counts"].values())


NOT_A_BACKUP = "is not a backup written by `manage.py backup`"


def read_backup(path: Path, folder: Path, *, database: str) -> Backup:
    """Unpack and check a backup: raises BackupRefused (one line) unless the format, the schema, every checksum
    and every model's row count are right. Touches no table."""
    if not path.is_file():
        raise BackupRefused(f"No backup file at {path}.")
    if path.stat().st_size == 0:
        raise BackupRefused(f"{path.name} is empty; nothing was restored from it.")
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            members = {m.name: m for m in archive.getmembers() if m.isfile()}
            if MANIFEST not in members:
                raise BackupRefused(f"{path.name} {NOT_A_BACKUP} (it has no manifest).")
            manifest = _manifest(_member(archive, members[MANIFEST], path).read(), path)
            _check_schema(manifest, path, database)
            checksums = manifest["checksums"]
            if DATA not in checksums or set(checksums) - set(members):
                lost = sorted(set(checksums) - set(members)) or [DATA]
                raise BackupRefused(f"{path.name} is incomplete: {lost[0]} is missing from it.")
            files: dict[str, Path] = {}
            for name, expected in checksums.items():
                destination = folder / ("data" if name == DATA else f"file-{len(files)}")
                digest = hashlib.sha256()
                with _member(archive, members[name], path) as source, destination.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected:
                    raise BackupRefused(f"{path.name} is damaged: the checksum of {name} does not match its manifest.")
                if name != DATA:
                    files[name.removeprefix(FILES)] = destination
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        if isinstance(exc, EOFError | zlib.error) or "unexpected end" in str(exc).lower():
            raise BackupRefused(f"{path.name} is truncated or damaged ({exc}); nothing was restored.") from exc
        raise BackupRefused(f"{path.name} {NOT_A_BACKUP} ({exc}).") from exc
    data_path = (folder / "data").rename(folder / DATA)
    _check_counts(manifest, data_path, path)
    return Backup(manifest, data_path, files)


def _member(archive: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> IO[bytes]:
    """The member's contents; `extractfile` gives None for anything but a regular file (callers pass only those)."""
    stream = archive.extractfile(member)
    if stream is None:
        raise BackupRefused(f"{path.name} {NOT_A_BACKUP} ({member.name} is not a regular file).")
    return stream


def _manifest(raw: bytes, path: Path) -> dict:
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise BackupRefused(f"{path.name} {NOT_A_BACKUP} (its manifest is not JSON).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != ARCHIVE_FORMAT:
        raise BackupRefused(f"{path.name} {NOT_A_BACKUP} (its manifest names another format).")
    if manifest.get("version") != ARCHIVE_VERSION:
        raise BackupRefused(
            f"{path.name} is backup format version {manifest.get('version')!r}; this code reads version "
            f"{ARCHIVE_VERSION}. Restore it with the version of the tracker that wrote it."
        )
    for key, kind in (("migrations", list), ("counts", dict), ("checksums", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupRefused(f"{path.name} {NOT_A_BACKUP} (its manifest has no {key}).")
    return manifest


def _check_schema(manifest: dict, path: Path, database: str) -> None:
    here, there = set(applied_migrations(database)), set(manifest["migrations"])
    if here == there:
        return
    if there < here:
        missing = sorted(here - there)
        raise BackupRefused(
            f"{path.name} is from an older version of the tracker ({len(missing)} migrations behind, first "
            f"{missing[0]}); restore it into a database migrated to that version, then run `migrate`."
        )
    if here < there:
        ahead = sorted(there - here)
        raise BackupRefused(
            f"{path.name} is from a newer version of the tracker (it has migration {ahead[0]}, this database does "
            "not); run `migrate` with that version first."
        )
    raise BackupRefused(f"{path.name} was written by a different set of migrations from this database's schema.")


def _check_counts(manifest: dict, data_path: Path, path: Path) -> None:
    register()
    found: Counter[str] = Counter()
    try:
        with data_path.open(encoding="utf-8") as stream:
            for item in json.load(stream):
                found[item["model"]] += 1
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupRefused(f"{path.name} is damaged: its data cannot be read ({exc}).") from exc
    expected = Counter({label: n for label, n in manifest["counts"].items() if n})
    if found != expected:
        label = sorted(set(found) ^ set(expected) | {k for k in found if found[k] != expected[k]})[0]
        raise BackupRefused(
            f"{path.name} is damaged: it holds {found[label]} rows of {label}, its manifest says {expected[label]}."
        )
    if not found:
        raise BackupRefused(
            f"{path.name} holds no rows at all; restoring it would empty the database, so it is refused."
        )
    unknown = sorted(label for label in found if _model(label) is None)
    if unknown:
        raise BackupRefused(f"{path.name} holds rows of {unknown[0]}, which this version of the tracker does not have.")


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None
