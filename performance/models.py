"""Dated performance figures: indicators, the council's and comparators' observations, and targets over time.

This app knows nothing of `improvement` or `inspections`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import bounds


class Authority(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "This council"
        ENGLAND = "england", "England"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
        REGION = "region", "Region"
        COMPARATOR = "comparator", "Named council"

    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    child_population = models.PositiveIntegerField(
        null=True, blank=True, help_text="Children aged 0-17, for rates per 10,000."
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "authorities"
        ordering = ["order", "name", "id"]
        constraints = [
            # Exactly one row is "this council": the default authority of every entry and import.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="council"),
                name="authority_one_home_council",
                violation_error_message="There is already an authority marked as this council.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("performance:indicator_list")

    @property
    def is_home(self) -> bool:
        return self.kind == self.Kind.COUNCIL


class Indicator(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", "Count"
        PERCENT = "percent", "Percent"
        RATE_PER_10K = "rate_per_10k", "Rate per 10,000 children"
        DAYS = "days", "Days"
        NUMBER = "number", "Number"

    class Polarity(models.TextChoices):
        HIGHER_IS_BETTER = "higher", "Higher is better"
        LOWER_IS_BETTER = "lower", "Lower is better"
        CONTEXT = "context", "Context (no good direction)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    code = models.SlugField(
        max_length=60,
        unique=True,
        error_messages={"unique": "An indicator with this code already exists; indicator codes must be unique."},
    )
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True, **bounds.limit(bounds.MEDIUM))
    unit = models.CharField(max_length=20, choices=Unit.choices)
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    category = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=60, blank=True, help_text="e.g. CIN census, SSDA903, local.")
    default_tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        default=0,
        help_text="How far worse than target still counts as amber, in the indicator's unit.",
    )
    # Derived indicators are computed, never typed in: value = numerator / denominator x factor. Without a
    # denominator indicator, the denominator is the authority's child population (rates per 10,000).
    numerator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived_as_numerator"
    )
    denominator = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived_as_denominator"
    )
    factor = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    is_key = models.BooleanField("key indicator", default=False, help_text="Shown on the dashboard.")
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True) | models.Q(factor__isnull=False),
                name="indicator_derived_needs_factor",
                violation_error_message="A derived indicator needs a factor (100 for a percent, "
                "10,000 for a rate per 10,000).",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return reverse("performance:indicator_detail", args=[self.code])

    def clean(self):
        if self.denominator_id and not self.numerator_id:
            raise ValidationError({"numerator": "A derived indicator needs a numerator indicator."})
        if self.numerator_id and self.numerator_id == self.pk:
            raise ValidationError({"numerator": "An indicator cannot be derived from itself."})

    @property
    def is_derived(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_context(self) -> bool:
        return self.polarity == self.Polarity.CONTEXT


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    tolerance = models.DecimalField(
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Blank: the indicator's default tolerance.",
    )
    effective_from = models.DateField(help_text="Periods ending on or after this date are judged against it.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "effective_from"],
                name="target_one_per_indicator_and_date",
                violation_error_message="This indicator already has a target from that date.",
            ),
            models.CheckConstraint(
                condition=models.Q(tolerance__isnull=True) | models.Q(tolerance__gte=0),
                name="target_tolerance_not_negative",
                violation_error_message="A tolerance cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value} from {self.effective_from}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()

    @property
    def effective_tolerance(self):
        return self.indicator.default_tolerance if self.tolerance is None else self.tolerance


class Observation(models.Model):
    class MissingReason(models.TextChoices):
        # DfE's markers in published statistics (DOMAIN.md section 3).
        SUPPRESSED = "c", "Suppressed (c)"
        NOT_AVAILABLE = "x", "Not available (x)"
        NOT_APPLICABLE = "z", "Not applicable (z)"
        UNRELIABLE = "u", "Unreliable (u)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="observations")
    period_end = models.DateField(help_text="The day the figure describes; a monthly figure, the month's last day.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    missing_reason = models.CharField(max_length=1, choices=MissingReason.choices, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "authority", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "authority", "period_end"],
                name="observation_unique_per_indicator_authority_period",
                violation_error_message="There is already a figure for this indicator, authority and date.",
            ),
            models.CheckConstraint(
                condition=(
                    (models.Q(value__isnull=False) & models.Q(missing_reason=""))
                    | (models.Q(value__isnull=True) & ~models.Q(missing_reason=""))
                ),
                name="observation_value_or_missing_reason",
                violation_error_message="Give either a value or a reason it is missing (c, x, z or u), not both.",
            ),
        ]
        indexes = [
            # Indicator pages and dashboards read one authority's series, latest first.
            models.Index(fields=["authority", "indicator", "-period_end"], name="obs_series_latest_idx"),
        ]

    def __str__(self):
        shown = self.value if self.value is not None else self.missing_reason
        return f"{self.indicator.code} {self.authority.code} {self.period_end}: {shown}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()
