"""Budget lines, assurance ratings and the risk register of a plan.

Each keeps its change history (django-simple-history) and carries its own date (the date its figures, rating or
score describe), so a report shows each as it stood on the report's dates: see `improvement.governance.selectors`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import bounds
from improvement.governance import rules

FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


class _Money(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _Money = {"max_digits": 12, "decimal_places": 2}


def validate_financial_year(value: str) -> None:
    match = FINANCIAL_YEAR.match(value or "")
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValidationError(
            f"Write the financial year as two consecutive years, e.g. 2015/16 (not '{value}').", code="year"
        )


class BudgetLine(models.Model):
    """Money against a plan, one of its priorities (projects) or one of its actions, for one financial year."""

    class Source(models.TextChoices):
        BASE_BUDGET = "base_budget", "Base budget"
        ONE_OFF = "one_off_reserve", "One-off reserve"
        BID = "bid", "Bid"
        GRANT = "grant", "Grant"
        OTHER = "other", "Other"

    plan = models.ForeignKey("improvement.Plan", on_delete=models.CASCADE, related_name="budget_lines")
    priority = models.ForeignKey(
        "improvement.Priority", null=True, blank=True, on_delete=models.CASCADE, related_name="budget_lines"
    )
    action = models.ForeignKey(
        "improvement.Action", null=True, blank=True, on_delete=models.CASCADE, related_name="budget_lines"
    )
    financial_year = models.CharField(max_length=7, validators=[validate_financial_year], help_text="e.g. 2015/16")
    source = models.CharField(max_length=20, choices=Source.choices)
    description = models.CharField(max_length=250)
    requested = models.DecimalField(**MONEY, default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    approved = models.DecimalField(
        **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal(0))], help_text="Blank: not decided."
    )
    spent = models.DecimalField(
        "spent to date", **MONEY, default=Decimal(0), validators=[MinValueValidator(Decimal(0))]
    )
    forecast = models.DecimalField(
        "forecast outturn", **MONEY, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    figures_date = models.DateField("figures as at", help_text="The date the amounts describe.")
    note = models.TextField(blank=True, **bounds.limit(bounds.SHORT))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "financial_year", "priority__number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested__gte=0)
                & models.Q(spent__gte=0)
                & (models.Q(approved__isnull=True) | models.Q(approved__gte=0))
                & (models.Q(forecast__isnull=True) | models.Q(forecast__gte=0)),
                name="budget_amounts_not_negative",
                violation_error_message="Amounts cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.financial_year} {self.description}"

    def get_absolute_url(self):
        return reverse("improvement:plan_governance", args=[self.plan_id])

    def clean(self):
        errors = {}
        if self.priority_id and self.plan_id and self.priority.plan_id != self.plan_id:
            errors["priority"] = "Choose a priority of this plan."
        if self.action_id and self.plan_id and self.action.priority.plan_id != self.plan_id:
            errors["action"] = "Choose an action of this plan."
        elif self.action_id and self.priority_id and self.action.priority_id != self.priority_id:
            errors["action"] = "The action belongs to another priority: choose its own priority or none."
        if errors:
            raise ValidationError(errors)

    @property
    def attached_to(self) -> str:
        if self.action is not None:
            return f"Action {self.action.reference}"
        if self.priority is not None:
            return f"Priority {self.priority.number}. {self.priority.title}"
        return "Whole plan"


class AssuranceRating(models.Model):
    """The independent assurance team's rating of a plan (or an area of it) on a date, with its commentary."""

    class Scale(models.TextChoices):
        FOUR_LEVEL = "four_level", "Substantial / reasonable / limited / no assurance"
        RAG = "rag", "Red / amber / green"

    class Level(models.TextChoices):
        SUBSTANTIAL = "substantial", "Substantial assurance"
        REASONABLE = "reasonable", "Reasonable assurance"
        LIMITED = "limited", "Limited assurance"
        NONE = "none", "No assurance"
        GREEN = "green", "Green"
        AMBER = "amber", "Amber"
        RED = "red", "Red"

    SCALE_LEVELS = {
        Scale.FOUR_LEVEL: (Level.SUBSTANTIAL, Level.REASONABLE, Level.LIMITED, Level.NONE),
        Scale.RAG: (Level.GREEN, Level.AMBER, Level.RED),
    }

    plan = models.ForeignKey("improvement.Plan", on_delete=models.CASCADE, related_name="assurance_ratings")
    area = models.CharField(max_length=200, blank=True, help_text="Blank: the plan as a whole.")
    rated_on = models.DateField()
    scale = models.CharField(max_length=20, choices=Scale.choices, default=Scale.RAG)
    level = models.CharField(max_length=20, choices=Level.choices)
    assessor = models.CharField(max_length=200, help_text='e.g. "Risk and Assurance Team".')
    commentary = models.TextField(**bounds.limit(bounds.MEDIUM))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-rated_on", "-id"]
        indexes = [
            # The rating in force on a date: a plan's ratings on or before it, newest first.
            models.Index(fields=["plan", "rated_on"], name="assurance_plan_rated_idx"),
        ]

    def __str__(self):
        return f"{self.plan}: {self.get_level_display()} ({self.rated_on:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("improvement:plan_governance", args=[self.plan_id])

    def clean(self):
        if self.scale and self.level and self.level not in self.SCALE_LEVELS.get(self.scale, ()):
            allowed = ", ".join(str(self.Level(level).label).lower() for level in self.SCALE_LEVELS[self.scale])
            raise ValidationError({"level": f"On the scale '{self.get_scale_display()}' choose one of: {allowed}."})

    @property
    def colour(self) -> str:
        return rules.assess_assurance(self.level)[0]


class Risk(models.Model):
    """One row of a plan's risk register."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    plan = models.ForeignKey("improvement.Plan", on_delete=models.CASCADE, related_name="risks")
    reference = models.CharField(max_length=20, help_text='e.g. "R1".')
    description = models.TextField(**bounds.limit(bounds.SHORT))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="owned_risks"
    )
    likelihood = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (rare) to 5 (almost certain)."
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 (minor) to 5 (severe)."
    )
    mitigation = models.TextField("mitigation", blank=True, **bounds.limit(bounds.MEDIUM))
    mitigating_actions = models.ManyToManyField("improvement.Action", blank=True, related_name="risks")
    assessed_on = models.DateField("scored on", help_text="The date the likelihood and impact describe.")
    review_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    history = HistoricalRecords(m2m_fields=[mitigating_actions])

    class Meta:
        ordering = ["plan", "reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "reference"],
                name="risk_reference_unique_per_plan",
                violation_error_message="This plan already has a risk with that reference.",
            ),
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_1_to_5",
                violation_error_message="Likelihood and impact are scored 1 to 5.",
            ),
            models.CheckConstraint(
                condition=models.Q(review_date__gte=models.F("assessed_on")),
                name="risk_review_not_before_scoring",
                violation_error_message="The review date cannot be before the date the risk was scored.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.description[:80]}"

    def get_absolute_url(self):
        return reverse("improvement:plan_governance", args=[self.plan_id])

    def clean(self):
        if self.assessed_on and self.review_date and self.review_date < self.assessed_on:
            raise ValidationError({"review_date": "The review date cannot be before the date the risk was scored."})

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    def assess(self) -> tuple[str, list[str]]:
        return rules.assess_risk(self.likelihood, self.impact)
