"""Each action's colour over time, stored as intervals of days so that "as at" pages aggregate in the database.

An action's state (status, progress, dates, override) only changes when something is recorded: a save of the
action (its change-history record) or a progress update. Between two such days its colour is a step function of
the date, which the delivery rule (`improvement.plans.rules.assess`) can only change on a few days: around its
start (or its plan's, if later) plus the grace period, its due date less the due-soon window, the day its progress
falls too far behind, and its due date. So an action's whole life is a short list of intervals
`[valid_from, valid_until)` of days, each with one state and one colour, and "how many actions were red at the end
of 31 March" is a COUNT over the intervals that contain 31 March.

The rule is never repeated here: every colour stored is the rule's answer for the interval's first day, and the
days where the answer may change are only candidates to ask it about (the property test in
tests/improvement/plans/test_intervals.py checks the stored colour against the rule applied afresh, day by day).
The state on a day is the one the history replay in `improvement.plans.selectors.history` gives (`HistoryReplay.state`),
so the stored intervals and a replay never disagree.

`refresh(action_ids)` recomputes the intervals of some actions from their whole history; every write path that can
change an action's state calls it: `Action.save()` and `ProgressUpdate.save()` (so the services, the admin site and
the shell alike, backdated updates included), `seed_scale`, `load_demo` and the data migration. Code that writes
with `QuerySet.update()` or `bulk_create` must call it too. It also renews the colours token of each plan it
rewrote intervals in (`renew_tokens`), under which the dashboard caches each plan's counts.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from improvement.plans import rules

if TYPE_CHECKING:
    from improvement.models import ActionInterval
    from improvement.plans.selectors import HistoryReplay

# An action's recorded fields (STATE_FIELDS, with "plan_start"), or an interval row with its colours and days.
Row: TypeAlias = dict[str, Any]
# Action, its historical model, ProgressUpdate and ActionInterval: the live ones, or a data migration's.
Models: TypeAlias = tuple[Any, Any, Any, Any]

FIRST_DAY = datetime.date(1900, 1, 1)  # before anything this product records: "since the beginning"
LAST_DAY = datetime.date(9999, 12, 31)  # exclusive end of the interval that is still running
STATE_FIELDS = ("status", "progress", "start_date", "due_date", "rag_override", "rag_override_reason")
BATCH = 500


def shown_colour(state: Row, day: datetime.date) -> tuple[str, str]:
    """(computed colour, colour shown) on `day` for a state dict (with its plan's start under "plan_start"), ""
    for none: the one rule, `rules.assess` (so before the action or its plan begins, "not yet started": none)."""
    assessment = rules.assess(_rule_state(state), day)
    return assessment.computed_rag or "", assessment.rag or ""


def _slip_day(state: rules.ActionState) -> datetime.date | None:
    """The first day the rule's own expected progress runs more than the slip allowance ahead of the recorded
    progress (expected progress never falls as days pass, so a bisection finds it)."""
    if state.start_date is None or state.due_date <= state.start_date:
        return None

    def behind(day: datetime.date) -> bool:
        return rules.expected_progress(state, day) - state.progress > rules.PROGRESS_SLIP_POINTS

    low, high = state.start_date, state.due_date + datetime.timedelta(days=1)
    if not behind(high):
        return None
    while low < high:
        middle = low + (high - low) // 2
        if behind(middle):
            high = middle
        else:
            low = middle + datetime.timedelta(days=1)
    return low


def _rule_state(state: Row) -> rules.ActionState:
    return rules.ActionState(**{f: state[f] for f in STATE_FIELDS}, plan_start=state.get("plan_start"))


def candidate_days(state: Row) -> set[datetime.date]:
    """Days on which the rule's answer for a fixed state may differ from the day before: a superset (each anchor
    with its neighbours), since asking the rule on a day where nothing changes costs only a merge."""
    st = _rule_state(state)
    anchors = [st.due_date, st.due_date - datetime.timedelta(days=rules.DUE_SOON_DAYS)]
    if st.begins is not None:
        # "not yet started" until then; "not started late" is counted from it too
        anchors += [st.begins, st.begins + datetime.timedelta(days=rules.NOT_STARTED_GRACE_DAYS)]
    if st.start_date is not None:
        anchors += [st.start_date, st.start_date + datetime.timedelta(days=rules.NOT_STARTED_GRACE_DAYS)]
    slip = _slip_day(st)
    if slip is not None:
        anchors.append(slip)
    return {anchor + datetime.timedelta(days=offset) for anchor in anchors for offset in (-1, 0, 1, 2)}


def colour_pieces(state: Row, start: datetime.date, until: datetime.date) -> list[Row]:
    """The state's days `[start, until)` cut where the rule's colour changes, each piece with its colours."""
    days = [start, *sorted(d for d in candidate_days(state) if start < d < until)]
    pieces: list[Row] = []
    for day in days:
        computed, shown = shown_colour(state, day)
        if pieces and (pieces[-1]["computed_rag"], pieces[-1]["rag"]) == (computed, shown):
            continue
        if pieces:
            pieces[-1]["valid_until"] = day
        pieces.append({**state, "valid_from": day, "valid_until": until, "computed_rag": computed, "rag": shown})
    return pieces


def action_intervals(live: Row, history: HistoryReplay) -> list[Row]:
    """An action's intervals from its live row (what it is now) and its whole recorded history (a `HistoryReplay`
    holding every record and update): one state per day something was recorded, replayed as
    `HistoryReplay.state` does (the live row only for an action with nothing recorded). Every write path records
    what it writes, so the last recorded state is the action as it now is."""
    from improvement.plans.selectors.history import end_of_day

    pk = live["id"]
    times = [r["history_date"] for r in history.records.get(pk, ())]
    times += [u["created_at"] for u in history.updates.get(pk, ())]
    days = sorted({timezone.localdate(t) for t in times})
    starts = [FIRST_DAY, *days]
    intervals: list[Row] = []
    for i, start in enumerate(starts):
        until = starts[i + 1] if i + 1 < len(starts) else LAST_DAY
        if not days:
            state = {f: live[f] for f in STATE_FIELDS}
        elif start == FIRST_DAY:
            state = history.state(live, end_of_day(days[0] - datetime.timedelta(days=1)))
        else:
            state = history.state(live, end_of_day(start))
        # The plan's start as it is now (as the replay in `selectors` reads it): nothing is rated before it.
        state = {**state, "plan_start": live.get("plan_start")}
        for piece in colour_pieces(state, start, until):
            last = intervals[-1] if intervals else None
            if last and all(last[f] == piece[f] for f in (*STATE_FIELDS, "computed_rag", "rag")):
                last["valid_until"] = piece["valid_until"]
            else:
                intervals.append(piece)
    return intervals


def _chunks(ids: list[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def refresh(action_ids: Iterable[int], *, models: Models | None = None, also_renew: Iterable[int] = ()) -> int:
    """Recompute the stored intervals of these actions from their whole history, and renew the colours tokens of
    the plans they are in and of `also_renew` (plans they have just left) at once, in plan order (`renew_tokens`);
    returns how many intervals were written. The actions' plans are read under `lock_membership`.

    `models` (Action, its historical model, ProgressUpdate, ActionInterval) lets a data migration pass its own (its
    models may predate the tokens, which every `migrate` renews afterwards)."""
    from improvement.plans.selectors.history import HistoryReplay

    action_model, historical_model, update_model, interval_model = models or _live_models()
    left = set(also_renew)
    written = 0
    for ids in _chunks(sorted(set(action_ids)), BATCH):
        with transaction.atomic():
            lock_membership(ids, action_model=action_model)
            live = list(
                action_model.objects.filter(pk__in=ids)
                .order_by()
                .values("id", *STATE_FIELDS, plan_start=F("priority__plan__start_date"), plan_id=F("priority__plan_id"))
            )
            history = HistoryReplay.complete(ids, historical_model=historical_model, update_model=update_model)
            rows = [
                interval_model(action_id=row["id"], **{k: v for k, v in interval.items() if k != "plan_start"})
                for row in live
                for interval in action_intervals(row, history)
            ]
            interval_model.objects.filter(action_id__in=ids).delete()
            interval_model.objects.bulk_create(rows, batch_size=BATCH)
            if models is None:
                renew_tokens(left | {row["plan_id"] for row in live})
            written += len(rows)
    return written


def lock_membership(action_ids: Iterable[int], *, action_model: Any = None) -> None:
    """Until the transaction ends, keep these actions in their priorities and their priorities in their plans, and
    first wait for any transaction moving them to finish: on PostgreSQL the actions' rows are locked FOR NO KEY
    UPDATE and their priorities' FOR SHARE, in id order. A writer then reads the plans its write changes after any
    move has committed, and renews those plans' tokens, not the ones they were leaving (two writers at once under
    READ COMMITTED would otherwise let a kept tally outlive the data it was counted from). Also keeps two refreshes
    of one action from both leaving their intervals. SQLite has one writer at a time: nothing to do."""
    connection = transaction.get_connection()
    ids = sorted(set(action_ids))
    if connection.vendor != "postgresql" or not ids:
        return
    action_model = action_model or _live_models()[0]
    actions = connection.ops.quote_name(action_model._meta.db_table)
    priorities = connection.ops.quote_name(action_model._meta.get_field("priority").related_model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT priority_id FROM {actions} WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE", [ids])
        held = sorted({row[0] for row in cursor.fetchall()})
        cursor.execute(f"SELECT id FROM {priorities} WHERE id = ANY(%s) ORDER BY id FOR SHARE", [held])


def renew_tokens(plan_ids: Iterable[int], *, using: str = "default") -> None:
    """Give each of these plans a new random colours token (`PlanColoursToken`, created where missing), in the
    writing transaction: what was kept under its old token is not used again. In plan order, so that two
    transactions renewing the same plans in one call each lock their rows in the same order."""
    from improvement.models import PlanColoursToken

    PlanColoursToken.objects.using(using).bulk_create(
        [PlanColoursToken(plan_id=pk, token=new_token()) for pk in sorted(set(plan_ids))],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["token"],
    )


def new_token() -> int:
    """A random colours token: a repeat of an earlier one (which could bring back what was cached under it) has a
    chance of one in 2**62."""
    return secrets.randbelow(2**62 - 1) + 1


def _live_models() -> Models:
    from improvement.models import Action, ActionInterval, ProgressUpdate

    return (Action, Action.history.model, ProgressUpdate, ActionInterval)


def refresh_all(*, models: Models | None = None) -> int:
    """Recompute every action's intervals (the data migration, seed_scale, load_demo)."""
    action_model = (models or _live_models())[0]
    return refresh(action_model.objects.order_by("pk").values_list("pk", flat=True), models=models)


def containing(queryset: QuerySet[ActionInterval], day: datetime.date) -> QuerySet[ActionInterval]:
    """The intervals of `queryset` (of ActionInterval) that contain `day`: one per action."""
    return queryset.filter(valid_from__lte=day, valid_until__gt=day)
