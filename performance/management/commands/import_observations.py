"""`python manage.py import_observations FILE`: the upload page's import, from the command line (CSV or XLSX)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from performance import dfe, importer


class Command(BaseCommand):
    help = (
        "Import observations from a CSV (UTF-8) or XLSX file with columns indicator, period_end (YYYY-MM-DD), "
        "value (number or c/x/z/u) and optional authority, target, note. All or nothing: any problem rejects "
        "the whole file, lists every problem by row and column, and exits non-zero."
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

    def handle(self, *args, file: Path, user: str | None = None, map: list[str], **options):
        mappings, map_errors = dfe.parse_map_option(map)
        if map_errors:
            raise CommandError(" ".join(map_errors))
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        entered_by = None
        if user:
            entered_by = get_user_model().objects.filter(username=user).first()
            if entered_by is None:
                raise CommandError(f"There is no user called {user!r}.")
        parsed = importer.parse(content, mappings=mappings)
        if not parsed.ok:
            for error in parsed.errors:
                self.stderr.write(str(error))
            count = len(parsed.errors)
            raise CommandError(f"{file.name} was rejected with {count} problem(s); nothing was imported.")
        for line in parsed.ignored:
            self.stdout.write(line)
        result = importer.apply(
            parsed.inputs, parsed.populations, user=entered_by, reason=f"Imported from {file.name}"[:100]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{file.name}: {result.created} new, {result.updated} changed, {result.unchanged} unchanged, "
                f"{result.targets_set} target(s) set, {result.derived} derived figure(s) recomputed."
            )
        )
