"""`python manage.py import_observations FILE`: the upload page's import, from the command line (CSV or XLSX)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance import dfe_mappings, importer


class Command(BaseCommand):
    help = (
        "Import observations from a CSV (UTF-8) or XLSX file with columns indicator, period_end (YYYY-MM-DD), "
        "value (number or c/x/z/u) and optional authority, target, note. All or nothing: any problem rejects "
        "the whole file, lists every problem by row and column, and exits non-zero. Any size: the file is read "
        "twice (checked, then written in chunks in one transaction) with bounded memory. A DfE Explore Education "
        "Statistics file is read as published (--map for its other measure columns)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Username recorded as having entered the figures.")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=CODE",
            help="DfE files: import the measure column COLUMN (or COLUMN[filter value]) into indicator CODE. "
            "Repeatable.",
        )
        parser.add_argument(
            "--accept-target-changes",
            action="store_true",
            help="Import even when a target set on an earlier period changes the colour of later periods that the "
            "file does not contain (without it such a file is refused, with those periods listed).",
        )

    def handle(self, *args, file: Path, user: str | None = None, map: list[str], accept_target_changes=False, **opts):
        mappings, map_errors = dfe_mappings.parse_map_option(map)
        if map_errors:
            raise CommandError(" ".join(map_errors))
        if not file.is_file():
            raise CommandError(f"Cannot read {file}: there is no such file.")
        entered_by = None
        if user:
            entered_by = get_user_model().objects.filter(username=user).first()
            if entered_by is None:
                raise CommandError(f"There is no user called {user!r}.")
        limits = importer.import_limits.COMMAND_LINE
        try:
            checked = importer.check(
                file, limits=limits, accept_target_changes=accept_target_changes, mappings=mappings
            )
            for line in checked.ignored:
                self.stdout.write(line)
            result = importer.write(checked, file, file.name, user=entered_by, limits=limits)
        except importer.ImportRejected as rejected:
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
