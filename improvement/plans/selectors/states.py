"""Each action's state and delivery colour as it stood on a date: today from the actions as they are, a past date
from the stored colour intervals (`improvement.plans.intervals`), in a fixed number of queries however many."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, cast

from django.db import models
from django.db.models import Count, F, Q

from core import asat
from core.rag import RAG_ORDER
from improvement.models import Action, ActionInterval
from improvement.plans import rules
from improvement.plans.selectors.history import (
    HISTORY_STATE_FIELDS,
    HistoryReplay,
    Row,
    end_of_day,
    is_live,
    state_fields,
)

# Nothing is rated before its plan starts: rows handed to the functions below as dicts carry the plan's start
# under "plan_start", as `.values("id", *HISTORY_STATE_FIELDS, plan_start=PLAN_START)` gives it.
PLAN_START = F("priority__plan__start_date")

# A queryset of actions, loaded Action instances, or `values()` rows of "id", the state fields and "plan_start".
Actions = models.QuerySet[Action] | Sequence[Action] | Sequence[Row]


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
        return rules.ActionState.of(self, plan_start=self.plan_start)

    @property
    def not_yet_started(self) -> bool:
        return self.assessment.not_yet_started

    # Cached: a page reads each action's colour several times (roll-ups, deadline panels, coverage).
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
        return str(Action.Status(self.status).label)

    @property
    def is_open(self) -> bool:
        return rules.is_open(self.status)

    @property
    def is_overdue(self) -> bool:
        return rules.is_overdue(self.status, self.due_date, self.as_at)

    @property
    def days_overdue(self) -> int:
        return rules.days_overdue(self.status, self.due_date, self.as_at)


def _live_rows(actions: Actions) -> list[Row]:
    fields = ("id", *HISTORY_STATE_FIELDS)
    if isinstance(actions, models.QuerySet):
        return list(actions.order_by().values(*fields, plan_start=PLAN_START))
    rows: list[Row] = []
    for item in actions:
        if isinstance(item, dict):
            rows.append(item)  # already a `values()` row of these fields and "plan_start"
        else:
            row = {f: getattr(item, f) for f in HISTORY_STATE_FIELDS}
            rows.append({"id": item.pk, **row, "plan_start": item.priority.plan.start_date})
    return rows


def _live_state(row: Row, day: datetime.date) -> ActionAsAt:
    return ActionAsAt(action_id=row["id"], as_at=day, plan_start=row["plan_start"], **state_fields(row))


def action_states_as_at(actions: Actions, as_at: datetime.date | None) -> dict[int, ActionAsAt]:
    """Each action's state as it stood at the end of `as_at` (None: today), keyed by action id.

    `actions` is a queryset, already loaded Action instances (with their priority and plan), or a list of dicts
    holding "id", the state fields and "plan_start" (then no query at all for today). For a past date the state
    is read from the stored intervals in one more query however many actions there are."""
    day = as_at or asat.today()
    return action_states_on_dates(actions, [day])[day]


def action_states_on_dates(
    actions: Actions, days: Iterable[datetime.date]
) -> dict[datetime.date, dict[int, ActionAsAt]]:
    """`action_states_as_at` for several dates at once, keyed by date then action id: today and later from the
    actions as they are, past dates from their stored intervals, in one query for all the past dates."""
    wanted = sorted(set(days))
    live = _live_rows(actions)
    result: dict[datetime.date, dict[int, ActionAsAt]] = {}
    past = [day for day in wanted if not is_live(day)]
    for day in wanted:
        if day not in past:
            result[day] = {row["id"]: _live_state(row, day) for row in live}
    if not past:
        return result
    plan_start = {row["id"]: row["plan_start"] for row in live}
    for day in past:
        result[day] = {}
    contains = Q()
    for day in past:
        contains |= Q(valid_from__lte=day, valid_until__gt=day)
    rows = ActionInterval.objects.filter(contains, action_id__in=list(plan_start)).values(
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
                    **state_fields(row),
                )
    return result


def replayed_states_on_dates(
    actions: Actions, days: Iterable[datetime.date]
) -> dict[datetime.date, dict[int, ActionAsAt]]:
    """The same states replayed from the recorded history, without the stored intervals: what the intervals are
    checked against, and built from (`HistoryReplay.state`)."""
    wanted = sorted(set(days))
    live = _live_rows(actions)
    history = HistoryReplay([row["id"] for row in live], [day for day in wanted if not is_live(day)])
    result: dict[datetime.date, dict[int, ActionAsAt]] = {}
    for day in wanted:
        if is_live(day):
            result[day] = {row["id"]: _live_state(row, day) for row in live}
            continue
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


def colour_counts_on_dates(
    actions: models.QuerySet[Action], days: Iterable[datetime.date]
) -> dict[datetime.date, dict[str, int]]:
    """How many of the actions were of each colour at the end of each date (withdrawn and unrated ones in no
    count): a COUNT per date for each colour over the stored intervals that overlap the dates, in one query (a row
    per colour; half the time of a COUNT per date and colour over every interval, at 230,000 intervals)."""
    wanted = sorted(set(days))
    counts = {day: dict.fromkeys(RAG_ORDER, 0) for day in wanted}
    if not wanted:
        return counts
    rows = (
        ActionInterval.objects.filter(
            action__in=actions.order_by().values("pk"),
            rag__in=RAG_ORDER,
            valid_from__lte=wanted[-1],
            valid_until__gt=wanted[0],
        )
        .order_by()
        .values("rag")
        .annotate(
            **{f"d{n}": Count("id", filter=Q(valid_from__lte=day, valid_until__gt=day)) for n, day in enumerate(wanted)}
        )
    )
    for row in cast("Iterable[dict[str, Any]]", rows):
        for n, day in enumerate(wanted):
            counts[day][row["rag"]] = int(row[f"d{n}"])
    return counts
