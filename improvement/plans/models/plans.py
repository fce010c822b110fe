"""Plans and their priorities, the leads' assessments of their priorities, and the reminder log."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import bounds
from core.rag import RAG
from improvement.plans import intervals
from improvement.plans.models.actions import Action


class PlanQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """The plans a board watched on `day`: begun by then, not yet ended, not a draft; for today (or later) only
        plans still active, so a closed plan drops out of live counts. A plan's end date is the day it closed."""
        plans = self.exclude(status=Plan.Status.DRAFT).filter(start_date__lte=day)
        if day >= timezone.localdate():
            return plans.filter(status=Plan.Status.ACTIVE)
        # A closed plan without an end date (closed before closing asked for one) has no known span: left out.
        return plans.filter(models.Q(end_date__gte=day) | models.Q(end_date__isnull=True, status=Plan.Status.ACTIVE))


# Small words left out of a plan's initials ("Learning and Improvement Plan" is "LIP").
_MINOR_WORDS = frozenset({"and", "of", "the", "for", "in", "on", "to", "a", "an"})


def plan_initials(name: str) -> str:
    """'Learning and Improvement Plan' -> 'LIP'; '100 Day Plan' -> '100DP' (a number is kept whole)."""
    words = [w for w in name.replace("-", " ").split() if w.lower() not in _MINOR_WORDS]
    return "".join(w if w.isdigit() else w[0].upper() for w in words) or name


class Plan(models.Model):
    class Kind(models.TextChoices):
        HUNDRED_DAY = "100_day", "100 day plan"
        IMPROVEMENT = "improvement", "Improvement plan"
        ACTION = "action", "Action plan"
        QUALITY_IMPROVEMENT = "quality_improvement", "Quality improvement plan"
        LEARNING_AND_IMPROVEMENT = "learning_and_improvement", "Learning and improvement plan"
        PROGRAMME = "programme", "Improvement programme"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=20,
        blank=True,
        help_text="Names the plan beside its action references outside it, e.g. “LIP” for “LIP 1.1”. "
        "Blank: the initials of the plan's name.",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM))
    inspections = models.ManyToManyField("inspections.Inspection", blank=True, related_name="plans")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_plans"
    )
    board = models.ForeignKey(
        "improvement.Committee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text="The board that oversees this plan.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    sponsor = models.CharField(
        "sponsoring group",
        max_length=300,
        blank=True,
        help_text="The group that sponsors the plan and decides when it is complete (seed 004).",
    )
    completion_criterion = models.TextField(blank=True, **bounds.limit(bounds.SHORT))

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[inspections])

    class Meta:
        ordering = ["-start_date", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="plan_end_not_before_start",
                violation_error_message="The plan's end date cannot be before its start date.",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Nothing in a plan is rated before the plan starts (rules "not yet started"): a new start date changes the
        # stored colour intervals of every action in it.
        with transaction.atomic():
            before = type(self).objects.filter(pk=self.pk).values_list("start_date", flat=True).first()
            super().save(*args, **kwargs)
            if before is not None and before != self.start_date:
                intervals.refresh(Action.objects.filter(priority__plan=self).values_list("pk", flat=True))

    def get_absolute_url(self):
        return reverse("improvement:plan_detail", args=[self.pk])

    @property
    def short_label(self) -> str:
        """'LIP' for the Learning and Improvement Plan: the short name, else the name's initials (numbers whole)."""
        return self.short_name or plan_initials(self.name)

    @property
    def is_programme(self) -> bool:
        """A programme's priorities are projects, each with a lead."""
        return self.kind == self.Kind.PROGRAMME

    def clean(self):
        """A plan closes only when nothing is left open in it, and on a known day (its end date)."""
        if self.status != self.Status.CLOSED:
            return
        errors = {}
        if self.end_date is None:
            errors["end_date"] = "Give the date the plan closed as its end date."
        if self.pk is not None:
            still_open = list(
                Action.objects.open().filter(priority__plan=self).order_by("priority__number", "reference")[:11]
            )
            if still_open:
                names = ", ".join(a.reference for a in still_open[:10]) + (" and more" if len(still_open) > 10 else "")
                errors["status"] = (
                    f"The plan still has open actions ({names}): complete, withdraw or move each of them to "
                    "another plan before closing it."
                )
        if errors:
            raise ValidationError(errors)


class Priority(models.Model):
    """A plan's theme, workstream or project."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_priorities"
    )
    description = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM))

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "priorities"
        ordering = ["plan", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="priority_number_unique_per_plan",
                violation_error_message="This plan already has a priority with that number.",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def save(self, *args, **kwargs):
        # A priority moved to another plan takes its actions to that plan's start (rules "not yet started").
        with transaction.atomic():
            # Under a row lock (PostgreSQL), so that a move not yet committed is waited for, not missed.
            stored = type(self).objects.select_for_update(no_key=True).filter(pk=self.pk)
            before = stored.values_list("plan_id", flat=True).first()
            super().save(*args, **kwargs)
            if before is not None and before != self.plan_id:
                # The plan it left counts its actions no more.
                actions = Action.objects.filter(priority=self).values_list("pk", flat=True)
                intervals.refresh(actions, also_renew=[before])

    def get_absolute_url(self):
        return reverse("improvement:priority_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The priority named outside its plan (drop-downs listing several plans): 'LIP 1. Recruitment'."""
        return f"{self.plan.short_label} {self}"


class PriorityAssessment(models.Model):
    """The priority lead's own assessment of the priority (a colour and why), tracked over time."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField(default=timezone.localdate)
    rag = models.CharField("assessed RAG", max_length=10, choices=RAG.choices)
    commentary = models.TextField(**bounds.limit(bounds.MEDIUM))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "-date", "-id"]
        get_latest_by = "date"

    def __str__(self):
        return f"{self.priority} {self.date}: {self.get_rag_display()}"

    def get_absolute_url(self):
        return self.priority.get_absolute_url()


class ReminderLog(models.Model):
    """One reminder digest sent to one owner on one day, so a second run that day sends nothing."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    overdue_count = models.PositiveIntegerField(default=0)
    due_soon_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-date", "recipient_id"]
        constraints = [
            # send_reminders claims (recipient, date) before sending: the database refuses a second claim.
            models.UniqueConstraint(fields=["recipient", "date"], name="reminder_once_per_owner_per_day"),
        ]

    def __str__(self):
        return f"Reminder to {self.recipient} on {self.date}"

    def get_absolute_url(self):
        return reverse("improvement:my_actions")
