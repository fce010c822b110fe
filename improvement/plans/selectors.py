"""Reads that span many rows: computed in one pass over a fixed number of queries, never a query per row.

Public, relied on by the dashboard and committee reports:

- `action_states_as_at(actions, as_at)`: each action's status, progress and delivery colour as it stood on a date.
- `plan_summaries(plans, as_at)`: each plan's and priority's roll-up colour with counts by colour, as at a date.
- `latest_assessments(priorities, as_at)`: each priority lead's latest judgement on or before a date.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Lead, RowNumber
from django.utils import timezone

from core import asat
from core.presentation import colour_change, person_name
from core.rag import RAG_ORDER, RAG_SEVERITY
from improvement.models import Action, ActionInterval, Plan, Priority, PriorityAssessment, ProgressUpdate
from improvement.plans import rules

ACTION_STATE_FIELDS = (
    "id",
    "priority_id",
    "priority__plan_id",
    "status",
    "progress",
    "start_date",
    "due_date",
    "rag_override",
)
# The fields of an action's state that its recorded history (simple_history rows) can restore.
HISTORY_STATE_FIELDS = ("status", "progress", "start_date", "due_date", "rag_override", "rag_override_reason")
# And what the rules need besides: nothing is rated before its plan starts. Rows handed to the functions below
# as dicts carry it under "plan_start": `.values(*HISTORY_STATE_FIELDS, plan_start=PLAN_START)`.
PLAN_START = F("priority__plan__start_date")


def action_colour(state: dict, as_at: datetime.date) -> str | None:
    """Delivery RAG (override included) for a dict of HISTORY_STATE_FIELDS and, optionally, "plan_start"."""
    return rules.assess(rules.ActionState(**state), as_at).rag


@dataclass(frozen=True)
class ActionAsAt:
    """An action's state on one date: what it was (status, progress, dates, override) and the colour it earned."""

    action_id: int
    as_at: datetime.date
    status: str
    progress: int
    start_date: datetime.date | None
    due_date: datetime.date
    rag_override: str = ""
    rag_override_reason: str = ""
    # True when the state comes from the recorded history rather than the action as it is now.
    from_history: bool = False
    plan_start: datetime.date | None = None

    @property
    def state(self) -> rules.ActionState:
        return rules.ActionState(
            self.status,
            self.progress,
            self.start_date,
            self.due_date,
            self.rag_override,
            self.rag_override_reason,
            plan_start=self.plan_start,
        )

    @property
    def not_yet_started(self) -> bool:
        return self.assessment.not_yet_started

    # Cached: a dashboard reads each action's colour several times (roll-ups, deadline panels, chart, coverage).
    @cached_property
    def assessment(self) -> rules.Assessment:
        return rules.assess(self.state, self.as_at)

    @property
    def computed_rag(self) -> str | None:
        return self.assessment.computed_rag

    @property
    def rag(self) -> str | None:
        """The colour shown (`rules.assess`: the override wins)."""
        return self.assessment.rag

    @property
    def is_overridden(self) -> bool:
        return self.assessment.is_overridden

    @property
    def rag_word(self) -> str:
        return self.assessment.word

    @property
    def status_label(self) -> str:
        return Action.Status(self.status).label

    @property
    def is_open(self) -> bool:
        return rules.is_open(self.status)

    @property
    def is_overdue(self) -> bool:
        return rules.is_overdue(self.status, self.due_date, self.as_at)

    @property
    def days_overdue(self) -> int:
        return rules.days_overdue(self.status, self.due_date, self.as_at)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the site's time zone: "as at 1 September" includes all of 1 September."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def is_live(as_at: datetime.date | None) -> bool:
    """Today or later: nothing recorded can differ from the actions as they are now."""
    return as_at is None or as_at >= asat.today()


def _live_rows(actions) -> list[dict]:
    fields = ("id", *HISTORY_STATE_FIELDS)
    if isinstance(actions, list) and actions and isinstance(actions[0], dict):
        return actions  # already `values()` rows of these fields and "plan_start"
    if isinstance(actions, models.QuerySet):
        return list(actions.order_by().values(*fields, plan_start=PLAN_START))
    return [
        {**{f: getattr(a, "pk" if f == "id" else f) for f in fields}, "plan_start": a.priority.plan.start_date}
        for a in actions
    ]


def action_states_as_at(actions, as_at: datetime.date | None) -> dict[int, ActionAsAt]:
    """Each action's state as it stood at the end of `as_at` (None: today), keyed by action id.

    `actions` is a queryset, already loaded Action instances, or a list of dicts holding "id" and the state
    fields (then no query at all for today). For a past date
    the state is rebuilt from the recorded history in two more queries however many actions there are: status
    and progress from the latest of the action's ProgressUpdate and its change-history record on or before the
    date; dates and override from that change-history record. An action with nothing recorded by then (data
    loaded after the fact) keeps the state it was first recorded with.
    """
    day = as_at or asat.today()
    return action_states_on_dates(actions, [day])[day]


def action_states_on_dates(actions, days: Iterable[datetime.date]) -> dict[datetime.date, dict[int, ActionAsAt]]:
    """`action_states_as_at` for several dates at once, keyed by date then action id: today and later from the
    actions as they are, past dates from their stored intervals (`improvement.plans.intervals`), in one query for all
    the past dates however many actions."""
    days = sorted(set(days))
    live = _live_rows(actions)
    result: dict[datetime.date, dict[int, ActionAsAt]] = {}
    past = [day for day in days if not is_live(day)]
    for day in days:
        if day not in past:
            result[day] = {
                row["id"]: ActionAsAt(action_id=row["id"], as_at=day, plan_start=row["plan_start"], **_state(row))
                for row in live
            }
    if past:
        plan_start = {row["id"]: row["plan_start"] for row in live}
        for day in past:
            result[day] = {}
        contains = Q()
        for day in past:
            contains |= Q(valid_from__lte=day, valid_until__gt=day)
        rows = ActionInterval.objects.filter(contains, action_id__in=[row["id"] for row in live]).values(
            "action_id", "valid_from", "valid_until", *HISTORY_STATE_FIELDS
        )
        for row in rows:
            for day in past:
                if row["valid_from"] <= day < row["valid_until"]:
                    result[day][row["action_id"]] = ActionAsAt(
                        action_id=row["action_id"],
                        as_at=day,
                        from_history=True,
                        plan_start=plan_start[row["action_id"]],
                        **_state(row),
                    )
    return result


def replayed_states_on_dates(actions, days: Iterable[datetime.date]) -> dict[datetime.date, dict[int, ActionAsAt]]:
    """The same states replayed from the recorded history, without the stored intervals: what the intervals are
    checked against, and built from (`HistoryReplay.state`)."""
    days = sorted(set(days))
    live = _live_rows(actions)
    history = HistoryReplay([row["id"] for row in live], [day for day in days if not is_live(day)])
    result: dict[datetime.date, dict[int, ActionAsAt]] = {}
    for day in days:
        if is_live(day):
            result[day] = {
                row["id"]: ActionAsAt(action_id=row["id"], as_at=day, plan_start=row["plan_start"], **_state(row))
                for row in live
            }
        else:
            cutoff = end_of_day(day)
            result[day] = {
                row["id"]: ActionAsAt(
                    action_id=row["id"],
                    as_at=day,
                    from_history=True,
                    plan_start=row["plan_start"],
                    **history.state(row, cutoff),
                )
                for row in live
            }
    return result


def colour_counts_on_dates(actions, days: Iterable[datetime.date]) -> dict[datetime.date, dict[str, int]]:
    """How many of the actions (a queryset) were of each colour at the end of each date (withdrawn and unrated
    ones in no count): a COUNT per date and colour over the stored intervals, in one query."""
    days = sorted(set(days))
    counts = ActionInterval.objects.filter(action__in=actions.order_by().values("pk")).aggregate(
        **{
            f"{n}:{colour}": Count("id", filter=Q(valid_from__lte=day, valid_until__gt=day, rag=colour))
            for n, day in enumerate(days)
            for colour in RAG_ORDER
        }
    )
    return {day: {colour: counts[f"{n}:{colour}"] for colour in RAG_ORDER} for n, day in enumerate(days)}


def latest_before_each(queryset, *, key: str, when: str, tiebreak: str, cutoffs: list, first: bool = False):
    """The rows of `queryset` that are the latest of their `key` (by `when`, then `tiebreak`) strictly before at
    least one of `cutoffs`, in one query: each row is paired with the time of the next row of its key, and kept
    when some cutoff falls between the two. With `first`, each key's first row is kept too."""
    order = [F(when).asc(), F(tiebreak).asc()]
    queryset = queryset.annotate(next_at=Window(Lead(when), partition_by=[F(key)], order_by=order))
    keep = Q()
    for cutoff in cutoffs:
        keep |= Q(**{f"{when}__lt": cutoff}) & (Q(next_at__isnull=True) | Q(next_at__gte=cutoff))
    if first:
        queryset = queryset.annotate(nth=Window(RowNumber(), partition_by=[F(key)], order_by=order))
        keep |= Q(nth=1)
    return queryset.filter(keep)


def _latest_rows(model, *, ids: list[int], key: str, when: str, tiebreak: str, cutoffs: list, first: bool = False):
    """The rows of `model` (`tiebreak` being its primary key) that `latest_before_each` keeps, for the keys `ids`.
    For one cutoff (a page as at a date) an indexed lookup per key finds its row, where the window sorts every
    row of every key: at 20,000 actions and 200,000 updates the window took about a third longer."""
    rows = model.objects.filter(**{f"{key}__in": ids})
    if len(cutoffs) != 1:
        return latest_before_each(rows, key=key, when=when, tiebreak=tiebreak, cutoffs=cutoffs, first=first)
    same_key = model.objects.filter(**{key: OuterRef(key)})
    latest = same_key.filter(**{f"{when}__lt": cutoffs[0]}).order_by(f"-{when}", f"-{tiebreak}")
    keep = Q(**{tiebreak: Subquery(latest.values(tiebreak)[:1])})
    if first:
        keep |= Q(**{tiebreak: Subquery(same_key.order_by(when, tiebreak).values(tiebreak)[:1])})
    return rows.filter(keep)


class HistoryReplay:
    """The recorded history of some actions, from which their state at the end of any day is replayed. Built
    either for some past dates (two queries, each returning at most one row per action and date, plus each
    action's first change record) or `complete` (every record and update: what the stored intervals are built
    from)."""

    def __init__(self, ids: list[int], days: list[datetime.date]):
        self.records: dict[int, list[dict]] = defaultdict(list)
        self.updates: dict[int, list[dict]] = defaultdict(list)
        if not ids or not days:
            return
        cutoffs = [end_of_day(day) for day in days]
        historical = Action.history.model
        records = _latest_rows(
            historical, ids=ids, key="id", when="history_date", tiebreak="history_id", cutoffs=cutoffs, first=True
        ).values("id", "history_id", "history_date", *HISTORY_STATE_FIELDS)
        updates = _latest_rows(
            ProgressUpdate, ids=ids, key="action_id", when="created_at", tiebreak="id", cutoffs=cutoffs
        ).values("action_id", "id", "created_at", "status", "progress")
        self._fill(records, updates)

    @classmethod
    def complete(cls, ids: list[int], *, historical_model=None, update_model=None) -> HistoryReplay:
        """Every change record and progress update of the actions `ids` (two queries)."""
        replay = cls([], [])
        historical_model = historical_model or Action.history.model
        update_model = update_model or ProgressUpdate
        records = historical_model.objects.filter(id__in=ids).values(
            "id", "history_id", "history_date", *HISTORY_STATE_FIELDS
        )
        updates = update_model.objects.filter(action_id__in=ids).values(
            "action_id", "id", "created_at", "status", "progress"
        )
        replay._fill(records, updates)
        return replay

    def _fill(self, records, updates) -> None:
        for row in sorted(records, key=lambda r: (r["history_date"], r["history_id"])):
            self.records[row["id"]].append(row)
        for row in sorted(updates, key=lambda r: (r["created_at"], r["id"])):
            self.updates[row["action_id"]].append(row)

    def state(self, live_row: dict, cutoff: datetime.datetime) -> dict:
        """The action's state just before `cutoff` (`end_of_day` of a past date), `live_row` being what it is now."""
        pk = live_row["id"]
        records = self.records.get(pk, ())
        record = _last_before(records, cutoff, "history_date")
        state = _state(record or (records[0] if records else live_row))
        update = _last_before(self.updates.get(pk, ()), cutoff, "created_at")
        if update and (record is None or update["created_at"] >= record["history_date"]):
            state.update(status=update["status"], progress=update["progress"])
        return state


def _last_before(rows, cutoff: datetime.datetime, when: str) -> dict | None:
    # A scan from the end, not a bisection: each action has at most a row per date asked about, usually one.
    for row in reversed(rows):
        if row[when] < cutoff:
            return row
    return None


@dataclass(frozen=True)
class HistoryMark:
    """How far the recorded history had got: the last progress update and the last change record of any action."""

    update_id: int = 0
    record_id: int = 0


def history_changes(since: HistoryMark | None, days: list[datetime.date]) -> tuple[HistoryMark, set[datetime.date]]:
    """The history's mark now, and which of `days` what was recorded after `since` can change: an update or a
    change record dated before the end of the day (a normal update, dated now, reaches no past day; a backdated
    one does), or an action's first change record, which `action_states_as_at` falls back on for dates before it.
    Two queries, reading only the rows recorded after `since` (None: every day is changed)."""
    since = since or HistoryMark()
    cutoffs = {day: end_of_day(day) for day in days}
    updates = ProgressUpdate.objects.filter(id__gt=since.update_id).aggregate(
        last=Max("id"), **{day.isoformat(): Count("id", filter=Q(created_at__lt=c)) for day, c in cutoffs.items()}
    )
    historical = Action.history.model
    earlier = historical.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    records = (
        historical.objects.filter(history_id__gt=since.record_id)
        .annotate(is_first=~Exists(earlier))
        .aggregate(
            last=Max("history_id"),
            **{
                day.isoformat(): Count("history_id", filter=Q(history_date__lt=c) | Q(is_first=True))
                for day, c in cutoffs.items()
            },
        )
    )
    mark = HistoryMark(updates["last"] or since.update_id, records["last"] or since.record_id)
    if since == HistoryMark():
        return mark, set(days)
    return mark, {day for day in days if updates[day.isoformat()] or records[day.isoformat()]}


def _state(row: dict) -> dict:
    return {f: row[f] for f in HISTORY_STATE_FIELDS}


def action_rows(actions: Iterable[Action], as_at: datetime.date | None) -> list[ActionRow]:
    """Loaded actions paired with their state as at a date, for list pages (two queries for a past date)."""
    actions = list(actions)
    states = action_states_as_at(actions, as_at)
    return [ActionRow(action=a, state=states[a.pk]) for a in actions]


@dataclass(frozen=True)
class ActionRow:
    action: Action
    state: ActionAsAt

    @property
    def pk(self) -> int:
        return self.action.pk

    @property
    def owner_name(self) -> str:
        owner = self.action.owner
        return person_name(owner)

    @property
    def rag_rank(self) -> int:
        """Worst first when sorted ascending; withdrawn (no rating) last."""
        return RAG_SEVERITY.get(self.state.rag, len(RAG_SEVERITY))


@dataclass
class PlanSummary:
    plan: Plan
    rollup: rules.Rollup
    priorities: list[tuple[Priority, rules.Rollup]] = field(default_factory=list)


def plan_summaries(
    plans, as_at: datetime.date | None, *, states: dict[int, ActionAsAt] | None = None
) -> list[PlanSummary]:
    """Each plan's and each of its priorities' roll-up colour with counts by colour, as at a date (None: today).

    The counts are a GROUP BY over the stored intervals containing the date (`improvement.plans.intervals`): two queries
    whatever the date and however many plans, priorities and actions. `states`, when a caller already has them
    (a committee report, which shows each action too), are `action_states_as_at` of (at least) the plans' actions
    on the same date, and the counts come from them instead (three queries)."""
    plans = list(plans)
    plan_ids = [p.pk for p in plans]
    priorities = Priority.objects.filter(plan_id__in=plan_ids).select_related("lead")
    if states is None:
        counts = priority_colour_counts(plan_ids, as_at or timezone.localdate())
    else:
        counts = defaultdict(Counter)
        for pk, priority_id in Action.objects.filter(priority__plan_id__in=plan_ids).values_list("id", "priority_id"):
            if states[pk].rag:
                counts[priority_id][states[pk].rag] += 1
    by_plan: dict[int, list] = defaultdict(list)
    for priority in priorities:
        by_plan[priority.plan_id].append(priority)
    summaries = []
    day = as_at or timezone.localdate()
    for plan in plans:
        plan_priorities = by_plan[plan.pk]
        plan_counts = sum((Counter(counts.get(p.pk, {})) for p in plan_priorities), Counter())
        when = {"begins": plan.start_date, "as_at": day}
        summaries.append(
            PlanSummary(
                plan=plan,
                rollup=rules.rollup_of_counts(plan_counts, **when),
                priorities=[(p, rules.rollup_of_counts(counts.get(p.pk, {}), **when)) for p in plan_priorities],
            )
        )
    return summaries


def priority_colour_counts(plan_ids: list[int], day: datetime.date) -> dict[int, dict[str, int]]:
    """How many actions of each priority of these plans were of each colour at the end of `day` (withdrawn and
    unrated ones in none): one GROUP BY over the intervals containing the day."""
    rows = (
        ActionInterval.objects.filter(action__priority__plan_id__in=plan_ids, valid_from__lte=day, valid_until__gt=day)
        .exclude(rag="")
        .values_list("action__priority_id", "rag")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for priority_id, colour, n in rows:
        counts[priority_id][colour] = n
    return counts


def latest_assessments(priorities, as_at: datetime.date | None) -> dict[int, PriorityAssessment]:
    """Each priority's latest lead assessment dated on or before `as_at` (None: today), in one query."""
    day = as_at or asat.today()
    ids = [p.pk for p in priorities]
    latest = (
        PriorityAssessment.objects.filter(priority_id=OuterRef("priority_id"), date__lte=day)
        .order_by("-date", "-id")
        .values("id")[:1]
    )
    found = PriorityAssessment.objects.filter(priority_id__in=ids, id=Subquery(latest)).select_related("assessed_by")
    return {a.priority_id: a for a in found}


@dataclass(frozen=True)
class AssessmentEntry:
    assessment: PriorityAssessment
    previous_rag: str | None

    @property
    def change(self) -> str:
        """Against the previous judgement: `core.presentation.colour_change` ('new' for the first)."""
        return colour_change(self.previous_rag, self.assessment.rag)


def assessment_history(priority: Priority, as_at: datetime.date | None = None) -> list[AssessmentEntry]:
    """The lead's judgements, newest first, each with the one before it (one query)."""
    found = PriorityAssessment.objects.filter(priority=priority).select_related("assessed_by")
    if as_at is not None:
        found = found.filter(date__lte=as_at)
    oldest_first = list(found.order_by("date", "id"))
    entries = []
    previous = None
    for assessment in oldest_first:
        entries.append(AssessmentEntry(assessment, previous))
        previous = assessment.rag
    return entries[::-1]


def updates_as_at(action: Action, as_at: datetime.date | None):
    """The action's timeline (newest first) as far as it had got by the end of `as_at`."""
    updates = action.updates.select_related("author")
    if not is_live(as_at):
        updates = updates.filter(created_at__lt=end_of_day(as_at))
    return updates


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    changes: list[FieldChange]


def change_history(obj: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """Every recorded change to `obj`, newest first: who, when, and each field's value before and after.

    Foreign keys are shown by name, looked up with one query per related model, not per change."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    tracked = [f for f in model._meta.concrete_fields if f.name != "version"]
    names = [f.name for f in tracked]
    pairs = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if older is None:
            if len(records) > limit:
                break
            pairs.append((newer, []))
        else:
            delta = newer.diff_against(older, included_fields=names)
            pairs.append((newer, delta.changes))
    related = _related_names(model, [c for _, changes in pairs for c in changes])
    entries = []
    for record, changes in pairs:
        shown = [
            FieldChange(
                field=str(model._meta.get_field(c.field).verbose_name).capitalize(),
                old=_display(model, c.field, c.old, related),
                new=_display(model, c.field, c.new, related),
            )
            for c in changes
        ]
        if record.history_type == "~" and not shown:
            continue  # a save that changed nothing shown here (only the lock's version number)
        user = record.history_user
        who = person_name(user) or "System"
        entries.append(
            HistoryEntry(when=record.history_date, who=who, kind=record.get_history_type_display(), changes=shown)
        )
    return entries


def _related_names(model, changes) -> dict[tuple[str, object], str]:
    wanted: dict[str, set] = defaultdict(set)
    for change in changes:
        f = model._meta.get_field(change.field)
        if f.is_relation:
            wanted[change.field].update(v for v in (change.old, change.new) if v is not None)
    names = {}
    for field_name, pks in wanted.items():
        related_model = model._meta.get_field(field_name).related_model
        for related in related_model._default_manager.filter(pk__in=pks):
            label = person_name(related) if hasattr(related, "get_full_name") else ""
            names[(field_name, related.pk)] = label or str(related)
    return names


def _display(model, field_name: str, value, related: dict) -> str:
    if value is None or value == "":
        return "(blank)"
    f = model._meta.get_field(field_name)
    if f.is_relation:
        return related.get((field_name, value), f"#{value} (deleted)")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)
