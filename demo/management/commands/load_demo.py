"""`python manage.py load_demo`: the demo council, its users, inspections, plans and figures."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Create or refresh the demo council (users admin, manager and committee with password demo-password). "
        "Running it again changes nothing; on a later day the current plan's dates move with the calendar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Load as if today were this date (YYYY-MM-DD); the current plan's dates are relative to it.",
        )

    def handle(self, *args, today=None, **options):
        as_at = None
        if today:
            try:
                as_at = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today {today!r} is not a date; use YYYY-MM-DD.") from exc
        summary = load_demo(today=as_at)
        self.stdout.write(summary.line())
