"""Stored colour intervals (improvement.plans.intervals) against the rule applied afresh to the replayed history.

For random histories (saves that change status, progress, dates and override; progress updates; backdated updates
added after later ones) and random dates: each action's stored state and colour on the date equal the history
replay's state and the delivery rule's colour for it, the intervals tile time without gap or overlap, and the
database roll-ups (per priority, per date) equal the rule's roll-up of the replayed colours.
"""

import datetime
import itertools

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.rag import RAG, RAG_ORDER
from improvement.models import Action, ActionInterval, ProgressUpdate
from improvement.plans import intervals, rules
from improvement.plans.selectors import (
    action_states_on_dates,
    colour_counts_on_dates,
    plan_summaries,
    priority_colour_counts,
    replayed_states_on_dates,
)
from tests import factories

EPOCH = datetime.date(2015, 1, 1)
SPAN = 700  # days of history generated, from EPOCH
STATUSES = [s for s, _ in Action.Status.choices]


def moment(offset: int, hour: int) -> datetime.datetime:
    day = EPOCH + datetime.timedelta(days=offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _state(s):
    return (s.status, s.progress, s.start_date, s.due_date, s.rag_override, s.computed_rag, s.rag)


saves = st.fixed_dictionaries(
    {
        "kind": st.just("save"),
        "status": st.sampled_from(STATUSES),
        "progress": st.integers(0, 100),
        "due_shift": st.integers(-60, 60),
        "override": st.sampled_from(["", "", "", RAG.RED, RAG.GREEN]),
    }
)
updates = st.fixed_dictionaries(
    {"kind": st.just("update"), "status": st.sampled_from(STATUSES), "progress": st.integers(0, 100)}
)
action_stories = st.fixed_dictionaries(
    {
        "start": st.one_of(st.none(), st.integers(0, SPAN)),
        "length": st.integers(0, 400),
        "status": st.sampled_from(STATUSES),
        "progress": st.integers(0, 100),
        "created": st.integers(-30, SPAN),
        # Each event at a day offset and hour, in time order once sorted; saves also move the due date.
        "events": st.lists(st.tuples(st.integers(0, SPAN), st.integers(0, 23), st.one_of(saves, updates)), max_size=6),
        # Updates written last but dated earlier: an admin recording what happened weeks ago.
        "backdated": st.lists(st.tuples(st.integers(0, SPAN), st.integers(0, 23), updates), max_size=3),
    }
)


def build(priority, story) -> Action:
    start = None if story["start"] is None else EPOCH + datetime.timedelta(days=story["start"])
    due = (start or EPOCH) + datetime.timedelta(days=story["length"])
    action = Action(
        priority=priority,
        reference=f"R{Action.objects.count()}",
        description="Generated",
        start_date=start,
        due_date=due,
        status=story["status"],
        progress=story["progress"],
    )
    action._history_date = moment(story["created"], 9)
    action.save()
    created = moment(story["created"], 9)
    events = sorted(story["events"], key=lambda e: (e[0], e[1]))
    for n, (offset, hour, event) in enumerate(events):
        when = max(moment(offset, hour), created + datetime.timedelta(minutes=n + 1))  # after its creation
        action.status, action.progress = event["status"], event["progress"]
        if event["kind"] == "save":
            action.due_date = max(start or due, action.due_date + datetime.timedelta(days=event["due_shift"]))
            action.rag_override = event["override"]
            action.rag_override_reason = "Board decision" if event["override"] else ""
        action._history_date = when
        action.save()
        if event["kind"] == "update":
            ProgressUpdate(action=action, status=action.status, progress=action.progress, created_at=when).save()
    last = action.history.latest("history_date").history_date
    for offset, hour, event in story["backdated"]:
        when = min(moment(offset, hour), last - datetime.timedelta(hours=1))
        ProgressUpdate(action=action, status=event["status"], progress=event["progress"], created_at=when).save()
    return action


def check_tiling(action_ids):
    for pk in action_ids:
        rows = list(ActionInterval.objects.filter(action_id=pk).order_by("valid_from"))
        assert rows[0].valid_from == intervals.FIRST_DAY
        assert rows[-1].valid_until == intervals.LAST_DAY
        for before, after in itertools.pairwise(rows):
            assert before.valid_until == after.valid_from


def check_against_replay(priority, days, rollup_days=()):
    actions = Action.objects.filter(priority__plan=priority.plan)
    stored = action_states_on_dates(actions, days)
    replayed = replayed_states_on_dates(actions, days)
    counts = colour_counts_on_dates(actions, days)
    for day in days:
        assert {pk: _state(s) for pk, s in stored[day].items()} == {pk: _state(s) for pk, s in replayed[day].items()}, (
            day
        )
        colours = [s.rag for s in replayed[day].values()]
        assert counts[day] == {c: colours.count(c) for c in RAG_ORDER}
    for day in rollup_days:
        colours = [s.rag for s in replayed[day].values()]
        by_priority = priority_colour_counts([priority.plan_id], day)
        expected = rules.rollup(colours, begins=priority.plan.start_date, as_at=day)
        [summary] = plan_summaries([priority.plan], day)
        assert summary.rollup == expected
        assert sum(by_priority.get(priority.pk, {}).values()) == expected.total


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stories=st.lists(action_stories, min_size=1, max_size=3),
    days=st.lists(st.integers(-40, SPAN + 450), min_size=1, max_size=12),
    # The plan may start after its actions: nothing is rated before it, and "not started late" counts from it.
    plan_start=st.integers(-400, SPAN),
)
def test_stored_colours_equal_the_rule_applied_to_the_replayed_history(stories, days, plan_start):
    with transaction.atomic():
        plan = factories.PlanFactory(start_date=EPOCH + datetime.timedelta(days=plan_start))
        priority = factories.PriorityFactory(plan=plan)
        built = [build(priority, story) for story in stories]
        check_tiling([a.pk for a in built])
        dates = [EPOCH + datetime.timedelta(days=d) for d in days]
        # Every day on which some action's colour might change, and its neighbours: where an off-by-one would show.
        for action in built:
            for row in ActionInterval.objects.filter(action=action):
                dates += [row.valid_from, row.valid_from - datetime.timedelta(days=1)]
        today = timezone.localdate()
        dates = [d for d in dates if intervals.FIRST_DAY < d < today]
        check_against_replay(priority, [*dates, today], rollup_days=[*dates[: len(days)], today])
        transaction.set_rollback(True)


def test_a_backdated_update_recomputes_the_days_it_reaches(priority):
    action = factories.ActionFactory(
        priority=priority,
        start_date=datetime.date(2015, 1, 1),
        due_date=datetime.date(2015, 12, 31),
        status=Action.Status.IN_PROGRESS,
        progress=60,
    )
    Action.history.filter(id=action.pk).update(history_date=moment(0, 9))
    intervals.refresh([action.pk])
    june, september = datetime.date(2015, 6, 1), datetime.date(2015, 9, 1)
    assert action_states_on_dates([action], [june])[june][action.pk].rag == RAG.GREEN
    # Recorded today, dated in May: the action was only 5% done then, so amber from May until today's record.
    ProgressUpdate(action=action, status=Action.Status.IN_PROGRESS, progress=5, created_at=moment(120, 12)).save()
    states = action_states_on_dates([action], [june, september])
    assert (states[june][action.pk].progress, states[june][action.pk].rag) == (5, RAG.AMBER)
    assert states[september][action.pk].rag == RAG.AMBER
    january = datetime.date(2015, 2, 1)
    assert action_states_on_dates([action], [january])[january][action.pk].rag == RAG.GREEN  # before it: unchanged
    check_against_replay(priority, [january, june, september])


def test_an_admin_site_edit_recomputes_the_intervals(admin_client, priority):
    action = factories.ActionFactory(priority=priority, due_date=datetime.date(2030, 1, 31))
    today = timezone.localdate()
    assert ActionInterval.objects.get(action=action, valid_from__lte=today, valid_until__gt=today).rag != RAG.BLUE
    form = {
        "priority": priority.pk,
        "reference": action.reference,
        "description": action.description,
        "owner": action.owner_id,
        "start_date": action.start_date.isoformat(),
        "due_date": action.due_date.isoformat(),
        "status": Action.Status.COMPLETE,
        "progress": 100,
        "rag_override": "",
        "rag_override_reason": "",
        "expected_version": action.version,  # admin saves pass the optimistic version check (i12)
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
    }
    response = admin_client.post(f"/admin/improvement/action/{action.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ActionInterval.objects.get(action=action, valid_from__lte=today, valid_until__gt=today).rag == RAG.BLUE


def test_the_data_migration_fills_intervals_for_actions_that_have_none(priority):
    action = factories.ActionFactory(priority=priority)
    ActionInterval.objects.all().delete()
    assert intervals.refresh_all() >= 1
    check_tiling([action.pk])


def _stored_on(action, day):
    return ActionInterval.objects.get(action=action, valid_from__lte=day, valid_until__gt=day)


@pytest.mark.django_db
def test_before_its_plan_starts_an_action_is_stored_with_no_colour_and_a_new_plan_start_recomputes():
    # Issue 12 inside issue 18: "not yet started" comes from the one rule, so the stored spans carry it too.
    plan = factories.PlanFactory(start_date=datetime.date(2030, 3, 1))
    action = factories.ActionFactory(
        priority=factories.PriorityFactory(plan=plan),
        start_date=datetime.date(2030, 1, 1),
        due_date=datetime.date(2030, 12, 31),
        status=Action.Status.NOT_STARTED,
    )
    assert _stored_on(action, datetime.date(2030, 2, 28)).rag == ""  # the plan has not begun: no colour, no count
    # From the plan's start the rule rates it; "not started" turns red 15 days after the plan's start, not the
    # action's own earlier start.
    assert _stored_on(action, datetime.date(2030, 3, 1)).rag == RAG.GREEN
    assert _stored_on(action, datetime.date(2030, 3, 15)).rag == RAG.GREEN
    assert _stored_on(action, datetime.date(2030, 3, 16)).rag == RAG.RED
    plan.start_date = datetime.date(2030, 4, 1)
    plan.save()
    assert _stored_on(action, datetime.date(2030, 3, 20)).rag == ""
    assert _stored_on(action, datetime.date(2030, 4, 1)).rag == RAG.GREEN
    assert _stored_on(action, datetime.date(2030, 4, 16)).rag == RAG.RED
