"""`python manage.py load_reference [--lookup FILE] [--populations FILE] [--home CODE]`: the national reference data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from performance import reference
from performance.models import Authority


class Command(BaseCommand):
    help = (
        "Create or update every English council, region and England with DfE numbers, ONS codes, statistical "
        "neighbours and child populations, from the lookup shipped with the app or a newer one (--lookup). "
        "Safe to run again. --home CODE makes that council 'this council'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lookup", type=Path, default=reference.LOOKUP, help="A newer la_lookup.csv.")
        parser.add_argument("--populations", type=Path, default=reference.POPULATIONS)
        parser.add_argument("--home", help="Code, DfE LA number or ONS code of the council that is 'us'.")

    def handle(self, *args, lookup: Path, populations: Path, home: str | None = None, **options):
        for path in (lookup, populations):
            if not path.is_file():
                raise CommandError(f"Cannot read {path}.")
        try:
            result = reference.load_reference(lookup, populations)
        except (reference.ReferenceError, KeyError, ValueError) as exc:
            raise CommandError(f"{lookup.name} was not loaded: {exc}") from None
        self.stdout.write(
            f"{result.councils} councils, {result.regions} regions and England; {result.neighbour_links} "
            f"statistical-neighbour links; {result.populations} child population figure(s) added or changed."
        )
        for warning in result.warnings:
            self.stderr.write(warning)
        if home:
            found = Authority.objects.filter(code=home.lower()).first() or next(
                iter(reference.authorities_by_code().get(home.upper(), [])), None
            )
            if found is None:
                raise CommandError(f"No council has the code {home!r}; use its code (e.g. sunderland) or DfE number.")
            reference.choose_home(found)
            self.stdout.write(f"{found.name} is now this council.")
