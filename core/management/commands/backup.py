"""`manage.py backup`: the whole database (every app, change history, users, roles; not sessions) and the evidence
files, at one moment, to one dated archive readable only by its owner (see core.backup_format).

Content types and permissions are written with their primary keys, and `restore` empties the database without
re-creating them, so the restored rows are the same rows, and every foreign key to them still points right.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand
from django.utils import timezone

from core import backup_format

DEFAULT_DIRECTORY = Path(settings.BASE_DIR) / "backups"


class Command(BaseCommand):
    help = "Write the database and evidence files to backups/<date-time>.tar.gz (or --output), for `restore`."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help=f"File to write (ending {backup_format.SUFFIX}), or a directory for a dated file. Default: backups/.",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        target = Path(output) if output else DEFAULT_DIRECTORY
        if not target.name.endswith(backup_format.SUFFIX):
            target = target / f"{timezone.localtime():%Y-%m-%d-%H%M%S}{backup_format.SUFFIX}"
        written = backup_format.write_backup(target, database=database)
        for name in written.missing_files:
            self.stderr.write(f"Evidence file {name} is referred to but missing from storage; not in the backup.")
        self.stdout.write(str(written.path))
