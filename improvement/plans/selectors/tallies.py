"""Each plan's share of the dashboard's action counts as at a date, counted per plan over the stored colour
intervals (`improvement.plans.intervals`), so that the dashboard can cache each plan's share under its colours token
(`PlanColoursToken`) and after a write count again only the plans the write touched.

A plan's tally (kept by the dashboard in each worker's memory, never changed once made) is:

- "days": for each date asked about (ISO date -> colour -> count), how many of its actions were of each colour at
  the end of the date (withdrawn and unrated ones in no count), as `colour_counts_on_dates` counts them;
- "overdue", "soon": how many of its actions were open and past their due date, or due from the date to
  `soon_until`, on the date, as their intervals containing it say;
- "overdue_rows", "soon_rows": the first `limit` of each, earliest due first (then by action id), each a dict of
  "action_id" and `HISTORY_STATE_FIELDS`.

Sums of the plans' tallies are the dashboard's totals, and the first `limit` rows of all the plans' rows merged in
the same order are its lists (tests/improvement/dashboard/test_tallies.py checks both against the counts made over
all actions at once, after random writes). The dashboard adds each plan's actions per recommendation
(`improvement.tracker.coverage.action_counts_by_plan`) for its coverage panel.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from core.rag import RAG_ORDER
from improvement.models import ActionInterval
from improvement.plans.rules import CLOSED_STATUSES
from improvement.plans.selectors.history import HISTORY_STATE_FIELDS

Tally = dict[str, Any]


def empty_tally(days: Iterable[datetime.date]) -> Tally:
    return {
        "days": {day.isoformat(): dict.fromkeys(RAG_ORDER, 0) for day in days},
        "overdue": 0,
        "soon": 0,
        "overdue_rows": [],
        "soon_rows": [],
    }


def plan_tallies(
    plan_ids: Iterable[int],
    as_at: datetime.date,
    *,
    days: Iterable[datetime.date],
    soon_until: datetime.date,
    limit: int,
) -> dict[int, Tally]:
    """The tally of each of these plans (every one present, empty for a plan without actions) as at `as_at`, with
    colour counts at the end of each of `days` (`as_at` among them or not). Four queries whatever the number of
    plans; each reads only the intervals of these plans' actions."""
    ids = sorted(set(plan_ids))
    wanted = sorted(set(days))
    tallies = {pk: empty_tally(wanted) for pk in ids}
    if not ids:
        return tallies
    of_plans = ActionInterval.objects.filter(action__priority__plan_id__in=ids).order_by()
    plan = F("action__priority__plan_id")
    if wanted:
        colours = (
            of_plans.filter(rag__in=RAG_ORDER, valid_from__lte=wanted[-1], valid_until__gt=wanted[0])
            .values("rag", plan_id=plan)
            .annotate(**{f"d{n}": Count("id", filter=_on(day)) for n, day in enumerate(wanted)})
        )
        for row in cast("Iterable[dict[str, Any]]", colours):
            for n, day in enumerate(wanted):
                tallies[row["plan_id"]]["days"][day.isoformat()][row["rag"]] = int(row[f"d{n}"])
    current = of_plans.filter(valid_from__lte=as_at, valid_until__gt=as_at).exclude(status__in=CLOSED_STATUSES)
    is_overdue, is_soon = Q(due_date__lt=as_at), Q(due_date__gte=as_at, due_date__lte=soon_until)
    counts = current.values(plan_id=plan).annotate(
        overdue=Count("id", filter=is_overdue), soon=Count("id", filter=is_soon)
    )
    for count in counts:
        tallies[count["plan_id"]].update(overdue=count["overdue"], soon=count["soon"])
    for name, condition in (("overdue_rows", is_overdue), ("soon_rows", is_soon)):
        first = (
            current.filter(condition)
            .annotate(
                place=Window(RowNumber(), partition_by=[plan], order_by=[F("due_date").asc(), F("action_id").asc()])
            )
            .filter(place__lte=limit)
            .values("action_id", *HISTORY_STATE_FIELDS, plan_id=plan)
        )
        for found in cast("Iterable[dict[str, Any]]", first):
            tallies[found.pop("plan_id")][name].append(found)
    for tally in tallies.values():
        for name in ("overdue_rows", "soon_rows"):
            tally[name].sort(key=row_order)
    return tallies


def _on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day, valid_until__gt=day)


def row_order(row: dict[str, Any]) -> tuple[datetime.date, int]:
    """Most overdue (earliest due) first, then by action."""
    return row["due_date"], row["action_id"]


def add_up(tallies: Iterable[Tally], days: Iterable[datetime.date], *, limit: int) -> Tally:
    """The plans' tallies as one: counts summed, rows merged in order and cut to `limit`."""
    total = empty_tally(days)
    overdue: list[dict[str, Any]] = []
    soon: list[dict[str, Any]] = []
    for tally in tallies:
        for day, colours in total["days"].items():
            for colour, n in tally["days"][day].items():
                colours[colour] += n
        total["overdue"] += tally["overdue"]
        total["soon"] += tally["soon"]
        overdue += tally["overdue_rows"]
        soon += tally["soon_rows"]
    total["overdue_rows"] = sorted(overdue, key=row_order)[:limit]
    total["soon_rows"] = sorted(soon, key=row_order)[:limit]
    return total
