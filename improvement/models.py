"""Improvement plans and the committee reports that watch them.

May use `inspections` (recommendations an action answers) and `performance` (indicators that measure success).
"""

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


class Committee(models.Model):
    """A board or committee that oversees plans and receives reports."""

    class Kind(models.TextChoices):
        IMPROVEMENT_BOARD = "improvement_board", "Improvement board"
        CABINET = "cabinet", "Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny committee"
        AUDIT_AND_GOVERNANCE = "audit_and_governance", "Audit and governance committee"
        CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting board"
        SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership"
        OTHER = "other", "Other body"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.OTHER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("improvement:report_list") + f"?committee={self.pk}"


class PlanQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """The plans a board watched on `day`: begun by then, not yet ended, not a draft; for today (or later) only
        plans still active, so a closed plan drops out of live counts. A plan's end date is the day it closed."""
        plans = self.exclude(status=Plan.Status.DRAFT).filter(start_date__lte=day)
        if day >= timezone.localdate():
            return plans.filter(status=Plan.Status.ACTIVE)
        # A closed plan without an end date (closed before closing asked for one) has no known span: left out.
        return plans.filter(models.Q(end_date__gte=day) | models.Q(end_date__isnull=True, status=Plan.Status.ACTIVE))


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
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM))
    inspections = models.ManyToManyField("inspections.Inspection", blank=True, related_name="plans")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_plans"
    )
    board = models.ForeignKey(
        Committee,
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
            before = type(self).objects.filter(pk=self.pk).values_list("plan_id", flat=True).first()
            super().save(*args, **kwargs)
            if before is not None and before != self.plan_id:
                intervals.refresh(Action.objects.filter(priority=self).values_list("pk", flat=True))

    def get_absolute_url(self):
        return reverse("improvement:priority_detail", args=[self.pk])


class ActionQuerySet(models.QuerySet):
    def counted(self):
        """Actions that count in totals: withdrawn ones are rated nowhere."""
        return self.exclude(status=Action.Status.WITHDRAWN)

    def open(self):
        return self.exclude(status__in=rules.CLOSED_STATUSES)

    def overdue(self, as_at: datetime.date):
        return self.open().filter(due_date__lt=as_at)

    def due_soon(self, as_at: datetime.date):
        return self.open().filter(due_date__gte=as_at, due_date__lte=as_at + datetime.timedelta(rules.DUE_SOON_DAYS))

    def owned_or_led_by(self, user):
        return self.filter(models.Q(owner=user) | models.Q(priority__lead=user))

    def with_related(self):
        """Everything a list page shows for each action, in a fixed number of queries."""
        return self.select_related("priority__plan", "priority__lead", "owner")


class Action(models.Model):
    Status = rules.ActionStatus  # defined with the rules that read it

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
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
            super().save(*args, **kwargs)
            intervals.refresh([self.pk])

    def get_absolute_url(self):
        return reverse("improvement:action_detail", args=[self.pk])

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
        return rules.ActionState(
            self.status,
            self.progress,
            self.start_date,
            self.due_date,
            self.rag_override,
            self.rag_override_reason,
            plan_start=self.priority.plan.start_date,
        )

    def assess(self, as_at: datetime.date | None = None) -> rules.Assessment:
        return rules.assess(self.state, as_at or asat.today())

    def computed_rag(self, as_at: datetime.date | None = None) -> str | None:
        return self.assess(as_at).computed_rag

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

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_file or self.evidence_link)


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


class PriorityAssessment(models.Model):
    """The priority lead's own judgement of the priority, tracked over time."""

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


SECTION_CHOICES = (
    ("purpose", "Purpose of report"),
    ("background", "Background"),
    ("inspections", "Inspection summary"),
    ("progress", "Progress on the plan"),
    ("impact", "Impact of improvement activity"),
    ("financial", "Financial implications"),
    ("assurance", "Assurance"),
    ("risks", "Risks"),
    ("legal", "Legal and equality implications"),
    ("recommendations", "Recommendations to the committee"),
    ("challenges", "Challenges and actions proposed"),
    ("appendices", "Appendices"),
)
SECTION_KEYS = tuple(key for key, _title in SECTION_CHOICES)


def default_sections() -> list[str]:
    return list(SECTION_KEYS)


class ReportLocked(ValidationError):
    """An issued report was asked to change or disappear: it never does (withdraw or supersede it instead)."""


class CommitteeReportQuerySet(models.QuerySet):
    def delete(self):
        # The admin's "delete selected" and any shell bulk delete come here, not through Model.delete().
        if self.filter(status=CommitteeReport.Status.ISSUED).exists():
            raise ReportLocked("Issued reports are never deleted; withdraw or supersede the report instead.")
        return super().delete()


class CommitteeReport(models.Model):
    # Once issued, only these may still be written, once: the record of its withdrawal or replacement.
    WITHDRAWAL_FIELDS = frozenset({"withdrawn_at", "withdrawn_by", "withdrawal_reason", "superseded_by"})

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ISSUED = "issued", "Issued"

    class Classification(models.TextChoices):
        OPEN = "open", "Open"
        EXEMPT = "exempt", "Exempt"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reports")
    meeting_date = models.DateField()
    title = models.CharField(max_length=250)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    baseline_date = models.DateField(help_text="Figures and colours are compared with this date.")
    current_date = models.DateField(help_text="The date the report shows things as at.")
    plans = models.ManyToManyField(Plan, blank=True, related_name="reports")
    inspections = models.ManyToManyField("inspections.Inspection", blank=True, related_name="reports")
    indicators = models.ManyToManyField("performance.Indicator", blank=True, related_name="reports")
    purpose = models.TextField(blank=True, **bounds.limit(bounds.LONG))
    background = models.TextField(blank=True, **bounds.limit(bounds.LONG))
    recommendations = models.TextField("recommendations to the committee", blank=True, **bounds.limit(bounds.LONG))
    challenges = models.TextField("challenges and actions proposed", blank=True, **bounds.limit(bounds.LONG))
    impact = models.TextField("impact of improvement activity", blank=True, **bounds.limit(bounds.LONG))
    financial_implications = models.TextField(blank=True, **bounds.limit(bounds.LONG))
    assurance = models.TextField("assurance", blank=True, **bounds.limit(bounds.LONG))
    risk_implications = models.TextField("risks", blank=True, **bounds.limit(bounds.LONG))
    legal_implications = models.TextField(blank=True, **bounds.limit(bounds.LONG))
    equality_implications = models.TextField(blank=True, **bounds.limit(bounds.LONG))
    appendices = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM), help_text="One appendix a line.")
    # The committee paper's front page (seed papers 000, 001, 003, 004).
    agenda_item = models.CharField(max_length=20, blank=True, help_text='e.g. "9".')
    report_of = models.CharField(
        "report of", max_length=200, blank=True, help_text='e.g. "Head of Assurance, Procurement and Projects".'
    )
    classification = models.CharField(max_length=10, choices=Classification.choices, default=Classification.OPEN)
    exempt_reason = models.CharField(
        max_length=300, blank=True, help_text="Required when exempt: the paragraph of Schedule 12A that applies."
    )
    sections = models.JSONField(
        default=default_sections, blank=True, help_text="The sections the author chose to show, in the paper's order."
    )
    suppress_below = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Show counts below this number as 'fewer than N' (e.g. 5), as published children's data must.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Once issued: exactly what the report showed (figures, colours, text, chart data, thresholds in force).
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    # The issued paper as printed, rendered once after issue and served from here ever after (never per request).
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    withdrawal_reason = models.TextField(blank=True, editable=False, **bounds.limit(bounds.REASON))
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        editable=False,
        help_text="The corrected report that replaces this one.",
    )

    objects = CommitteeReportQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[plans, inspections, indicators], excluded_fields=["pdf"])

    class Meta:
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(current_date__gte=models.F("baseline_date")),
                name="report_current_not_before_baseline",
                violation_error_message="The current date cannot be before the baseline date.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(snapshot__isnull=False, issued_at__isnull=False),
                name="report_issued_has_snapshot",
                violation_error_message="An issued report must have its frozen snapshot.",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | (models.Q(status="issued") & ~models.Q(withdrawal_reason="")),
                name="report_withdrawn_is_issued_with_reason",
                violation_error_message="Only an issued report can be withdrawn, and only with a reason.",
            ),
        ]

    def __str__(self):
        return f"{self.committee}, {self.meeting_date:%-d %B %Y}: {self.title}"

    def save(self, *args, **kwargs):
        """An issued report never changes: the only write it accepts is its withdrawal, once."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values("status", "withdrawn_at").first()
            if stored and stored["status"] == self.Status.ISSUED:
                fields = kwargs.get("update_fields")
                if stored["withdrawn_at"] is not None or not fields or not set(fields) <= self.WITHDRAWAL_FIELDS:
                    raise ReportLocked(
                        "This report has been issued and can no longer be changed; withdraw it or supersede it "
                        "with a corrected report."
                    )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("improvement:report_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_issued or type(self).objects.filter(pk=self.pk, status=self.Status.ISSUED).exists():
            raise ReportLocked("Issued reports are never deleted; withdraw or supersede the report instead.")
        return super().delete(*args, **kwargs)

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if not self.is_issued and self.current_date and self.current_date > today:
            errors["current_date"] = (
                f"The figures' date cannot be after today ({today:%-d %B %Y}): a report shows what has happened. "
                "Choose today or an earlier date."
            )
        if self.is_issued and self.issued_at and self.current_date > timezone.localdate(self.issued_at):
            errors["current_date"] = "The figures' date cannot be after the day the report is issued."
        if self.classification == self.Classification.EXEMPT and not self.exempt_reason.strip():
            errors["exempt_reason"] = "Say why the report is exempt (the paragraph of Schedule 12A that applies)."
        unknown = [key for key in self.sections or [] if key not in SECTION_KEYS]
        if unknown:
            errors["sections"] = f"Unknown section(s): {', '.join(map(str, unknown))}."
        if errors:
            raise ValidationError(errors)

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def status_text(self) -> str:
        if self.is_withdrawn:
            return "Superseded" if self.superseded_by_id else "Withdrawn"
        return self.get_status_display()


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


from improvement.governance.models import AssuranceRating, BudgetLine, Risk  # noqa: E402, F401  (registers the models)
