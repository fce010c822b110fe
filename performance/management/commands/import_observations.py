"""`python manage.py import_observations FILE`: the upload page's import, from the command line (CSV or XLSX)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance.importer import ImportRejected, import_file


class Command(BaseCommand):
    help = (
        "Import observations from a CSV (UTF-8) or XLSX file with columns indicator, period_end (YYYY-MM-DD), "
        "value (number or c/x/z/u) and optional authority, target, note. All or nothing: any problem rejects "
        "the whole file, lists every problem by row and column, and exits non-zero. Any size: the file is read "
        "twice (checked, then written in chunks in one transaction) with bounded memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Username recorded as having entered the figures.")
        parser.add_argument(
            "--accept-target-changes",
            action="store_true",
            help="Import even when a target set on an earlier period changes the colour of later periods that the "
            "file does not contain (without it such a file is refused, with those periods listed).",
        )

    def handle(self, *args, file: Path, user: str | None = None, accept_target_changes=False, **options):
        if not file.is_file():
            raise CommandError(f"Cannot read {file}: there is no such file.")
        entered_by = None
        if user:
            entered_by = get_user_model().objects.filter(username=user).first()
            if entered_by is None:
                raise CommandError(f"There is no user called {user!r}.")
        try:
            result = import_file(file, file.name, user=entered_by, accept_target_changes=accept_target_changes)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            if rejected.total > len(rejected.errors):
                self.stderr.write(f"... and {rejected.total - len(rejected.errors)} more problem(s) not listed.")
            count = rejected.total
            raise CommandError(f"{file.name} was rejected with {count} problem(s); nothing was imported.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{file.name}: {result.created} new, {result.updated} changed, {result.unchanged} unchanged, "
                f"{result.targets_set} target(s) set, {result.derived} derived figure(s) recomputed."
            )
        )
