"""What inspectors and reviewers said: inspections, their graded judgements, findings and recommendations.

This app knows nothing of `improvement` or `performance`.
"""

import datetime
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core import bounds
from core.presentation import add_months


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Framework(models.TextChoices):
    SLAC = "slac", "SLAC (2009-2012)"
    UCRA = "ucra", "UCRA (2009-2012)"
    SIF = "sif", "Single inspection framework (2013-2017)"
    ILACS = "ilacs", "ILACS (2018 onwards)"
    JTAI = "jtai", "JTAI"
    UNGRADED = "ungraded", "Not graded"


# Each framework allows only its own scale: pre-2013 "adequate" and post-2013 "requires improvement" are
# different grades and are never mixed (DOMAIN.md section 2).
FRAMEWORK_GRADES: dict[str, tuple[str, ...]] = {
    Framework.SLAC: (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE),
    Framework.SIF: (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE),
    Framework.ILACS: (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE),
    Framework.UCRA: (),
    Framework.JTAI: (),
    Framework.UNGRADED: (),
}


def check_grade(framework: str, grade: str, field: str) -> None:
    if grade and grade not in FRAMEWORK_GRADES[framework]:
        allowed = ", ".join(Grade(g).label.lower() for g in FRAMEWORK_GRADES[framework]) or "no grades"
        raise ValidationError(
            {
                field: f"{Framework(framework).label} does not use the grade “{Grade(grade).label}”; "
                f"choose one of: {allowed}."
            }
        )


class Inspection(models.Model):
    class Kind(models.TextChoices):
        OFSTED_SLAC = "ofsted_slac", "Ofsted SLAC inspection"
        OFSTED_UCRA = "ofsted_ucra", "Ofsted unannounced inspection (UCRA)"
        OFSTED_SIF = "ofsted_sif", "Ofsted SIF inspection"
        OFSTED_ILACS = "ofsted_ilacs", "Ofsted ILACS inspection"
        OFSTED_ILACS_SHORT = "ofsted_ilacs_short", "Ofsted ILACS short inspection"
        FOCUSED_VISIT = "focused_visit", "Ofsted focused visit"
        MONITORING_VISIT = "monitoring_visit", "Ofsted monitoring visit"
        JTAI = "jtai", "Joint targeted area inspection"
        DFE_REVIEW = "dfe_review", "DfE review"
        LGA_PEER_REVIEW = "lga_peer_review", "LGA peer review"
        LGA_DIAGNOSTIC = "lga_diagnostic", "LGA peer diagnostic"
        INDEPENDENT_REVIEW = "independent_review", "Independent review"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=120, help_text="Who carried it out, e.g. Ofsted, DfE, LGA.")
    framework = models.CharField(max_length=20, choices=Framework.choices, default=Framework.UNGRADED)
    start_date = models.DateField()
    end_date = models.DateField()
    published_date = models.DateField(null=True, blank=True)
    overall_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    summary = models.TextField(blank=True, **bounds.limit(bounds.LONG))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="inspection_end_not_before_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.start_date:%B %Y})"

    def get_absolute_url(self):
        return reverse("inspections:inspection_detail", args=[self.pk])

    def clean(self):
        if self.overall_grade and self.framework:
            check_grade(self.framework, self.overall_grade, "overall_grade")

    @property
    def is_graded(self) -> bool:
        return bool(FRAMEWORK_GRADES.get(self.framework))

    @property
    def grade_choices(self) -> list[tuple[str, str]]:
        return [(g, Grade(g).label) for g in FRAMEWORK_GRADES.get(self.framework, ())]


class Judgement(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    service_area = models.CharField(max_length=120, help_text="e.g. Safeguarding, Children looked after.")
    area_name = models.CharField(max_length=200)
    grade = models.CharField(max_length=30, choices=Grade.choices)
    self_assessment_grade = models.CharField(max_length=30, choices=Grade.choices, blank=True)
    is_key = models.BooleanField("key judgement", default=False)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "order", "id"]

    def __str__(self):
        return f"{self.service_area}: {self.area_name} ({self.get_grade_display()})"

    def get_absolute_url(self):
        return self.inspection.get_absolute_url()

    def clean(self):
        if self.inspection_id is None:
            return
        framework = self.inspection.framework
        check_grade(framework, self.grade, "grade")
        check_grade(framework, self.self_assessment_grade, "self_assessment_grade")

    @property
    def differs_from_self_assessment(self) -> bool:
        return bool(self.self_assessment_grade) and self.self_assessment_grade != self.grade


class Finding(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField(**bounds.limit(bounds.MEDIUM))
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "kind", "order", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return self.inspection.get_absolute_url()


class Recommendation(models.Model):
    class Addressee(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        LSCB = "lscb", "LSCB"
        SAFEGUARDING_PARTNERS = "safeguarding_partners", "Safeguarding partners"
        PARTNER = "partner", "Named partner"

    class Timescale(models.TextChoices):
        IMMEDIATELY = "immediately", "Immediately"
        WITHIN_3_MONTHS = "within_3_months", "Within 3 months"
        WITHIN_6_MONTHS = "within_6_months", "Within 6 months"
        NONE = "none", "No timescale"

    TIMESCALE_MONTHS: ClassVar[dict[str, int]] = {
        Timescale.IMMEDIATELY: 0,
        Timescale.WITHIN_3_MONTHS: 3,
        Timescale.WITHIN_6_MONTHS: 6,
    }

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(**bounds.limit(bounds.MEDIUM))
    addressee = models.CharField(max_length=30, choices=Addressee.choices, default=Addressee.LOCAL_AUTHORITY)
    addressee_name = models.CharField(
        max_length=120, blank=True, help_text="The partner's name, when the addressee is a named partner."
    )
    timescale = models.CharField(max_length=20, choices=Timescale.choices, default=Timescale.NONE)
    is_priority_action = models.BooleanField("area for priority action", default=False)
    related = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        help_text="Recommendations from other reviews that ask for the same thing.",
    )

    history = HistoricalRecords(m2m_fields=[related])

    class Meta:
        ordering = ["inspection", "addressee", "number", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "addressee", "number"],
                name="recommendation_number_unique_per_addressee",
                violation_error_message="This inspection already has a recommendation with that number "
                "for that addressee.",
            ),
        ]

    def __str__(self):
        return f"{self.inspection.title} {self.reference}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("inspections:recommendation_detail", args=[self.pk])

    def clean(self):
        if self.addressee == self.Addressee.PARTNER and not self.addressee_name:
            raise ValidationError({"addressee_name": "Name the partner this recommendation is addressed to."})

    @property
    def reference(self) -> str:
        """'LA R1' or 'LSCB R1': an inspection may number the council's and the LSCB's recommendations from 1
        each, so the number alone is ambiguous (issue 12 item 9)."""
        return f"{self.addressee_prefix} R{self.number}"

    @property
    def addressee_prefix(self) -> str:
        if self.addressee == self.Addressee.PARTNER:
            return self.addressee_name or "Partner"
        return ADDRESSEE_PREFIXES[self.addressee]

    @property
    def addressee_display(self) -> str:
        return self.addressee_name if self.addressee == self.Addressee.PARTNER else self.get_addressee_display()

    @property
    def due_date(self) -> datetime.date | None:
        """Follows from the inspection's published date and the timescale; None without either."""
        months = self.TIMESCALE_MONTHS.get(self.timescale)
        published = self.inspection.published_date
        if months is None or published is None:
            return None
        return add_months(published, months)


# How a recommendation's reference names its addressee: "LA R1", "LSCB R1", "SP R1" (DOMAIN.md: the LA, the LSCB,
# since 2019 the three safeguarding partners, or a named partner, who is named in full).
ADDRESSEE_PREFIXES: dict[str, str] = {
    Recommendation.Addressee.LOCAL_AUTHORITY: "LA",
    Recommendation.Addressee.LSCB: "LSCB",
    Recommendation.Addressee.SAFEGUARDING_PARTNERS: "SP",
}
