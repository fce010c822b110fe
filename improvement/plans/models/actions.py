"""Actions, their progress updates and their stored colour intervals."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import asat, bounds
from core.rag import RAG
from improvement.plans import intervals, rules


class ActionQuerySet(models.QuerySet):
    def counted(self):
        """Actions that count in totals: withdrawn ones are rated nowhere."""
        return self.exclude(status=Action.Status.WITHDRAWN)

    def open(self):
        return self.exclude(status__in=rules.CLOSED_STATUSES)

    def overdue_or_due_soon(self, as_at: datetime.date):
        """Open actions past their due date or due within the rules' due-soon window of `as_at` (reminders)."""
        return self.open().filter(due_date__lte=as_at + datetime.timedelta(days=rules.DUE_SOON_DAYS))

    def owned_or_led_by(self, user):
        return self.filter(models.Q(owner=user) | models.Q(priority__lead=user))

    def with_related(self):
        """Everything a list page shows for each action, in a fixed number of queries."""
        return self.select_related("priority__plan", "priority__lead", "owner")


class Action(models.Model):
    Status = rules.ActionStatus  # defined with the rules that read it

    priority = models.ForeignKey("improvement.Priority", on_delete=models.CASCADE, related_name="actions")
    reference = models.CharField(max_length=20, help_text='e.g. "3.2".')
    description = models.TextField(**bounds.limit(bounds.SHORT))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_actions"
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent complete, 0 to 100.")
    rag_override = models.CharField(
        "RAG override",
        max_length=10,
        choices=RAG.choices,
        blank=True,
        help_text="Replaces the computed colour; a reason is required and both are shown.",
    )
    rag_override_reason = models.TextField("reason for override", blank=True, **bounds.limit(bounds.REASON))
    success_measure = models.TextField(blank=True, **bounds.limit(bounds.SHORT))
    recommendations = models.ManyToManyField("inspections.Recommendation", blank=True, related_name="actions")
    indicators = models.ManyToManyField(
        "performance.Indicator", blank=True, related_name="actions", help_text="Its success measures."
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # Optimistic lock: each saved change increments it; a form carries the version it was read at, and a save
    # from a stale form is refused instead of silently overwriting someone else's update.
    version = models.PositiveIntegerField(default=1)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[recommendations, indicators])

    class Meta:
        ordering = ["priority__plan", "priority__number", "reference", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="action_progress_0_to_100",
                violation_error_message="Progress must be between 0 and 100.",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True) | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_not_before_start",
                violation_error_message="The due date cannot be before the start date.",
            ),
            models.CheckConstraint(
                condition=models.Q(rag_override="") | ~models.Q(rag_override_reason=""),
                name="action_override_needs_reason",
                violation_error_message="A RAG override needs a reason.",
            ),
            models.UniqueConstraint(
                fields=["priority", "reference"],
                name="action_reference_unique_per_priority",
                violation_error_message="This priority already has an action with that reference.",
            ),
        ]
        indexes = [
            # "My actions" and the overdue panels: open actions by owner, most overdue first.
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_due_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:80]}"

    def save(self, *args, **kwargs):
        # The stored colour intervals are derived from the action and its history: every save (service, admin
        # site, shell) recomputes them in the same transaction, after simple_history has written its record.
        with transaction.atomic():
            before = self._priority_in_database()
            super().save(*args, **kwargs)
            left: list[int] = []
            if before is not None and before != self.priority_id:
                # Moved to another priority: the plan it left counts one action fewer.
                priority_model = type(self).priority.field.related_model
                left = list(priority_model.objects.filter(pk=before).values_list("plan_id", flat=True))
            intervals.refresh([self.pk], also_renew=left)

    def get_absolute_url(self):
        return reverse("improvement:action_detail", args=[self.pk])

    def _priority_in_database(self) -> int | None:
        """The priority the stored row has (None for a new action), read afresh under a row lock (PostgreSQL): an
        instance loaded before someone else moved the action, or a move not yet committed, must not hide the plan
        the action is leaving."""
        if self.pk is None:
            return None
        stored = type(self).objects.select_for_update(no_key=True).filter(pk=self.pk)
        return stored.values_list("priority_id", flat=True).first()

    @property
    def plan_reference(self) -> str:
        """The reference outside its plan, where "1.1" exists in several plans: 'LIP 1.1' (issue 12 item 9)."""
        return f"{self.priority.plan.short_label} {self.reference}"

    def clean(self):
        errors = {}
        if self.rag_override and not self.rag_override_reason.strip():
            errors["rag_override_reason"] = "Give a reason for overriding the computed colour."
        if self.start_date and self.due_date and self.due_date < self.start_date:
            errors["due_date"] = "The due date cannot be before the start date."
        if errors:
            raise ValidationError(errors)

    @property
    def state(self) -> rules.ActionState:
        return rules.ActionState.of(self, plan_start=self.priority.plan.start_date)

    def assess(self, as_at: datetime.date | None = None) -> rules.Assessment:
        return rules.assess(self.state, as_at or asat.today())

    def delivery_rag(self, as_at: datetime.date | None = None) -> str | None:
        """The colour shown (`rules.assess`: the override wins)."""
        return self.assess(as_at).rag

    @property
    def is_open(self) -> bool:
        return rules.is_open(self.status)

    def days_overdue(self, as_at: datetime.date | None = None) -> int:
        return rules.days_overdue(self.status, self.due_date, as_at or asat.today())


def evidence_upload_to(instance, filename):
    return f"evidence/{timezone.now():%Y/%m}/{instance.action_id}/{filename}"


class ProgressUpdate(models.Model):
    """Append-only: an action's history, and what committee reports quote."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        VERIFIED = "verified", "Verified complete"
        RETURNED = "returned", "Returned to owner"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    status = models.CharField(max_length=30, choices=Action.Status.choices)
    progress = models.PositiveSmallIntegerField()
    rag = models.CharField("RAG at the time", max_length=10, choices=RAG.choices, blank=True)
    commentary = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM))
    evidence_file = models.FileField(upload_to=evidence_upload_to, blank=True, max_length=255)
    evidence_name = models.CharField(max_length=255, blank=True, help_text="The file's name as uploaded.")
    evidence_link = models.URLField(blank=True, max_length=500)

    class Meta:
        ordering = ["action", "-created_at", "-id"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0) & models.Q(progress__lte=100),
                name="update_progress_0_to_100",
                violation_error_message="Progress must be between 0 and 100.",
            ),
        ]
        indexes = [
            # "As at" pages: each action's latest update on or before a date.
            models.Index(fields=["action", "created_at"], name="update_action_created_idx"),
        ]

    def __str__(self):
        return f"{self.action.reference} {self.created_at:%d %b %Y}: {self.get_status_display()}"

    def save(self, *args, **kwargs):
        # An update (a backdated one too) changes its action's state from its day on: recompute the intervals.
        with transaction.atomic():
            super().save(*args, **kwargs)
            intervals.refresh([self.action_id])

    def get_absolute_url(self):
        return self.action.get_absolute_url()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            intervals.refresh([self.action_id])
        return result


class ActionInterval(models.Model):
    """Days `[valid_from, valid_until)` over which an action had one state and one colour; derived from the
    action and its history by `improvement.plans.intervals.refresh`, never edited. "As at" roll-ups count these in
    the database."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="intervals")
    valid_from = models.DateField()
    valid_until = models.DateField(help_text="The first day after the interval.")
    status = models.CharField(max_length=30, choices=Action.Status.choices)
    progress = models.PositiveSmallIntegerField()
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField()
    rag_override = models.CharField(max_length=10, choices=RAG.choices, blank=True)
    rag_override_reason = models.TextField(blank=True, **bounds.limit(bounds.REASON))
    computed_rag = models.CharField(max_length=10, choices=RAG.choices, blank=True, help_text="Blank: not rated.")
    rag = models.CharField("colour shown", max_length=10, choices=RAG.choices, blank=True, help_text="Blank: none.")

    class Meta:
        ordering = ["action", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gt=models.F("valid_from")), name="interval_not_empty"
            ),
        ]
        indexes = [
            # action_states_as_at and the dashboard's roll-ups: each action's interval containing a date.
            models.Index(fields=["action", "valid_from", "valid_until"], name="interval_action_days_idx"),
            # The dashboard's roll-ups and deadline panels: the intervals containing a recent date (today's are the
            # few still running, so the end date leads).
            models.Index(fields=["valid_until", "valid_from"], name="interval_days_idx"),
        ]

    def __str__(self):
        return f"{self.action_id} {self.valid_from} to {self.valid_until}: {self.rag or 'none'}"

    def get_absolute_url(self):
        return self.action.get_absolute_url()


class PlanColoursToken(models.Model):
    """A random number replaced (`improvement.plans.intervals.renew_tokens`), in the writing transaction, whenever
    the figures the dashboard keeps for the plan may have changed: its actions' stored colour intervals rewritten
    (`intervals.refresh`, which every save of an action or a progress update calls), an action moved out of it or
    deleted, a link between one of its actions and a recommendation made or removed, a recommendation linked to
    one of its actions deleted; and every plan's after each `migrate`. Every plan gets one when created. The
    dashboard keeps each plan's figures under its token (`improvement.dashboard.builder._tallies`), so after a
    write only the plans the write touched are counted again. Never edit it by hand."""

    plan = models.OneToOneField(
        "improvement.Plan", on_delete=models.CASCADE, primary_key=True, related_name="colours_token"
    )
    token = models.BigIntegerField()

    def __str__(self):
        return f"{self.plan_id}: {self.token}"
