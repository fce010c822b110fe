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
from django.db.models import Model
from django.utils import timezone

from demo import figures, people
from demo.governance import load_governance
from demo.inspections import INSPECTIONS, RELATED
from demo.plans import (
    COMMITTEES,
    PLANS,
    Act,
    Awaiting,
    Done,
    Note,
    NotStarted,
    Open,
    PlanData,
    PriorityData,
    When,
    Withdrawn,
)
from demo.reports import load_reports
from demo.seed_plans import SEED_PLANS
from improvement.models import Action, Committee, Plan, Priority, PriorityAssessment, ProgressUpdate
from improvement.plans import intervals, rules
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


class Writer:
    """Creates or updates rows by natural key, validating each write and counting them."""

    def __init__(self):
        self.written = 0

    def upsert(self, model: type[Model], lookup: dict, values: dict, existing: Model | None = None) -> Model:
        obj = existing if existing is not None else model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
        elif not any(_differs(obj, name, value) for name, value in values.items()):
            return obj
        else:
            for name, value in values.items():
                setattr(obj, name, value)
        validate(obj)
        obj.save()
        self.written += 1
        return obj

    def set_m2m(self, manager, wanted: list[Model]) -> None:
        if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
            manager.set(wanted)
            self.written += 1


def validate(obj: Model) -> None:
    """Field rules and the model's clean(). Related rows were just read or written by the loader, and unique and
    check constraints are enforced by the database inside the load's transaction, so full_clean's query per
    foreign key and per constraint (thousands in all) would prove nothing more."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=relations)
    obj.clean()


def _differs(obj: Model, name: str, value) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


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
            actions, updates = _load_plan(
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
        changed = user.pk is None or any(_differs(user, name, value) for name, value in values.items())
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

    columns = ("indicator_id", "authority_id", "period_end", "value", "missing_reason", "numerator", "denominator")
    columns += ("note", "entered_at")
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


# Plans ----------------------------------------------------------------------------------------------------------


def _resolve(when: When, today: datetime.date) -> datetime.date:
    return when if isinstance(when, datetime.date) else today + datetime.timedelta(days=when)


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _load_plan(writer, data: PlanData, today, users, committees, inspections, recommendations, indicators):
    plan = writer.upsert(
        Plan,
        {"name": data.name},
        {
            "kind": data.kind,
            "description": data.description,
            "owner": users[data.owner],
            "board": committees[data.board],
            "start_date": _resolve(data.start, today),
            "end_date": _resolve(data.end, today),
            "status": data.status,
            "sponsor": data.sponsor,
            "completion_criterion": data.completion_criterion,
        },
    )
    writer.set_m2m(plan.inspections, [inspections[key] for key in data.inspections])
    action_count = update_count = 0
    for priority_data in data.priorities:
        priority = writer.upsert(
            Priority,
            {"plan": plan, "number": priority_data.number},
            {
                "title": priority_data.title,
                "lead": users[priority_data.lead],
                "description": priority_data.description,
            },
        )
        _replace_assessments(writer, priority, priority_data, today, users)
        existing = {a.reference: a for a in priority.actions.all()}
        for act in priority_data.actions:
            verifier = _verifier(act, priority_data, data, users)
            script = _script(act, data, today, users, verifier)
            final = script[-1]
            override_colour, override_reason = act.override or ("", "")
            current = existing.get(act.ref) or _create_as_first_recorded(writer, priority, act, script, today, users)
            action = writer.upsert(
                Action,
                {"priority": priority, "reference": act.ref},
                {
                    "description": act.description,
                    "owner": users[act.owner],
                    "start_date": _resolve(act.start, today),
                    "due_date": _resolve(act.due, today),
                    "status": final.status,
                    "progress": final.progress,
                    "completed_date": (
                        timezone.localdate(final.created_at) if final.status == Action.Status.COMPLETE else None
                    ),
                    "verified_by": final.author if final.kind == ProgressUpdate.Kind.VERIFIED else None,
                    "verified_at": final.created_at if final.kind == ProgressUpdate.Kind.VERIFIED else None,
                    "rag_override": override_colour,
                    "rag_override_reason": override_reason,
                    "success_measure": act.success_measure,
                },
                existing=current,
            )
            writer.set_m2m(action.recommendations, [recommendations[ref] for ref in act.recs])
            writer.set_m2m(action.indicators, [indicators[code] for code in act.indicators])
            _replace_updates(writer, action, script)
            action_count += 1
            update_count += len(script)
    return action_count, update_count


def _create_as_first_recorded(writer, priority: Priority, act: Act, script, today, users) -> Action:
    """A new action as it was when first planned (not started), its creation recorded on that day.

    Pages "as at" a past date rebuild an action from its change history and progress updates; recorded with
    the state it reaches today, a demo action would show as complete on dates before its work began.
    """
    start = _resolve(act.start, today)
    action = Action(
        priority=priority,
        reference=act.ref,
        description=act.description,
        owner=users[act.owner],
        start_date=start,
        due_date=_resolve(act.due, today),
        success_measure=act.success_measure,
    )
    validate(action)
    action.save()
    planned = min(start, timezone.localdate(script[0].created_at)) - datetime.timedelta(days=1)
    Action.history.filter(id=action.pk).update(history_date=_moment(planned, 8))
    writer.written += 1
    return action


def _verifier(act: Act, priority: PriorityData, plan: PlanData, users) -> User:
    """Someone other than the owner verifies: the priority lead, else the plan's owner, else the admin."""
    for username in (priority.lead, plan.owner, people.ADMIN.username):
        if username != act.owner:
            return users[username]
    raise ValueError(f"No verifier for action {act.ref}")


def _script(act: Act, plan: PlanData, today, users, verifier) -> list[ProgressUpdate]:
    """The action's progress updates, oldest first, from its notes and how it ends (see `plans`)."""
    start, due = _resolve(act.start, today), _resolve(act.due, today)
    notes = [n if isinstance(n, Note) else Note(n) for n in act.notes]
    end = act.end
    match end:
        case Done(at=at):
            last_note_at = _resolve(at, today) - datetime.timedelta(days=2)
        case Awaiting(at=at) | Withdrawn(at=at):
            last_note_at = _resolve(at, today)
        case Open(at=at) | NotStarted(at=at):
            # A few days before the load date, varying by action so that updates do not all share one day.
            last_note_at = _resolve(at, today) if at is not None else today - datetime.timedelta(days=2 + len(act.ref))
    dates = _spread(start, last_note_at, len(notes))
    owner = users[act.owner]
    evidence = f"{EVIDENCE_BASE}/{plan.slug}/{act.ref}"
    rows = []
    for index, note in enumerate(notes):
        is_last = index == len(notes) - 1
        status, progress = _note_state(note, index, len(notes), end, is_last)
        day = _resolve(note.at, today) if note.at is not None else dates[index]
        rows.append(
            ProgressUpdate(
                author=owner,
                created_at=_moment(day, 9 + (index * 3 + len(act.description)) % 8, (index * 17) % 60),
                kind=ProgressUpdate.Kind.UPDATE,
                status=status,
                progress=progress,
                commentary=note.text,
                evidence_link=note.evidence or (evidence if status == Action.Status.AWAITING_VERIFICATION else ""),
            )
        )
    if isinstance(end, Done):
        rows.append(
            ProgressUpdate(
                author=verifier,
                created_at=_moment(_resolve(end.at, today), 16, 30),
                kind=ProgressUpdate.Kind.VERIFIED,
                status=Action.Status.COMPLETE,
                progress=100,
                commentary="Verified complete.",
            )
        )
    for row in rows:
        day = timezone.localdate(row.created_at)
        override = act.override if row is rows[-1] and act.override else ("", "")
        state = rules.ActionState(
            row.status, row.progress, start, due, *override, plan_start=_resolve(plan.start, today)
        )
        row.rag = rules.assess(state, day).rag or ""
    moments = [r.created_at for r in rows]
    if moments != sorted(moments) or len(set(moments)) != len(moments):
        raise ValueError(f"Demo action {plan.name} {act.ref}: progress updates out of order")
    return rows


def _spread(start: datetime.date, last: datetime.date, count: int) -> list[datetime.date]:
    """`count` dates evenly spaced up to `last`, from a week after the start (or, for an action not yet due to
    start, from a few weeks before its last update)."""
    first = start + datetime.timedelta(days=7)
    if count == 1:
        return [last]
    if (last - first).days < 7 * (count - 1):
        first = last - datetime.timedelta(days=21 * (count - 1))
    step = (last - first).days / (count - 1)
    return [first + datetime.timedelta(days=round(step * i)) for i in range(count)]


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def _note_state(note: Note, index: int, count: int, end, is_last: bool) -> tuple[str, int]:
    """Status and progress for one owner's note: stated on the note, or following how the action ends."""
    if note.status is not None or note.progress is not None:
        progress = note.progress if note.progress is not None else 0
        status = note.status or (Action.Status.IN_PROGRESS if progress else Action.Status.NOT_STARTED)
        return status, progress
    if note.text.startswith("Not started") or isinstance(end, NotStarted):
        return Action.Status.NOT_STARTED, 0
    match end:
        case Done() | Awaiting():
            if is_last:
                return Action.Status.AWAITING_VERIFICATION, 100
            return Action.Status.IN_PROGRESS, max(5, _round5(90 * (index + 1) / (count - 1)))
        case Withdrawn(progress=final):
            if is_last:
                return Action.Status.WITHDRAWN, final
            return Action.Status.IN_PROGRESS, max(5, _round5(final * (index + 1) / count))
        case Open(progress=final):
            if is_last:
                return Action.Status.IN_PROGRESS, final
            return Action.Status.IN_PROGRESS, max(5, _round5(final * (index + 1) / count))
    raise ValueError(f"Unknown end {end!r}")


UPDATE_FIELDS = ("author_id", "created_at", "kind", "status", "progress", "rag", "commentary", "evidence_link")


def _replace_updates(writer: Writer, action: Action, script: list[ProgressUpdate]) -> None:
    current = [tuple(getattr(u, f) for f in UPDATE_FIELDS) for u in action.updates.order_by("created_at", "id")]
    for row in script:
        row.action = action
    wanted = [tuple(getattr(u, f) for f in UPDATE_FIELDS) for u in script]
    if current == wanted:
        return
    action.updates.all().delete()
    for row in script:
        validate(row)
    ProgressUpdate.objects.bulk_create(script)
    writer.written += len(script)


def _replace_assessments(writer: Writer, priority: Priority, data: PriorityData, today, users) -> None:
    lead = users[data.lead]
    wanted = [
        PriorityAssessment(
            priority=priority,
            date=_resolve(when, today),
            rag=rag,
            commentary=commentary,
            assessed_by=lead,
            created_at=_moment(_resolve(when, today), 17),
        )
        for when, rag, commentary in data.assessments
    ]
    fields = ("date", "rag", "commentary", "assessed_by_id", "created_at")
    current = [tuple(getattr(a, f) for f in fields) for a in priority.assessments.order_by("date", "id")]
    if current == [tuple(getattr(a, f) for f in fields) for a in wanted]:
        return
    priority.assessments.all().delete()
    for assessment in wanted:
        validate(assessment)
        assessment.save()
        writer.written += 1
