"""`manage.py backup`: the whole database (every app, change history, users, roles) to one dated, compressed file.

Content types and permissions are written with their primary keys, and `restore` empties the database without
re-creating them, so the restored rows are the same rows, and every foreign key to them still points right. A
backup restores into a database migrated to the same code version.
"""

from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import BaseCommand, call_command
from django.utils import timezone

from core import backup_format

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "backups"


class Command(BaseCommand):
    help = "Write the whole database to backups/<date-time>.json.gz (or --output), for `manage.py restore`."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="File to write (must end .json.gz), or a directory for a dated file. Default: backups/.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        target = Path(output) if output else DEFAULT_DIRECTORY
        if not target.name.endswith(".json.gz"):
            target = target / f"{timezone.localtime():%Y-%m-%d-%H%M%S}.json.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        serializers.register_serializer(backup_format.FORMAT, backup_format.__name__)
        call_command(
            "dumpdata",
            format=backup_format.FORMAT,
            database=database,
            output=str(target),
            all=True,  # base managers: nothing a custom default manager hides is left out
            indent=None,
            verbosity=0,
        )
        self.stdout.write(str(target))
        return None
