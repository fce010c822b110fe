"""Writes the demo council: idempotent, in one transaction.

Every row is found by its natural key (username, authority and indicator code, inspection kind and start date,
plan name, priority number, action reference, indicator/authority/date...) and written only when it differs, so
a second run on the same day changes nothing and records no history. Progress updates and priority assessments
of the plan dated relative to today are replaced as a whole when their script moves (a run on a later day).
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.db import connection, transaction
from django.utils import timezone

from demo import figures, people
from demo.governance import load_governance
from demo.inspections import INSPECTIONS, RELATED
from demo.plan_loader import load_plan
from demo.plans import (
    COMMITTEES,
    PLANS,
)
from demo.reports import load_reports
from demo.seed_plans import SEED_PLANS
from demo.writer import Writer, differs, validate
from improvement.models import Action, Committee
from improvement.plans import intervals
from inspections.models import Finding, Inspection, Judgement, Recommendation
from performance import reference
from performance.catalogue import sync_catalogue
from performance.models import Authority, Indicator, Observation, Target
from performance.services import ObservationInput, recompute_derived

audit = logging.getLogger("core.audit")

EVIDENCE_BASE = "https://intranet.sunderland.example/children/improvement"


@dataclass
class Summary:
    today: datetime.date
    counts: dict[str, int] = field(default_factory=dict)
    written: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        shown = ", ".join(f"{n:,} {label}" for label, n in self.counts.items())
        return (
            f"Demo council loaded as at {self.today:%-d %B %Y}: {shown}; {self.written:,} rows written "
            f"in {self.seconds:.1f} s."
        )


@contextlib.contextmanager
def _one_audit_line():
    """The load is one logged event, not a line per row: the per-row audit lines are held back while it runs."""
    previous = audit.level
    audit.setLevel(logging.WARNING)
    try:
        yield
    finally:
        audit.setLevel(previous)


def load_demo(*, today: datetime.date | None = None) -> Summary:
    """Create or refresh the demo council as at `today` (default: the local date)."""
    today = today or timezone.localdate()
    started = time.monotonic()
    writer = Writer()
    with _one_audit_line(), transaction.atomic():
        users = _load_people(writer)
        authorities = _load_authorities(writer)
        indicators = _load_indicators(writer)
        observations = _load_observations(writer, indicators, authorities, today)
        _load_targets(writer, indicators, users[people.ADMIN.username])
        inspections, recommendations = _load_inspections(writer)
        committees = {name: writer.upsert(Committee, {"name": name}, {"kind": kind}) for name, kind in COMMITTEES}
        action_count = update_count = 0
        for plan_data in (*PLANS, *SEED_PLANS):
            actions, updates = load_plan(
                writer, plan_data, today, users, committees, inspections, recommendations, indicators
            )
            action_count += actions
            update_count += updates
        # Backdated creation records and bulk-written updates bypass save(): recompute the stored colour
        # intervals from the history as written (before the reports, whose snapshots read them).
        intervals.refresh(
            Action.objects.filter(priority__plan__name__in=[p.name for p in (*PLANS, *SEED_PLANS)]).values_list(
                "pk", flat=True
            )
        )
        writer.written += load_governance(users=users, today=today)
        writer.written += load_reports(admin=users[people.ADMIN.username], today=today)
    summary = Summary(
        today=today,
        counts={
            "inspections": Inspection.objects.count(),
            "recommendations": len(recommendations),
            "plans": len(PLANS) + len(SEED_PLANS),
            "actions": action_count,
            "progress updates": update_count,
            "observations": observations,
        },
        written=writer.written,
        seconds=time.monotonic() - started,
    )
    audit.info("demo data loaded: %s rows written, as at %s", summary.written, today.isoformat())
    return summary


# People ---------------------------------------------------------------------------------------------------------


def _load_people(writer: Writer) -> dict[str, User]:
    groups = {g.name: g for g in Group.objects.filter(name__in={p.role for p in people.PEOPLE})}
    users = {}
    for person in people.PEOPLE:
        user = User.objects.filter(username=person.username).first() or User(username=person.username)
        values = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "is_staff": person.is_superuser,
            "is_superuser": person.is_superuser,
            "is_active": True,
        }
        changed = user.pk is None or any(differs(user, name, value) for name, value in values.items())
        for name, value in values.items():
            setattr(user, name, value)
        # Checking costs one hash, as setting does, but leaves an unchanged password's row untouched. A new user's
        # empty password is not checked: Django hashes anyway to even out timing.
        if person.can_sign_in and not (user.has_usable_password() and user.check_password(people.DEMO_PASSWORD)):
            user.set_password(people.DEMO_PASSWORD)
            changed = True
        elif not person.can_sign_in and user.has_usable_password():
            user.set_unusable_password()
            changed = True
        if changed:
            validate(user)
            user.save()
            writer.written += 1
        writer.set_m2m(user.groups, [groups[person.role]])
        users[person.username] = user
    return users


# Performance ----------------------------------------------------------------------------------------------------


def _load_authorities(writer: Writer) -> dict[str, Authority]:
    # Every English council from the national reference data; the demo council is one of them, and its real
    # statistical neighbours, region and England are its comparators.
    reference.load_reference()
    return {
        spec.code: writer.upsert(
            Authority,
            {"code": spec.code},
            {"name": spec.name, "kind": spec.kind, "child_population": spec.child_population, "order": spec.order},
        )
        for spec in figures.AUTHORITIES
    }


def _load_indicators(writer: Writer) -> dict[str, Indicator]:
    # The catalogue comes with a migration; a database flushed since (as transactional tests do) gets it back.
    sync_catalogue(Indicator, only_missing=True)
    for spec in figures.LOCAL_INDICATORS:
        writer.upsert(
            Indicator,
            {"code": spec.code},
            {
                "name": spec.name,
                "definition": spec.definition,
                "unit": spec.unit,
                "polarity": spec.polarity,
                "frequency": Indicator.Frequency.MONTHLY,
                "category": spec.category,
                "source": "Local",
                "order": spec.order,
            },
        )
    return {i.code: i for i in Indicator.objects.select_related("numerator", "denominator")}


def _wanted_observations(indicators, authorities, today) -> dict[tuple[int, int, datetime.date], dict]:
    """Every figure the demo types in, keyed by (indicator id, authority id, date); derived ones come after."""
    wanted: dict[tuple[int, int, datetime.date], dict] = {}

    def put(code: str, authority: str, values: dict[datetime.date, Decimal], note: str = "") -> None:
        for day, value in values.items():
            key = (indicators[code].pk, authorities[authority].pk, day)
            wanted[key] = {"value": value, "numerator": None, "denominator": None, "note": note}

    for (code, authority), values in figures.monthly_figures(figures.last_complete_month_end(today)).items():
        put(code, authority, values)
    note = "Audit and governance committee report, 25 September 2015."
    for code, (before, after) in figures.SNAPSHOTS.items():
        put(
            code,
            figures.COUNCIL,
            {figures.SNAPSHOT_BEFORE: Decimal(before), figures.SNAPSHOT_AFTER: Decimal(after)},
            note,
        )
    for code, value in figures.WORKFORCE.items():
        put(
            code,
            figures.COUNCIL,
            {figures.WORKFORCE_DATE: Decimal(value)},
            "Corporate parenting board, 1 February 2016.",
        )
    return wanted


OBSERVATION_FIELDS = ("value", "numerator", "denominator", "note")


def _load_observations(writer: Writer, indicators, authorities, today) -> int:
    wanted = _wanted_observations(indicators, authorities, today)
    indicator_ids = {key[0] for key in wanted}
    existing = {
        (o.indicator_id, o.authority_id, o.period_end): o
        for o in Observation.objects.filter(
            indicator_id__in=indicator_ids, authority_id__in=[a.pk for a in authorities.values()]
        )
    }
    new, changed = [], []
    for key, row in wanted.items():
        current = existing.get(key)
        if current is None:
            new.append(Observation(indicator_id=key[0], authority_id=key[1], period_end=key[2], **row))
        elif current.missing_reason or any(getattr(current, f) != row[f] for f in OBSERVATION_FIELDS):
            for name, value in row.items():
                setattr(current, name, value)
            current.missing_reason = ""
            changed.append(current)
    # Thousands of generated figures: written in bulk. They are checked against each unit's rules in tests
    # (whole counts, percentages 0-100), since bulk writes skip model validation.
    _insert_observations(new)
    Observation.objects.bulk_update(changed, [*OBSERVATION_FIELDS, "missing_reason"], batch_size=500)
    writer.written += len(new) + len(changed)
    return len(wanted) + _recompute_derived(writer, wanted, indicators, authorities)


def _recompute_derived(writer: Writer, wanted, indicators, authorities) -> int:
    """Derived figures (contact-to-referral rate, children looked after per 10,000) come from their inputs through
    the performance app's own recomputation, as for any figure an admin enters. Unchanged inputs give unchanged
    outputs, which it leaves alone."""
    by_id = {i.pk: i for i in indicators.values()}
    authority_by_id = {a.pk: a for a in authorities.values()}
    sources = {i.numerator_id for i in by_id.values() if i.is_derived}
    sources |= {i.denominator_id for i in by_id.values() if i.denominator_id}
    inputs = [
        ObservationInput(by_id[indicator_id], authority_by_id[authority_id], day, row["value"])
        for (indicator_id, authority_id, day), row in wanted.items()
        if indicator_id in sources
    ]
    writer.written += recompute_derived(inputs=inputs, user=None)
    derived_ids = [i.pk for i in by_id.values() if i.is_derived]
    return Observation.objects.filter(indicator_id__in=derived_ids, authority_id__in=authority_by_id).count()


def _insert_observations(rows: list[Observation]) -> None:
    """One parameterised INSERT run over every new row: the ORM's bulk_create compiles SQL per small batch, which
    is most of a fresh load's time for some 13,000 figures."""
    if not rows:
        return
    ops = connection.ops
    meta = Observation._meta
    now = ops.adapt_datetimefield_value(timezone.now())
    value_field = meta.get_field("value")

    def number(value):
        return ops.adapt_decimalfield_value(value, value_field.max_digits, value_field.decimal_places)

    columns = (
        *("indicator_id", "authority_id", "period_end", "value", "missing_reason", "numerator", "denominator"),
        *("note", "entered_at"),
    )
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        ops.quote_name(meta.db_table),
        ", ".join(ops.quote_name(c) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    params = [
        (
            o.indicator_id,
            o.authority_id,
            ops.adapt_datefield_value(o.period_end),
            number(o.value),
            "",
            number(o.numerator),
            number(o.denominator),
            o.note,
            now,
        )
        for o in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _load_targets(writer: Writer, indicators, admin: User) -> None:
    for spec in figures.TARGETS:
        writer.upsert(
            Target,
            {"indicator": indicators[spec.code], "effective_from": spec.effective_from},
            {"value": spec.value, "tolerance": spec.tolerance, "set_by": admin},
        )


# Inspections ----------------------------------------------------------------------------------------------------


def _load_inspections(writer: Writer) -> tuple[dict[str, Inspection], dict[tuple[str, str, int], Recommendation]]:
    inspections, recommendations = {}, {}
    for spec in INSPECTIONS:
        inspection = inspections[spec.key] = writer.upsert(
            Inspection,
            {"kind": spec.kind, "start_date": spec.start},
            {
                "title": spec.title,
                "body": spec.body,
                "framework": spec.framework,
                "end_date": spec.end,
                "published_date": spec.published,
                "overall_grade": spec.overall_grade,
                "summary": spec.summary,
            },
        )
        judgements = {j.order: j for j in inspection.judgements.all()}
        for order, (area, name, grade, self_grade, is_key) in enumerate(spec.judgements, start=1):
            writer.upsert(
                Judgement,
                {"inspection": inspection, "order": order},
                {
                    "service_area": area,
                    "area_name": name,
                    "grade": grade,
                    "self_assessment_grade": self_grade,
                    "is_key": is_key,
                },
                existing=judgements.get(order),
            )
        findings = {(f.kind, f.order): f for f in inspection.findings.all()}
        for kind, texts in ((Finding.Kind.STRENGTH, spec.strengths), (Finding.Kind.AREA_FOR_IMPROVEMENT, spec.areas)):
            for order, text in enumerate(texts, start=1):
                writer.upsert(
                    Finding,
                    {"inspection": inspection, "kind": kind, "order": order},
                    {"text": text},
                    existing=findings.get((kind, order)),
                )
        existing_recs = {(r.addressee, r.number): r for r in inspection.recommendations.all()}
        for rec in spec.recommendations:
            recommendations[(spec.key, rec.addressee, rec.number)] = writer.upsert(
                Recommendation,
                {"inspection": inspection, "addressee": rec.addressee, "number": rec.number},
                {"text": rec.text, "timescale": rec.timescale, "is_priority_action": rec.priority_action},
                existing=existing_recs.get((rec.addressee, rec.number)),
            )
    for group in RELATED:
        first, *others = (recommendations[ref] for ref in group)
        linked = set(first.related.values_list("pk", flat=True))
        missing = [r for r in others if r.pk not in linked]
        if missing:
            first.related.add(*missing)
            writer.written += 1
    return inspections, recommendations
