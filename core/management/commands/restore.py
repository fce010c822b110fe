"""`manage.py restore FILE`: replace everything in the database with a backup written by `manage.py backup`.

The file is checked first (format, schema version, every checksum and row count; core.backup_format) and refused
in one line, with nothing changed, unless all of it is right. Then one transaction: the database is emptied, the
backup loaded and the evidence files put back, or, if anything fails, the database is as it was.
"""

import tempfile
from pathlib import Path

from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings

from core import backup_format


class Command(BaseCommand):
    help = "Replace the whole database and put back the evidence files from a file written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"A backups/<date-time>{backup_format.SUFFIX} file.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, interactive=True, database=DEFAULT_DB_ALIAS, **options):
        path = Path(file)
        name = connections[database].settings_dict["NAME"]
        with tempfile.TemporaryDirectory(prefix="restore-") as folder:
            try:
                backup = backup_format.read_backup(path, Path(folder), database=database)
            except backup_format.BackupRefused as exc:
                raise CommandError(f"{exc} Nothing was changed.") from exc
            if interactive:
                answer = input(
                    f"This replaces EVERYTHING in database {name} with {path} "
                    f"({backup.total_rows} rows, {len(backup.files)} files). Type 'yes' to go on: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled; nothing was changed.")
            try:
                self._replace(backup, database)
            except Exception as exc:
                raise CommandError(f"Restore failed and nothing was changed: {exc}") from exc
        self.stdout.write(f"Restored {path} into database {name}: {backup.total_rows} rows, {len(backup.files)} files.")

    def _replace(self, backup, database):
        with transaction.atomic(using=database):
            self._settle_deferred_checks(database)
            # Without post-migrate, flush leaves content types and permissions empty for the backup's own
            # rows (same primary keys) instead of re-creating them with new ones.
            call_command("flush", database=database, interactive=False, inhibit_post_migrate=True, verbosity=0)
            # Loading many-to-many links would otherwise write new history rows (simple_history records m2m
            # changes even for raw fixture loads); the backup already holds the history as it was.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(backup.data_path), database=database, verbosity=0)
            for stored_name, source in backup.files.items():
                self._put_file(stored_name, source)
        # Nothing cached belongs to the restored data (the data version has moved with the load anyway).
        caches["default"].clear()

    @staticmethod
    def _put_file(stored_name: str, source: Path) -> None:
        """Put an evidence file back under its own name (the rows refer to it by that name)."""
        if default_storage.exists(stored_name):
            with default_storage.open(stored_name, "rb") as current:
                if current.read() == source.read_bytes():
                    return
            default_storage.delete(stored_name)
        with source.open("rb") as content:
            saved = default_storage.save(stored_name, content)
        if saved != stored_name:
            raise OSError(f"evidence file {stored_name} could not be put back under its own name")

    @staticmethod
    def _settle_deferred_checks(database):
        """PostgreSQL refuses to TRUNCATE a table with foreign-key checks still pending in the transaction (when
        restore runs inside a caller's transaction, as in the tests): run them now, then defer again so the
        backup's rows can load in any order."""
        connection = connections[database]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
