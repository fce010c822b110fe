"""`python manage.py implausible_observations`: every stored figure whose period end no real period has."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from performance import rules
from performance.models import Observation


class Command(BaseCommand):
    help = (
        "List the stored observations whose period end is before 1990 or after the end of the current period "
        "(a placeholder such as 9999-12-31, a mistyped year such as 2062, Excel's 1899-12-31), loaded before the "
        "import checked dates or written past the check. Pages leave them out; correct the date or delete each one "
        "under Administration > Observations. Exits non-zero when there are any (--delete removes them instead, "
        "recording who and why in their history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete them (each deletion is kept in history).")

    def handle(self, *args, delete=False, **options):
        today = timezone.localdate()
        found = Observation.objects.implausible(today).select_related("indicator", "authority").order_by("pk")
        found = list(found)  # a handful, and deleting while a cursor is open is not safe on SQLite
        count = len(found)
        for observation in found:
            shown = observation.value if observation.value is not None else observation.missing_reason
            self.stdout.write(
                f"{observation.pk}\t{observation.indicator.code}\t{observation.authority.code}\t"
                f"{observation.period_end:%Y-%m-%d}\t{shown}"
            )
            if delete:
                observation._change_reason = "Deleted: implausible period end"
                observation.delete()
        latest = rules.latest_plausible_period_end(today)
        bounds = f"{rules.EARLIEST_PERIOD_END:%Y-%m-%d} to {latest:%Y-%m-%d}"
        if not count:
            self.stdout.write(f"No stored observation has a period end outside {bounds}.")
            return
        if delete:
            self.stdout.write(f"Deleted {count} observation(s) with a period end outside {bounds}.")
            return
        raise CommandError(
            f"{count} observation(s) have a period end outside {bounds}; correct or delete them under "
            "Administration > Observations, or run this command again with --delete."
        )
