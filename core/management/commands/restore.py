"""`manage.py restore FILE`: replace everything in the database with a backup written by `manage.py backup`.

One transaction: the database is emptied and the backup loaded, or, if anything in the file fails to load,
nothing changes at all.
"""

from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Replace the whole database with a backup file written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A backups/<date-time>.json.gz file.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, interactive=True, database=DEFAULT_DB_ALIAS, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        if not path.name.endswith((".json", ".json.gz")):
            raise CommandError(f"{path.name} is not a backup written by `manage.py backup` (a .json.gz file).")
        name = connections[database].settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces EVERYTHING in database {name} with {path}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            with transaction.atomic(using=database):
                self._settle_deferred_checks(database)
                # Without post-migrate, flush leaves content types and permissions empty for the backup's own
                # rows (same primary keys) instead of re-creating them with new ones.
                call_command("flush", database=database, interactive=False, inhibit_post_migrate=True, verbosity=0)
                # Loading many-to-many links would otherwise write new history rows (simple_history records m2m
                # changes even for raw fixture loads); the backup already holds the history as it was.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(path), database=database, verbosity=0)
        except Exception as exc:
            raise CommandError(f"Restore failed and nothing was changed: {exc}") from exc
        self.stdout.write(f"Restored {path} into database {name}.")

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
