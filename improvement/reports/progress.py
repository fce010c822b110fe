"""Section 4 of a committee report, progress on the plan: each plan's and priority's colour now and at the
previous report (or the baseline), the exceptions, what was completed since, and the status table."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.utils import timezone

from core.presentation import colour_change, person_name
from core.rag import RAG, RAG_ORDER, rag_label
from improvement.models import Action, ActionInterval, CommitteeReport, Plan, Priority, ProgressUpdate
from improvement.plans import rules
from improvement.plans.intervals import containing
from improvement.plans.selectors import (
    ActionAsAt,
    end_of_day,
    latest_assessments,
    priority_colour_counts,
    state_of,
    state_q,
    with_state_as_at,
)
from improvement.reports.snapshot import (
    ActionRow,
    Assessment,
    ColourCount,
    Commentary,
    CompletedRow,
    PlanRow,
    PriorityRow,
    ProgressSection,
    ReportSnapshot,
    StatusCell,
    StatusRow,
    progress_plans,
)
from improvement.reports.why import action_why, long_date, rollup_why


def _counts(rollup: rules.Rollup) -> list[ColourCount]:
    return [{"rag": colour, "label": rag_label(colour), "count": rollup.counts[colour]} for colour in RAG_ORDER]


def progress_content(
    report: CommitteeReport, previous: CommitteeReport | None, previous_content: ReportSnapshot | None
) -> ProgressSection:
    """Section 4. The counts by colour (now and at the baseline) and the status table are GROUP BYs over the stored
    colour intervals; only the actions a section lists (the exceptions, what was completed since) are loaded in
    full, so the work grows with what the report shows, not with the size of its plans."""
    as_at = report.current_date
    plans = list(report.plans.select_related("board", "owner").order_by("start_date", "name", "id"))
    plan_ids = [p.pk for p in plans]
    priorities = list(Priority.objects.filter(plan_id__in=plan_ids).select_related("lead").order_by("number", "id"))
    now_counts = priority_colour_counts(plan_ids, as_at)
    # Colours at the previous report come from its frozen snapshot: what that committee was actually shown.
    # Without one, the baseline date is the comparison point, from the stored intervals.
    previous_colours = _previous_colours(previous_content)
    then_text = (
        f"the previous report ({long_date(previous.meeting_date)})"
        if previous
        else f"the baseline ({long_date(report.baseline_date)})"
    )
    then_day = previous.current_date if previous else report.baseline_date
    then_counts = {} if previous_content else priority_colour_counts(plan_ids, report.baseline_date)

    assessments = _assessments(priorities, as_at)
    priorities_by_plan: dict[int, list[Priority]] = defaultdict(list)
    for priority in priorities:
        priorities_by_plan[priority.plan_id].append(priority)
    status_tables = _status_tables(plan_ids, as_at)

    plan_rows: list[PlanRow] = []
    for plan in plans:
        plan_priorities = priorities_by_plan[plan.pk]
        priority_rows: list[PriorityRow] = []
        plan_now: Counter = Counter()
        plan_then_counts: Counter = Counter()
        for priority in plan_priorities:
            plan_now.update(now_counts.get(priority.pk, {}))
            plan_then_counts.update(then_counts.get(priority.pk, {}))
            rollup = rules.rollup_of_counts(now_counts.get(priority.pk, {}), begins=plan.start_date, as_at=as_at)
            if previous_content is not None:
                then = previous_colours["priorities"].get(str(priority.pk))
            else:
                then = rules.rollup_of_counts(
                    then_counts.get(priority.pk, {}), begins=plan.start_date, as_at=then_day
                ).rag
            priority_rows.append(
                {
                    "id": priority.pk,
                    "number": priority.number,
                    "title": priority.title,
                    "lead": person_name(priority.lead),
                    "rag": rollup.rag,
                    "word": rollup.word,
                    "counts": _counts(rollup),
                    "total": rollup.total,
                    "why": rollup_why(rollup, "priority"),
                    "previous_rag": then,
                    "previous_word": _then_word(then, plan, then_day),
                    "movement": colour_change(then, rollup.rag),
                    "assessment": assessments.get(priority.pk),
                }
            )
        plan_rollup = rules.rollup_of_counts(plan_now, begins=plan.start_date, as_at=as_at)
        if previous_content is not None:
            plan_then = previous_colours["plans"].get(str(plan.pk))
        else:
            plan_then = rules.rollup_of_counts(plan_then_counts, begins=plan.start_date, as_at=then_day).rag
        plan_rows.append(
            {
                "id": plan.pk,
                "name": plan.name,
                "kind": plan.get_kind_display(),
                "board": plan.board.name if plan.board else "",
                "rag": plan_rollup.rag,
                "word": plan_rollup.word,
                "counts": _counts(plan_rollup),
                "total": plan_rollup.total,
                "why": rollup_why(plan_rollup, "plan"),
                "previous_rag": plan_then,
                "previous_word": _then_word(plan_then, plan, then_day),
                "movement": colour_change(plan_then, plan_rollup.rag),
                "priorities": priority_rows,
                "status_table": status_tables.get(plan.pk, []),
            }
        )

    in_plans = with_state_as_at(
        Action.objects.filter(priority__plan_id__in=plan_ids).select_related("owner", "priority__plan"), as_at
    ).order_by("priority__number", "reference", "id")
    # Action references name their plan where the report covers several plans ("1.1" is in each of them).
    name = _reference_namer(len(plans) > 1)
    exceptions = _exceptions(in_plans, as_at, name)
    since = previous.current_date if previous else report.baseline_date
    completed = _completed_since(in_plans, since, as_at, name)
    colours = containing(ActionInterval.objects.filter(action__priority__plan_id__in=plan_ids), as_at)
    return {
        "plans": plan_rows,
        "then_label": f"At {then_text}",
        "then_text": then_text,
        "exceptions": exceptions,
        "completed": completed,
        "completed_since_text": long_date(since),
        "action_colours": {
            str(pk): rag or None for pk, rag in colours.order_by("action_id").values_list("action_id", "rag")
        },
    }


def _then_word(then: str | None, plan: Plan, then_day: datetime.date) -> str:
    """The earlier colour's word; a plan that had not begun then was not rated, not "no rating"."""
    if then is None and then_day < plan.start_date:
        return rules.NOT_YET_STARTED
    return rag_label(then)


def _previous_colours(content: ReportSnapshot | None) -> dict[str, dict[str, str | None]]:
    found: dict[str, dict[str, str | None]] = {"plans": {}, "priorities": {}}
    for plan in progress_plans(content):
        found["plans"][str(plan["id"])] = plan["rag"]
        for priority in plan["priorities"]:
            found["priorities"][str(priority["id"])] = priority["rag"]
    return found


def _assessments(priorities, as_at: datetime.date) -> dict[int, Assessment]:
    """Each priority lead's latest assessment on or before the report's date."""
    return {
        priority_id: {
            "date_text": long_date(a.date),
            "rag": a.rag,
            "commentary": a.commentary,
            "by": person_name(a.assessed_by),
        }
        for priority_id, a in latest_assessments(priorities, as_at).items()
    }


def _status_tables(plan_ids: list[int], as_at: datetime.date) -> dict[int, list[StatusRow]]:
    """Each plan's actions by status (as at the report's date) and colour: rows are statuses, columns colours. One
    GROUP BY over the stored intervals containing the date."""
    tally: dict[int, Counter[tuple[str, str | None]]] = defaultdict(Counter)
    found = (
        containing(ActionInterval.objects.filter(action__priority__plan_id__in=plan_ids), as_at)
        .values_list("action__priority__plan_id", "status", "rag")
        .annotate(n=Count("id"))
        .order_by()
    )
    for plan_id, status, colour, n in found:
        tally[plan_id][(status, colour or None)] += n
    tables: dict[int, list[StatusRow]] = {}
    for plan_id, counts in tally.items():
        rows: list[StatusRow] = []
        for status, label in Action.Status.choices:
            colour_counts = [counts[(status, colour)] for colour in RAG_ORDER]
            total = sum(colour_counts) + counts[(status, None)]
            cells: list[StatusCell] = [
                {"rag": colour, "count": n} for colour, n in zip(RAG_ORDER, colour_counts, strict=True)
            ]
            if total:
                rows.append({"status": label, "cells": cells, "total": total})
        tables[plan_id] = rows
    return tables


def _latest_commentary(action_ids: list[int], as_at: datetime.date) -> dict[int, Commentary]:
    """The latest commentary each action's owner wrote on or before the report's date. One query."""
    latest: dict[int, Commentary] = {}
    rows = (
        ProgressUpdate.objects.filter(action_id__in=action_ids, created_at__lt=end_of_day(as_at))
        .exclude(commentary="")
        .order_by("action_id", "-created_at", "-id")
        .values("action_id", "created_at", "commentary")
    )
    for row in rows:
        if row["action_id"] not in latest:
            latest[row["action_id"]] = {
                "date_text": long_date(timezone.localdate(row["created_at"])),
                "text": row["commentary"],
            }
    return latest


def _reference_namer(several_plans: bool):
    return (lambda action: action.plan_reference) if several_plans else (lambda action: action.reference)


def _action_row(action: Action, state: ActionAsAt, name) -> ActionRow:
    return {
        "id": action.pk,
        "reference": name(action),
        "description": action.description,
        "priority": str(action.priority),
        "owner": person_name(action.owner),
        "due_text": long_date(state.due_date),
        "status": state.status_label,
        "progress": state.progress,
        "rag": state.rag,
        "computed_rag": state.computed_rag,
        "days_overdue": state.days_overdue,
        "why": action_why(state.assessment),
    }


def _exceptions(actions, as_at, name) -> list[ActionRow]:
    """Red and overdue actions (selected in the database from `with_state_as_at` rows), most overdue first, with
    owner and the latest commentary."""
    chosen = actions.filter(Q(then_rag=RAG.RED) | state_q(as_at, overdue=True))
    rows = [_action_row(a, state_of(a, as_at), name) for a in chosen]
    commentary = _latest_commentary([r["id"] for r in rows], as_at)
    for row in rows:
        row["commentary"] = commentary.get(row["id"])
    rows.sort(key=lambda r: (-r["days_overdue"], r["priority"], r["reference"]))
    return rows


def _completed_since(actions, since: datetime.date, as_at: datetime.date, name) -> list[CompletedRow]:
    """Actions complete at the report's date and completed after `since` (selected in the database)."""
    done = actions.filter(then_status=Action.Status.COMPLETE, completed_date__gt=since, completed_date__lte=as_at)
    rows: list[CompletedRow] = [
        {
            "id": action.pk,
            "reference": name(action),
            "description": action.description,
            "priority": str(action.priority),
            "owner": person_name(action.owner),
            "completed_text": long_date(action.completed_date),
            # ISO text, as the JSON round trip stores it (and so sorts as the date does).
            "completed_date": action.completed_date.isoformat(),
        }
        for action in done
    ]
    rows.sort(key=lambda r: (r["completed_date"], r["reference"]))
    return rows
