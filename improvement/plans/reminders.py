"""Reminder digests: each owner gets one email listing their overdue actions and those due in the next 14 days.

Run daily from cron (see README). Each (owner, day) is claimed in the database before the email goes out, so a
second run on the same day, or two runs at once, send nothing more; if sending fails the claim is rolled back
and the next run tries again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from improvement.models import Action, ReminderLog
from improvement.plans import rules


@dataclass
class Digest:
    recipient: User
    overdue: list[Action]
    due_soon: list[Action]


@dataclass
class RunResult:
    sent: int = 0
    already_sent: int = 0
    no_email: int = 0


def digests(as_at: datetime.date) -> list[Digest]:
    """Owners with open actions that are overdue or due within 14 days of `as_at` (one query)."""
    actions = (
        Action.objects.overdue_or_due_soon(as_at)
        .filter(owner__isnull=False, owner__is_active=True)
        .with_related()
        .order_by("owner_id", "due_date", "reference")
    )
    by_owner: dict[int, Digest] = {}
    for action in actions:
        by_owner.setdefault(action.owner_id, Digest(action.owner, [], []))
        digest = by_owner[action.owner_id]
        (digest.overdue if rules.is_overdue(action.status, action.due_date, as_at) else digest.due_soon).append(action)
    return list(by_owner.values())


def send_reminders(*, as_at: datetime.date, base_url: str = "") -> RunResult:
    result = RunResult()
    for digest in digests(as_at):
        if not digest.recipient.email:
            result.no_email += 1
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    recipient=digest.recipient,
                    date=as_at,
                    overdue_count=len(digest.overdue),
                    due_soon_count=len(digest.due_soon),
                )
                _send(digest, as_at, base_url)
        except IntegrityError:
            result.already_sent += 1
            continue
        result.sent += 1
    return result


def _send(digest: Digest, as_at: datetime.date, base_url: str) -> None:
    context = {"digest": digest, "as_at": as_at, "base_url": base_url.rstrip("/")}
    parts = []
    if digest.overdue:
        parts.append(f"{len(digest.overdue)} overdue")
    if digest.due_soon:
        parts.append(f"{len(digest.due_soon)} due in the next {rules.DUE_SOON_DAYS} days")
    send_mail(
        subject=f"Your improvement actions: {' and '.join(parts)}",
        message=render_to_string("improvement/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[digest.recipient.email],
    )
