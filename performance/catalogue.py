"""The indicator catalogue shipped with the app (DOMAIN.md section 3), as plain data.

Kept free of model imports so that the data migration can apply it with the historical model, and the demo loader
and tests can read the same definitions. Derived indicators name their numerator and denominator by code; a
derived indicator without a denominator is a rate over the authority's child population (see
`performance.models.Indicator`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FRONT_DOOR = "Front door"
ASSESSMENT = "Assessment"
CHILD_PROTECTION = "Child protection"
LOOKED_AFTER = "Children looked after"
CARE_LEAVERS = "Care leavers"
WORKFORCE = "Caseloads and workforce"
QUALITY = "Quality"

CATEGORIES = (FRONT_DOOR, ASSESSMENT, CHILD_PROTECTION, LOOKED_AFTER, CARE_LEAVERS, WORKFORCE, QUALITY)

# Values of Indicator.Unit / Polarity / Frequency, spelt out so this module needs no model import.
COUNT, PERCENT, RATE, DAYS, NUMBER = "count", "percent", "rate_per_10k", "days", "number"
HIGHER, LOWER, CONTEXT = "higher", "lower", "context"
MONTHLY, ANNUAL = "monthly", "annual"
# The month whose last day ends an annual publication's year.
MARCH, SEPTEMBER = 3, 9

CIN = "Characteristics of children in need (DfE, annual; year to 31 March)"
CLA = "Children looked after in England including adoptions (DfE, annual; year to 31 March)"
CSWW = "Children's social work workforce (DfE, annual; at 30 September)"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    definition: str
    unit: str
    polarity: str
    category: str
    source: str
    # How far worse than target still counts as amber, in the indicator's unit. Context indicators have no
    # target colour, so theirs is 0.
    default_tolerance: Decimal = Decimal(0)
    is_key: bool = False
    numerator: str | None = None
    denominator: str | None = None
    factor: Decimal | None = None
    frequency: str = MONTHLY
    year_end_month: int | None = None
    publication: str = ""

    @property
    def is_derived(self) -> bool:
        return self.numerator is not None


CATALOGUE: tuple[IndicatorSpec, ...] = (
    # Front door
    IndicatorSpec(
        "contacts",
        "Contacts received",
        "Contacts received at the front door (MASH) in the month, before any threshold decision.",
        COUNT,
        CONTEXT,
        FRONT_DOOR,
        "Local",
    ),
    IndicatorSpec(
        "referrals",
        "Referrals accepted",
        "Contacts accepted as referrals to children's social care in the month.",
        COUNT,
        CONTEXT,
        FRONT_DOOR,
        "CIN census",
    ),
    IndicatorSpec(
        "contact_to_referral_pct",
        "Contacts that became referrals",
        "Referrals accepted as a percentage of contacts received in the month. Computed from the two counts.",
        PERCENT,
        CONTEXT,
        FRONT_DOOR,
        "Local (derived)",
        numerator="referrals",
        denominator="contacts",
        factor=Decimal(100),
    ),
    IndicatorSpec(
        "rereferral_12m_pct",
        "Re-referrals within 12 months",
        "Referrals within 12 months of a previous referral, as a percentage of all referrals (rolling 12 months).",
        PERCENT,
        LOWER,
        FRONT_DOOR,
        "CIN census",
        default_tolerance=Decimal(3),
        is_key=True,
    ),
    # Assessment
    IndicatorSpec(
        "assess_45wd_pct",
        "Assessments completed within 45 working days",
        "Child and family assessments completed within 45 working days of referral, as a percentage of "
        "assessments completed (rolling 12 months).",
        PERCENT,
        HIGHER,
        ASSESSMENT,
        "CIN census",
        default_tolerance=Decimal(5),
        is_key=True,
    ),
    IndicatorSpec(
        "assess_overdue",
        "Assessments open past their timescale",
        "Assessments still open at the period end after their statutory timescale has passed (snapshot).",
        COUNT,
        LOWER,
        ASSESSMENT,
        "Local",
        default_tolerance=Decimal(20),
    ),
    # Child protection
    IndicatorSpec(
        "s47_open_28d",
        "Section 47 enquiries open more than 28 days",
        "Section 47 enquiries open at the period end that started more than 28 days earlier (snapshot).",
        COUNT,
        LOWER,
        CHILD_PROTECTION,
        "Local",
        default_tolerance=Decimal(5),
    ),
    IndicatorSpec(
        "s47_rate",
        "Section 47 enquiries per 10,000 children",
        "Section 47 enquiries started in the last 12 months per 10,000 children aged 0-17.",
        RATE,
        CONTEXT,
        CHILD_PROTECTION,
        "CIN census",
    ),
    IndicatorSpec(
        "icpc_15wd_pct",
        "Initial conferences within 15 working days",
        "Initial child protection conferences held within 15 working days of the strategy discussion, as a "
        "percentage of initial conferences held (rolling 12 months).",
        PERCENT,
        HIGHER,
        CHILD_PROTECTION,
        "CIN census",
        default_tolerance=Decimal(5),
        is_key=True,
    ),
    IndicatorSpec(
        "cp_rate",
        "Children on a child protection plan per 10,000",
        "Children subject to a child protection plan at the period end per 10,000 children aged 0-17.",
        RATE,
        CONTEXT,
        CHILD_PROTECTION,
        "CIN census",
    ),
    IndicatorSpec(
        "cp_repeat_pct",
        "Second or later child protection plans",
        "Child protection plans started in the last 12 months that were the child's second or later plan, as a "
        "percentage of plans started.",
        PERCENT,
        LOWER,
        CHILD_PROTECTION,
        "CIN census",
        default_tolerance=Decimal(3),
    ),
    IndicatorSpec(
        "cp_2yr_pct",
        "Child protection plans lasting two years or more",
        "Child protection plans ended in the last 12 months that had lasted two years or more, as a percentage "
        "of plans ended.",
        PERCENT,
        LOWER,
        CHILD_PROTECTION,
        "CIN census",
        default_tolerance=Decimal(2),
    ),
    IndicatorSpec(
        "cp_visit_10wd_pct",
        "Children on a plan seen within 10 working days",
        "Children subject to a child protection plan seen by their social worker within the last 10 working "
        "days, as a percentage of children on a plan at the period end.",
        PERCENT,
        HIGHER,
        CHILD_PROTECTION,
        "Local",
        default_tolerance=Decimal(5),
    ),
    # Children looked after
    IndicatorSpec(
        "cla_count",
        "Children looked after",
        "Children looked after by the authority at the period end (snapshot).",
        COUNT,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
    ),
    IndicatorSpec(
        "cla_rate",
        "Children looked after per 10,000",
        "Children looked after at the period end per 10,000 children aged 0-17. Computed from the count and "
        "the authority's child population.",
        RATE,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903 (derived)",
        is_key=True,
        numerator="cla_count",
        factor=Decimal(10000),
    ),
    IndicatorSpec(
        "cla_3plus_pl_pct",
        "Children looked after with three or more placements",
        "Children looked after at the period end who had three or more placements in the last 12 months, as a "
        "percentage of children looked after.",
        PERCENT,
        LOWER,
        LOOKED_AFTER,
        "SSDA903",
        default_tolerance=Decimal(2),
    ),
    IndicatorSpec(
        "cla_lt_stability_pct",
        "Long-term placement stability",
        "Children under 16 looked after for two and a half years or more who have lived in the same placement "
        "for at least two years, as a percentage of that group.",
        PERCENT,
        HIGHER,
        LOOKED_AFTER,
        "SSDA903",
        default_tolerance=Decimal(5),
    ),
    IndicatorSpec(
        "cla_review_timely_pct",
        "Looked after reviews held on time",
        "Reviews of children looked after held within timescale, as a percentage of reviews due in the month.",
        PERCENT,
        HIGHER,
        LOOKED_AFTER,
        "Local",
        default_tolerance=Decimal(5),
    ),
    IndicatorSpec(
        "cla_out_of_area_pct",
        "Children looked after placed out of area",
        "Children looked after at the period end placed outside the authority's boundary, as a percentage of "
        "children looked after.",
        PERCENT,
        LOWER,
        LOOKED_AFTER,
        "Local",
        default_tolerance=Decimal(3),
    ),
    # Care leavers
    IndicatorSpec(
        "cl_suitable_acc_pct",
        "Care leavers in suitable accommodation",
        "Care leavers aged 19 to 21 in suitable accommodation, as a percentage of care leavers of that age.",
        PERCENT,
        HIGHER,
        CARE_LEAVERS,
        "SSDA903",
        default_tolerance=Decimal(5),
    ),
    IndicatorSpec(
        "cl_neet_pct",
        "Care leavers not in education, employment or training",
        "Care leavers aged 19 to 21 not in education, employment or training, as a percentage of care leavers "
        "of that age.",
        PERCENT,
        LOWER,
        CARE_LEAVERS,
        "SSDA903",
        default_tolerance=Decimal(5),
        is_key=True,
    ),
    # Caseloads and workforce
    IndicatorSpec(
        "open_cases",
        "Open cases",
        "Children's cases open to social care at the period end (snapshot).",
        COUNT,
        CONTEXT,
        WORKFORCE,
        "Local",
    ),
    IndicatorSpec(
        "unallocated_cases",
        "Unallocated cases",
        "Open cases with no allocated qualified social worker at the period end (snapshot). "
        "The aim is that no case is unallocated (a target of 0).",
        COUNT,
        LOWER,
        WORKFORCE,
        "Local",
        default_tolerance=Decimal(25),
        is_key=True,
    ),
    IndicatorSpec(
        "caseload_avg",
        "Average caseload",
        "Cases held per case-holding full-time-equivalent social worker at the period end.",
        NUMBER,
        LOWER,
        WORKFORCE,
        "CSWW",
        default_tolerance=Decimal(2),
        is_key=True,
    ),
    IndicatorSpec(
        "sw_vacancy_pct",
        "Social worker vacancy rate",
        "Vacant social worker FTE as a percentage of vacant plus in-post FTE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        default_tolerance=Decimal(3),
    ),
    IndicatorSpec(
        "sw_agency_pct",
        "Agency social workers",
        "Agency social worker FTE as a percentage of agency plus in-post FTE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        default_tolerance=Decimal(5),
        is_key=True,
    ),
    IndicatorSpec(
        "sw_turnover_pct",
        "Social worker turnover",
        "Social worker leavers FTE in the last 12 months as a percentage of in-post FTE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        default_tolerance=Decimal(3),
    ),
    IndicatorSpec(
        "supervision_timely_pct",
        "Supervision held to standard",
        "Social workers whose supervision was held at the frequency the local standard sets, as a percentage "
        "of case-holding social workers.",
        PERCENT,
        HIGHER,
        WORKFORCE,
        "Local",
        default_tolerance=Decimal(5),
    ),
    # Quality
    IndicatorSpec(
        "audit_good_plus_pct",
        "Case audits graded good or better",
        "Case file audits completed in the month graded good or outstanding, as a percentage of audits completed.",
        PERCENT,
        HIGHER,
        QUALITY,
        "Quality assurance",
        default_tolerance=Decimal(10),
    ),
    # Annual measures as DfE publishes them for every council, region and England (one figure a year).
    IndicatorSpec(
        "cin_count",
        "Children in need at 31 March",
        "Children in need (section 17) at 31 March: episodes open on that day (DfE: At31_episodes).",
        COUNT,
        CONTEXT,
        ASSESSMENT,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "cin_rate",
        "Children in need per 10,000",
        "Children in need at 31 March per 10,000 children aged 0-17, as published by DfE.",
        RATE,
        CONTEXT,
        ASSESSMENT,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "referrals_year",
        "Referrals in the year",
        "Referrals to children's social care in the year to 31 March (DfE: Referrals).",
        COUNT,
        CONTEXT,
        FRONT_DOOR,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "referrals_year_rate",
        "Referrals per 10,000 in the year",
        "Referrals in the year to 31 March per 10,000 children aged 0-17, as published by DfE.",
        RATE,
        CONTEXT,
        FRONT_DOOR,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "rereferrals_year",
        "Re-referrals in the year",
        "Referrals in the year to 31 March within 12 months of a previous referral (DfE: Re_referrals).",
        COUNT,
        CONTEXT,
        FRONT_DOOR,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "rereferrals_year_pct",
        "Re-referrals within 12 months (year)",
        "Re-referrals within 12 months as a percentage of referrals in the year to 31 March, as published by DfE.",
        PERCENT,
        LOWER,
        FRONT_DOOR,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "cp_started_rate",
        "Child protection plans starting per 10,000",
        "Child protection plans starting in the year to 31 March per 10,000 children aged 0-17.",
        RATE,
        CONTEXT,
        CHILD_PROTECTION,
        "CIN census",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CIN,
    ),
    IndicatorSpec(
        "cla_started",
        "Children starting to be looked after",
        "Children who started to be looked after in the year to 31 March.",
        COUNT,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_started_rate",
        "Children starting to be looked after per 10,000",
        "Children who started to be looked after in the year to 31 March per 10,000 children aged 0-17, as "
        "published by DfE.",
        RATE,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_ceased",
        "Children ceasing to be looked after",
        "Children who ceased to be looked after in the year to 31 March.",
        COUNT,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_ceased_rate",
        "Children ceasing to be looked after per 10,000",
        "Children who ceased to be looked after in the year to 31 March per 10,000 children aged 0-17, as "
        "published by DfE.",
        RATE,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "uasc_count",
        "Unaccompanied asylum-seeking children looked after",
        "Unaccompanied asylum-seeking children looked after at 31 March.",
        COUNT,
        CONTEXT,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_missing_pct",
        "Children looked after who went missing",
        "Children looked after during the year to 31 March who had a missing incident, as a percentage of "
        "children looked after during the year.",
        PERCENT,
        LOWER,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_health_check_pct",
        "Looked after children with an annual health assessment",
        "Children looked after for at least 12 months at 31 March whose health assessment was up to date, as "
        "a percentage of that group.",
        PERCENT,
        HIGHER,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cla_dental_check_pct",
        "Looked after children with a dental check",
        "Children looked after for at least 12 months at 31 March whose teeth were checked by a dentist in "
        "the year, as a percentage of that group.",
        PERCENT,
        HIGHER,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "adoption_days_avg",
        "Days from entering care to moving in with adoptive family",
        "Average days between a child entering care and moving in with their adoptive family, for children "
        "adopted in the year to 31 March.",
        DAYS,
        LOWER,
        LOOKED_AFTER,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "cl_eet_pct",
        "Care leavers in education, employment or training",
        "Care leavers aged 19 to 21 in education, employment or training, as a percentage of care leavers of "
        "that age (year to 31 March).",
        PERCENT,
        HIGHER,
        CARE_LEAVERS,
        "SSDA903",
        frequency=ANNUAL,
        year_end_month=MARCH,
        publication=CLA,
    ),
    IndicatorSpec(
        "csww_turnover_pct",
        "Social worker turnover (DfE)",
        "Leavers FTE in the year to 30 September as a percentage of social worker FTE at that date, as "
        "published by DfE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
    IndicatorSpec(
        "csww_absence_pct",
        "Social worker absence (DfE)",
        "Working days lost to sickness absence in the year to 30 September as a percentage of working days "
        "available, as published by DfE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
    IndicatorSpec(
        "csww_agency_pct",
        "Agency social workers (DfE)",
        "Agency worker FTE at 30 September as a percentage of agency plus employed social worker FTE, as "
        "published by DfE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
    IndicatorSpec(
        "csww_agency_cover_pct",
        "Vacancies covered by agency workers (DfE)",
        "Agency worker FTE covering vacancies at 30 September as a percentage of agency worker FTE, as "
        "published by DfE.",
        PERCENT,
        CONTEXT,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
    IndicatorSpec(
        "csww_vacancy_pct",
        "Social worker vacancy rate (DfE)",
        "Vacant FTE at 30 September as a percentage of vacant plus employed FTE, as published by DfE.",
        PERCENT,
        LOWER,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
    IndicatorSpec(
        "csww_caseload_avg",
        "Average caseload (DfE)",
        "Cases per case-holding FTE children and family social worker at 30 September, as published by DfE.",
        NUMBER,
        LOWER,
        WORKFORCE,
        "CSWW",
        frequency=ANNUAL,
        year_end_month=SEPTEMBER,
        publication=CSWW,
    ),
)

CATALOGUE_BY_CODE: dict[str, IndicatorSpec] = {spec.code: spec for spec in CATALOGUE}

# Gaps of ten leave room for an admin's local indicators between catalogue ones.
ORDER: dict[str, int] = {spec.code: (i + 1) * 10 for i, spec in enumerate(CATALOGUE)}


def sync_catalogue(indicator_model, *, only_missing: bool = False) -> None:
    """Create or update every catalogue indicator by code; safe to run again.

    Takes the model class so the data migration can pass its historical model. Indicators an admin added
    (codes not in the catalogue) are left alone, and with `only_missing` so are the catalogue's own indicators
    that already exist, keeping an admin's changes to their tolerances or key flags.
    """
    saved = {}
    if only_missing:
        saved = {i.code: i for i in indicator_model.objects.filter(code__in=CATALOGUE_BY_CODE)}
    # A historical model from an earlier migration lacks fields added since; set only the ones it has.
    fields = {f.name for f in indicator_model._meta.get_fields()}
    # Plain indicators first, so derived ones can point at them.
    for spec in sorted(CATALOGUE, key=lambda s: s.is_derived):
        if spec.code in saved:
            continue
        defaults = {
            "name": spec.name,
            "definition": spec.definition,
            "unit": spec.unit,
            "polarity": spec.polarity,
            "frequency": spec.frequency,
            "year_end_month": spec.year_end_month,
            "publication": spec.publication,
            "category": spec.category,
            "source": spec.source,
            "default_tolerance": spec.default_tolerance,
            "is_key": spec.is_key,
            "numerator": saved[spec.numerator] if spec.numerator else None,
            "denominator": saved[spec.denominator] if spec.denominator else None,
            "factor": spec.factor,
            "order": ORDER[spec.code],
        }
        saved[spec.code], _ = indicator_model.objects.update_or_create(
            code=spec.code, defaults={k: v for k, v in defaults.items() if k in fields}
        )


def sync_frequencies(indicator_model) -> None:
    """Set each catalogue indicator's frequency, year end and publication (fields added after the first catalogue
    shipped, so there are no admin changes to keep). An earlier migration may have created the annual indicators
    with a model that had no year end."""
    for spec in CATALOGUE:
        indicator_model.objects.filter(code=spec.code).update(
            frequency=spec.frequency, year_end_month=spec.year_end_month, publication=spec.publication
        )
