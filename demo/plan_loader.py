"""The demo's plans: each plan, its priorities and actions, and each action's scripted progress updates and
its leads' assessments, dated relative to the day of the load (see `demo.plans`)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from demo import people
from demo.plans import (
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
from demo.writer import Writer, validate
from improvement.models import Action, Plan, Priority, PriorityAssessment, ProgressUpdate
from improvement.plans import rules

EVIDENCE_BASE = "https://intranet.sunderland.example/children/improvement"


def _resolve(when: When, today: datetime.date) -> datetime.date:
    return when if isinstance(when, datetime.date) else today + datetime.timedelta(days=when)


def _moment(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def load_plan(writer, data: PlanData, today, users, committees, inspections, recommendations, indicators):
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
