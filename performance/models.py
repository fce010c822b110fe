"""Dated performance figures: indicators, the council's and comparators' observations, and targets over time.

This app knows nothing of `improvement` or `inspections`.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core import bounds
from performance import rules


class Authority(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "This council"
        ENGLAND = "england", "England"
        STATISTICAL_NEIGHBOURS = "statistical_neighbours", "Statistical neighbours"
        REGION = "region", "Region"
        COMPARATOR = "comparator", "Named council"
        # Every other English council, from the shipped reference data (performance/reference/).
        LOCAL_AUTHORITY = "local_authority", "Council"

    name = models.CharField(max_length=120)
    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    child_population = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Children aged 0-17, for rates per 10,000 where no population is known for the figure's year.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    la_number = models.CharField(
        "DfE LA number", max_length=3, blank=True, help_text="The three-digit number DfE files use, e.g. 394."
    )
    ons_code = models.CharField("ONS code", max_length=9, blank=True, help_text="e.g. E08000024; E92000001 England.")
    former_codes = models.CharField(
        max_length=200,
        blank=True,
        help_text="Earlier DfE numbers or ONS codes of a reorganised council, comma-separated.",
    )
    la_type = models.CharField("type", max_length=40, blank=True)
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="councils",
        limit_choices_to={"kind": "region"},
    )
    neighbours = models.ManyToManyField(
        "self", through="StatisticalNeighbour", symmetrical=False, blank=True, related_name="neighbour_of"
    )

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

    @property
    def codes(self) -> list[str]:
        """Every identifier a file may use for this authority: DfE number, ONS code, former codes."""
        found = [self.la_number, self.ons_code, *self.former_codes.split(",")]
        return [c.strip() for c in found if c and c.strip()]


class StatisticalNeighbour(models.Model):
    """One of a council's ten statistical neighbours (DfE's list), ranked 1 (most similar) to 10."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="neighbour_links")
    neighbour = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="neighbour_of_links")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["authority", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "neighbour"], name="neighbour_once_per_authority"),
        ]

    def __str__(self):
        return f"{self.authority}: {self.rank}. {self.neighbour}"


class ChildPopulation(models.Model):
    """Children aged 0-17 in an authority, for the year ending on `year_end` (31 March): the population behind
    DfE's published rates for that year, and the one a derived rate for a period in that year uses."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="populations")
    year_end = models.DateField()
    population = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["authority", "year_end"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "year_end"], name="population_one_per_authority_year"),
        ]

    def __str__(self):
        return f"{self.authority} {self.year_end}: {self.population}"


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
    year_end_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Annual indicators: the month whose last day ends the publication's year (3: 31 March, 9: 30 "
        "September). Their figures are dated that day.",
    )
    category = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=60, blank=True, help_text="e.g. CIN census, SSDA903, local.")
    publication = models.CharField(max_length=200, blank=True, help_text="The publication the figures come from.")
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
        if self.frequency == self.Frequency.ANNUAL and self.year_end_month is None:
            raise ValidationError({"year_end_month": "An annual indicator needs the month its year ends (3 or 9)."})
        if self.year_end_month is not None and not 1 <= self.year_end_month <= 12:
            raise ValidationError({"year_end_month": "A month is 1 to 12."})

    @property
    def is_derived(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_annual(self) -> bool:
        return self.frequency == self.Frequency.ANNUAL

    @property
    def year_ends(self) -> str:
        """'31 March' for an annual indicator whose year ends in March."""
        if not self.year_end_month:
            return ""
        return datetime.date(2001, self.year_end_month, calendar.monthrange(2001, self.year_end_month)[1]).strftime(
            "%-d %B"
        )

    def ends_period(self, day: datetime.date) -> bool:
        """Whether `day` ends one of this indicator's periods: an annual indicator's year ends on one day a year."""
        if self.is_annual and self.year_end_month:
            return day.month == self.year_end_month and day.day == calendar.monthrange(day.year, day.month)[1]
        return rules.is_period_end(self.frequency, day)

    def period_error(self, day: datetime.date) -> str | None:
        """Why a figure dated `day` does not fit this indicator's frequency, or None. Monthly and quarterly figures
        may be snapshots on any day; an annual figure describes the year ending on the publication's date."""
        if not self.is_annual or self.ends_period(day):
            return None
        month = self.year_end_month or 3
        return (
            f"'{self.code}' is an annual figure for the year to {self.year_ends}; date it {self.year_ends} "
            f"(e.g. {day.year}-{month:02d}-{calendar.monthrange(day.year, month)[1]}), "
            f"not {day.isoformat()}. A figure for a month belongs in a monthly indicator."
        )

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


class ObservationQuerySet(models.QuerySet):
    def plausible(self, today: datetime.date) -> "ObservationQuerySet":
        """Figures whose period end is a real period (1990 to the end of the period `today` falls in)."""
        return self.filter(period_end__range=(rules.EARLIEST_PERIOD_END, rules.latest_plausible_period_end(today)))

    def implausible(self, today: datetime.date) -> "ObservationQuerySet":
        """Figures stored with a period end no real period has (9999-12-31, 2062, 1899-12-31): loaded before the
        check existed or written past it. Pages leave them out; admins correct or delete them."""
        latest = rules.latest_plausible_period_end(today)
        return self.filter(models.Q(period_end__lt=rules.EARLIEST_PERIOD_END) | models.Q(period_end__gt=latest))


class Observation(models.Model):
    class MissingReason(models.TextChoices):
        # DfE's markers in published statistics (DOMAIN.md section 3).
        SUPPRESSED = "c", "Suppressed (c)"
        NOT_AVAILABLE = "x", "Not available (x)"
        NOT_APPLICABLE = "z", "Not applicable (z)"
        UNRELIABLE = "u", "Unreliable (u)"
        # DfE: a positive figure that rounds to zero at the published precision.
        LOW = "low", "Low, rounds to zero (low)"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="observations")
    period_end = models.DateField(help_text="The day the figure describes; a monthly figure, the month's last day.")
    value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    missing_reason = models.CharField(max_length=3, choices=MissingReason.choices, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ObservationQuerySet.as_manager()

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

    def clean(self):
        """Refuse a period end no real period has, wherever the figure comes from (import, entry, admin)."""
        if self.period_end and (
            problem := rules.period_end_problem(
                self.period_end, latest=rules.latest_plausible_period_end(timezone.localdate())
            )
        ):
            raise ValidationError({"period_end": problem})


class ColumnMapping(models.Model):
    """A measure column of a published statistics file that an admin mapped to an indicator in the import
    preview, remembered for the next file with the same column."""

    column = models.CharField(max_length=100, unique=True, help_text="The column name as the file spells it.")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="column_mappings")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["column"]

    def __str__(self):
        return f"{self.column} -> {self.indicator.code}"

    def get_absolute_url(self):
        return self.indicator.get_absolute_url()
