"""`python manage.py load_demo [--reset [--noinput]]`: the demo council, its users, inspections, plans and figures.

Safe to run every day (`make run` does): the demo is loaded only into a database that holds no data yet. Replacing
what a database holds with the demo is the separate, explicit `--reset`, which asks first. The demo's users share a
published password, so the command refuses to run at all with DEBUG off.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction

from demo.loader import load_demo

# Rows a council enters; their presence means the database is in use. Reference data (authorities, the indicator
# catalogue, role groups) is not among them: migrations and the catalogue provide it.
DATA_APPS = ("inspections", "improvement")
DATA_MODELS = (("performance", "Observation"), ("performance", "Target"), ("auth", "User"))


def data_models() -> list:
    """Every model whose rows are a council's own data, with their change-history models."""
    models = [m for label in DATA_APPS for m in apps.get_app_config(label).get_models()]
    for app_label, name in DATA_MODELS:
        model = apps.get_model(app_label, name)
        models.append(model)
        history = getattr(model, "history", None)
        if history is not None:
            models.append(history.model)
    return models


def data_counts() -> dict[str, int]:
    """Rows of a council's own data by model name (only the non-empty ones), e.g. {"users": 3, "plans": 2}."""
    counts = {}
    for model in data_models():
        if model.__name__.startswith("Historical"):
            continue
        n = model._default_manager.count()
        if n:
            counts[str(model._meta.verbose_name_plural)] = n
    return counts


def empty_data_tables() -> None:
    """Empty every table of a council's own data (and sessions and the admin log), bypassing model guards.

    Only for the confirmed `--reset`: issued reports and action histories refuse deletion through the ORM.
    """
    tables = {m._meta.db_table for m in data_models()}
    for model in data_models():
        tables.update(f.m2m_db_table() for f in model._meta.local_many_to_many)
    tables.update({User.groups.through._meta.db_table, User.user_permissions.through._meta.db_table})
    tables.update({Session._meta.db_table, LogEntry._meta.db_table})
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL refuses TRUNCATE while deferred foreign-key checks of this transaction are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=True, allow_cascade=True):
            cursor.execute(sql)
    # Nothing cached belongs to the new data (the data version has moved with the flush anyway, core.versions).
    cache.clear()


class Command(BaseCommand):
    help = (
        "Load the demo council (users admin, manager and committee with password demo-password) into an empty "
        "database. With data already there it does nothing and says so; --reset replaces the data with the demo."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Load as if today were this date (YYYY-MM-DD); the current plan's dates are relative to it.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every plan, inspection, figure, report and user in the database, then load the demo.",
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, today=None, reset=False, interactive=True, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: the demo users share a published password. "
                "Load the demo only into a development database (DEBUG=1)."
            )
        as_at = None
        if today:
            try:
                as_at = datetime.date.fromisoformat(today)
            except ValueError as exc:
                raise CommandError(f"--today {today!r} is not a date; use YYYY-MM-DD.") from exc
        existing = data_counts()
        if existing and not reset:
            shown = ", ".join(f"{n:,} {label}" for label, n in existing.items())
            self.stdout.write(
                f"Demo not loaded: the database already holds data ({shown}). "
                "To replace it with the demo: make demo-reset."
            )
            return
        if existing:
            if interactive and not self._confirmed(existing):
                raise CommandError("Reset cancelled; nothing was changed.")
            empty_data_tables()
        self.stdout.write(load_demo(today=as_at).line())

    def _confirmed(self, existing: dict[str, int]) -> bool:
        shown = ", ".join(f"{n:,} {label}" for label, n in existing.items())
        try:
            answer = input(f"This deletes {shown} and loads the demo council in their place. Type 'yes' to go on: ")
        except EOFError:  # no one to answer (CI, a pipe): not a yes
            return False
        return answer.strip().lower() == "yes"
