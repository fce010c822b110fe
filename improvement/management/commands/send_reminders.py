"""Email each action owner one digest of their overdue actions and those due in the next 14 days.

Cron (daily, 07:00): 0 7 * * * cd /srv/tracker && .venv/bin/python manage.py send_reminders --base-url https://tracker.example
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from improvement.plans.reminders import send_reminders


class Command(BaseCommand):
    help = "Email each owner one digest of overdue actions and those due in the next 14 days (once a day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--base-url", default="", help="Site address for links in the emails.")

    def handle(self, *args, **options):
        as_at = timezone.localdate()
        if options["date"]:
            try:
                as_at = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not a date; use YYYY-MM-DD.") from None
        result = send_reminders(as_at=as_at, base_url=options["base_url"])
        self.stdout.write(
            f"Reminders for {as_at:%Y-%m-%d}: {result.sent} sent, {result.already_sent} already sent today, "
            f"{result.no_email} owners without an email address."
        )
