"""Writes: observations (typed, imported or derived), targets. Every write records who made it (simple_history).

Entry grid, import and single-figure entry all end in `apply_observations`, so the three apply the same checks,
the same upsert and the same recomputation of derived indicators. Rows are written in bulk (`performance.bulk`): a
10,000-row import is a handful of statements, not 10,000.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from performance import bulk, rules
from performance.models import Authority, Indicator, Observation, Target
from performance.populations import Populations

# Foreign keys are checked when a row is read (by code, against one query of all indicators and authorities);
# validating them again per row would cost a query per row.
_CLEAN_EXCLUDE = ["indicator", "authority", "entered_by"]


@dataclass(frozen=True)
class ObservationInput:
    """One figure to write, already parsed: a value, or no value with a DfE reason (c/x/z/u)."""

    indicator: Indicator
    authority: Authority
    period_end: datetime.date
    value: Decimal | None
    missing_reason: str = ""
    note: str = ""
    target: Decimal | None = None

    @property
    def key(self) -> tuple[int, int, datetime.date]:
        return (self.indicator.pk, self.authority.pk, self.period_end)


@dataclass
class ObservationWrites:
    """What a set of inputs would do to the database: the preview an admin sees before an import is committed."""

    new: list[ObservationInput] = field(default_factory=list)
    changed: list[tuple[ObservationInput, Observation]] = field(default_factory=list)
    unchanged: list[ObservationInput] = field(default_factory=list)
    new_targets: list[ObservationInput] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.new_targets)


@dataclass(frozen=True)
class ApplyResult:
    created: int
    updated: int
    unchanged: int
    targets_set: int
    derived: int


def input_errors(
    *,
    indicator: Indicator,
    value: Decimal | None,
    target: Decimal | None = None,
    period_end: datetime.date | None = None,
) -> dict[str, str]:
    """Why these figures cannot be stored for this indicator, by field ("value", "target", "period_end"); empty
    when fine."""
    errors = {}
    if period_end is not None and (message := indicator.period_error(period_end)):
        errors["period_end"] = message
    if indicator.is_derived:
        errors["value"] = (
            f"'{indicator.code}' is computed from {_inputs_described(indicator)}; it cannot be entered or imported."
        )
        return errors
    if message := rules.unit_error(indicator.unit, value):
        errors["value"] = message
    if target is not None and (message := rules.unit_error(indicator.unit, target)):
        errors["target"] = "Target: " + message
    return errors


def _inputs_described(indicator: Indicator) -> str:
    numerator = indicator.numerator.code if indicator.numerator else "?"
    if indicator.denominator:
        return f"{numerator} and {indicator.denominator.code}"
    return f"{numerator} and the child population"


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    return a == b if a is not None and b is not None else a is None and b is None


def sort_observation_writes(inputs: Sequence[ObservationInput]) -> ObservationWrites:
    """Sort inputs into new, changed and unchanged against what is stored, in one query (plus one for targets)."""
    writes = ObservationWrites()
    if not inputs:
        return writes
    existing = _existing_observations(inputs)
    for row in inputs:
        stored = existing.get(row.key)
        if stored is None:
            writes.new.append(row)
        elif _same(stored.value, row.value) and stored.missing_reason == row.missing_reason and stored.note == row.note:
            writes.unchanged.append(row)
        else:
            writes.changed.append((row, stored))
    writes.new_targets = _targets_that_change([r for r in inputs if r.target is not None])
    return writes


def _existing_observations(inputs: Sequence[ObservationInput]) -> dict[tuple, Observation]:
    dates = [r.period_end for r in inputs]
    rows = Observation.objects.filter(
        indicator_id__in={r.indicator.pk for r in inputs},
        authority_id__in={r.authority.pk for r in inputs},
        period_end__range=(min(dates), max(dates)),
    )
    wanted = {r.key for r in inputs}
    return {key: obs for obs in rows if (key := (obs.indicator_id, obs.authority_id, obs.period_end)) in wanted}


def _targets_that_change(rows: list[ObservationInput]) -> list[ObservationInput]:
    """Target cells that would change the target in force: the same value as already in force is no change, which
    is what makes re-importing a file a no-op."""
    if not rows:
        return []
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(indicator_id__in={r.indicator.pk for r in rows}):
        targets[target.indicator_id].append(target)
    changing = []
    # In period order, so that a file repeating the same target month after month sets it once.
    for row in sorted(rows, key=lambda r: (r.indicator.pk, r.period_end)):
        if row.target is None:
            continue
        in_force = targets[row.indicator.pk]
        current = rules.target_in_force(in_force, row.period_end)
        if current is None or current.value != row.target:
            changing.append(row)
            in_force.append(Target(indicator=row.indicator, value=row.target, effective_from=row.period_end))
    return changing


@transaction.atomic
def apply_observations(
    *, inputs: Sequence[ObservationInput], user, reason: str = "", recompute: bool = True
) -> ApplyResult:
    """Write the inputs (insert new, update changed, leave unchanged alone), set any targets they carry, then
    recompute the derived indicators that depend on them. All or nothing.

    An import written in chunks passes `recompute=False` and recomputes once after its last chunk
    (`recompute_derived` over the whole file's inputs), so that a numerator and its denominator in different
    chunks are never judged against each other's old stored figures.

    Raises ValidationError if any input is for a derived indicator or breaks its unit's rules: callers validate
    first to give per-row messages, this is the last line of defence."""
    for row in inputs:
        if errors := input_errors(
            indicator=row.indicator, value=row.value, target=row.target, period_end=row.period_end
        ):
            raise ValidationError(f"{row.indicator.code} {row.period_end}: {'; '.join(errors.values())}")
    writes = sort_observation_writes(inputs)
    created, updated = _write(writes, user=user, reason=reason)
    for row in writes.new_targets:
        if row.target is not None:
            set_target(indicator=row.indicator, value=row.target, effective_from=row.period_end, user=user)
    written = [*writes.new, *(row for row, _ in writes.changed)]
    derived = recompute_derived(inputs=written, user=user) if recompute else 0
    return ApplyResult(
        created=created,
        updated=updated,
        unchanged=len(writes.unchanged),
        targets_set=len(writes.new_targets),
        derived=derived,
    )


def _write(writes: ObservationWrites, *, user, reason: str) -> tuple[int, int]:
    now = timezone.now()
    user_id = user.pk if user is not None else None
    fresh = []
    for row in writes.new:
        # By id: assigning model instances through the relation descriptors costs more than the rest of the row.
        obs = Observation(
            indicator_id=row.indicator.pk,
            authority_id=row.authority.pk,
            period_end=row.period_end,
            value=row.value,
            missing_reason=row.missing_reason,
            note=row.note,
            entered_by_id=user_id,
            entered_at=now,
        )
        obs.full_clean(exclude=_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        fresh.append(obs)
    changed = []
    for row, obs in writes.changed:
        obs.value, obs.missing_reason, obs.note = row.value, row.missing_reason, row.note
        obs.entered_by_id, obs.entered_at = user_id, now
        obs.full_clean(exclude=_CLEAN_EXCLUDE, validate_unique=False, validate_constraints=False)
        changed.append(obs)
    bulk.insert_observations(fresh, user=user, reason=reason, when=now)
    bulk.update_observations(
        changed, ["value", "missing_reason", "note", "entered_by", "entered_at"], user=user, reason=reason, when=now
    )
    return len(fresh), len(changed)


@transaction.atomic
def record_observation(
    *,
    indicator: Indicator,
    authority: Authority,
    period_end: datetime.date,
    value: Decimal | None,
    missing_reason: str = "",
    note: str = "",
    user,
) -> Observation:
    """Store one figure (insert or correct), then recompute anything derived from it."""
    row = ObservationInput(indicator, authority, period_end, value, missing_reason, note)
    apply_observations(inputs=[row], user=user)
    return Observation.objects.get(indicator=indicator, authority=authority, period_end=period_end)


@transaction.atomic
def set_target(
    *,
    indicator: Indicator,
    value: Decimal,
    effective_from: datetime.date,
    tolerance: Decimal | None = None,
    user,
) -> Target:
    """Set the target in force from `effective_from` (replacing one set from the same date). Periods before that
    date keep being judged against the target then in force."""
    if message := rules.unit_error(indicator.unit, value):
        raise ValidationError({"value": message})
    target = Target.objects.filter(indicator=indicator, effective_from=effective_from).first() or Target(
        indicator=indicator, effective_from=effective_from
    )
    target.value, target.tolerance, target.set_by = value, tolerance, user
    setattr(target, "_history_user", user)  # noqa: B010 - simple_history's who-made-it hook, not a field
    target.full_clean()
    target.save()
    return target


def derived_source_ids() -> set[int]:
    """The indicators some derived indicator is computed from (numerators and denominators). One query."""
    pairs = Indicator.objects.filter(numerator__isnull=False).values_list("numerator_id", "denominator_id")
    return {pk for pair in pairs for pk in pair if pk}


def _derived_depending_on(indicator_ids: Iterable[int]) -> list[Indicator]:
    ids = set(indicator_ids)
    return list(
        Indicator.objects.filter(Q(numerator_id__in=ids) | Q(denominator_id__in=ids)).select_related(
            "numerator", "denominator"
        )
    )


@dataclass(frozen=True)
class DerivedProblem:
    """A derived figure the inputs would produce that cannot be right (a percentage over 100)."""

    indicator: Indicator
    authority: Authority
    period_end: datetime.date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    denominator_label: str

    def sources(self) -> tuple[str, str | None]:
        return (
            self.indicator.numerator.code if self.indicator.numerator else "?",
            self.indicator.denominator.code if self.indicator.denominator else None,
        )

    def __str__(self) -> str:
        numerator = self.indicator.numerator.code if self.indicator.numerator else "?"
        return (
            f"This makes {self.indicator.code} for {self.authority.code} on {self.period_end} "
            f"{self.value.quantize(Decimal('0.1'))}% ({numerator} {_plain(self.numerator)} / "
            f"{self.denominator_label} {_plain(self.denominator)} x {_plain(self.indicator.factor)}), and a percentage "
            "cannot be over 100. Check that both figures cover the same period: an annual total belongs in an "
            "annual indicator, not a monthly one."
        )


@transaction.atomic
def recompute_population_rates(*, changed: Iterable[tuple[int, datetime.date]], user) -> int:
    """After child populations change (keyed by authority id and year end), recompute the rates per 10,000
    derived from them, for that year and the later ones that may have fallen back to it."""
    earliest: dict[int, datetime.date] = {}
    for authority_id, year_end in changed:
        start = year_end.replace(year=year_end.year - 1)
        earliest[authority_id] = min(earliest.get(authority_id, start), start)
    numerators = {
        pk
        for pk in Indicator.objects.filter(numerator__isnull=False, denominator__isnull=True).values_list(
            "numerator", flat=True
        )
        if pk is not None
    }
    if not earliest or not numerators:
        return 0
    after = Q()
    for authority_id, start in earliest.items():
        after |= Q(authority_id=authority_id, period_end__gt=start)
    sources = Observation.objects.filter(after, indicator_id__in=numerators).select_related("indicator", "authority")
    inputs = [ObservationInput(o.indicator, o.authority, o.period_end, o.value, o.missing_reason) for o in sources]
    return recompute_derived(inputs=inputs, user=user)


def _plain(number: Decimal | None) -> str:
    """3179.0000 as 3,179; 12.5000 as 12.5."""
    return "?" if number is None else f"{number.normalize():,f}"


def _derived_outputs(inputs: Sequence[ObservationInput], *, overlay: bool) -> tuple[list, list[DerivedProblem]]:
    """The derived figures these inputs produce for their authorities and dates, from what is stored (with the
    inputs laid over it when `overlay`, i.e. before they are written), and any that cannot be right."""
    if not inputs:
        return [], []
    derived = _derived_depending_on({r.indicator.pk for r in inputs})
    if not derived:
        return [], []
    keys = {(r.authority.pk, r.period_end) for r in inputs}
    authorities = {r.authority.pk: r.authority for r in inputs}
    source_ids = {pk for d in derived for pk in (d.numerator_id, d.denominator_id) if pk is not None}
    dates = [day for _, day in keys]
    stored: dict[tuple, tuple[Decimal | None, str]] = {}
    for indicator_id, authority_id, period_end, value, reason in Observation.objects.filter(
        indicator_id__in=source_ids, authority_id__in=authorities, period_end__range=(min(dates), max(dates))
    ).values_list("indicator_id", "authority_id", "period_end", "value", "missing_reason"):
        stored[(indicator_id, authority_id, period_end)] = (value, reason)
    if overlay:
        stored.update({r.key: (r.value, r.missing_reason) for r in inputs})
    needs_population = any(not d.denominator_id for d in derived)
    populations = Populations(authorities.values()) if needs_population else None

    outputs, problems = [], []
    for indicator in derived:
        for authority_id, period_end in sorted(keys, key=lambda k: (k[0], k[1])):
            numerator = stored.get((indicator.numerator_id, authority_id, period_end))
            label = indicator.denominator.code if indicator.denominator else "child population"
            if indicator.denominator_id:
                denominator = stored.get((indicator.denominator_id, authority_id, period_end))
            else:
                used = populations.at(authority_id, period_end) if populations else None
                denominator = (Decimal(used.population), "") if used else None
                label = f"child population ({used.label})" if used else label
            if numerator is None or denominator is None:
                continue
            value, reason = _derive(numerator, denominator, indicator.factor)
            if value is not None and indicator.unit == Indicator.Unit.PERCENT and value > 100:
                problems.append(
                    DerivedProblem(
                        indicator, authorities[authority_id], period_end, value, numerator[0], denominator[0], label
                    )
                )
                continue
            outputs.append(ObservationInput(indicator, authorities[authority_id], period_end, value, reason))
    return outputs, problems


def derived_problems(inputs: Sequence[ObservationInput]) -> list[DerivedProblem]:
    """What would be wrong with the derived figures if these inputs were stored (checked before writing)."""
    return _derived_outputs(inputs, overlay=True)[1]


@transaction.atomic
def recompute_derived(*, inputs: Sequence[ObservationInput], user) -> int:
    """Recompute every derived indicator that uses any of these inputs, for the same authorities and dates:
    numerator / denominator x factor, or numerator / child population of the period's year x factor. A suppressed
    input makes the derived figure missing with the same reason; a zero denominator makes it "not applicable" (z).
    A derived percentage over 100 is refused (ValidationError naming its inputs): it means the inputs do not
    describe the same period.

    Returns the number of derived observations written or changed."""
    outputs, problems = _derived_outputs(inputs, overlay=False)
    if problems:
        raise ValidationError([str(p) for p in problems])
    if not outputs:
        return 0
    writes = sort_observation_writes(outputs)
    created, updated = _write(writes, user=user, reason="Recomputed from its inputs")
    return created + updated


def _derive(numerator, denominator, factor) -> tuple[Decimal | None, str]:
    (num, num_reason), (den, den_reason) = numerator, denominator
    if num_reason or den_reason:
        return None, num_reason or den_reason
    value = rules.derived_value(num, den, factor)
    return (value, "") if value is not None else (None, Observation.MissingReason.NOT_APPLICABLE)
