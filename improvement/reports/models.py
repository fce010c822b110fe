"""Committees and the reports they receive (re-exported by `improvement.models`, the app's models module)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import bounds


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
# The report's narrative sections, as its author writes them (each a text field of CommitteeReport).
NARRATIVE_FIELDS = (
    "purpose",
    "background",
    "recommendations",
    "challenges",
    "impact",
    "financial_implications",
    "assurance",
    "risk_implications",
    "legal_implications",
    "equality_implications",
    "appendices",
)


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
    plans = models.ManyToManyField("improvement.Plan", blank=True, related_name="reports")
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
