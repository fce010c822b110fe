"""As-at state from the recorded history, and roll-ups as at a date."""

import datetime

import pytest
from django.utils import timezone

from core.rag import RAG
from improvement.models import Action
from improvement.plans import intervals
from improvement.plans.selectors import action_states_as_at, latest_assessments, plan_summaries
from tests import factories


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def history_action(db):
    """Created 1 June 2015 not started; an update on 15 August (in progress, 40%); completed 1 October."""
    action = factories.ActionFactory(
        status=Action.Status.NOT_STARTED,
        progress=0,
        start_date=datetime.date(2015, 6, 1),
        due_date=datetime.date(2015, 12, 31),
    )
    action.history.update(history_date=at(datetime.date(2015, 6, 1)))
    factories.ProgressUpdateFactory(
        action=action, status=Action.Status.IN_PROGRESS, progress=40, created_at=at(datetime.date(2015, 8, 15))
    )
    action.status, action.progress = Action.Status.COMPLETE, 100
    action.save()
    action.history.filter(history_date__gt=at(datetime.date(2016, 1, 1))).update(
        history_date=at(datetime.date(2015, 10, 1))
    )
    intervals.refresh([action.pk])  # the history was rewritten behind save()'s back
    return action


def test_state_before_any_update_comes_from_the_first_record(history_action):
    state = action_states_as_at(Action.objects.all(), datetime.date(2015, 7, 1))[history_action.pk]
    assert (state.status, state.progress) == (Action.Status.NOT_STARTED, 0)
    assert state.rag == RAG.RED  # not started 30 days after its start date
    assert state.from_history


def test_state_after_a_progress_update(history_action):
    state = action_states_as_at(Action.objects.all(), datetime.date(2015, 9, 1))[history_action.pk]
    assert (state.status, state.progress, state.rag) == (Action.Status.IN_PROGRESS, 40, RAG.GREEN)


def test_state_includes_all_of_the_as_at_day(history_action):
    state = action_states_as_at(Action.objects.all(), datetime.date(2015, 8, 15))[history_action.pk]
    assert state.progress == 40


def test_state_after_completion_is_blue(history_action):
    state = action_states_as_at(Action.objects.all(), datetime.date(2015, 10, 15))[history_action.pk]
    assert (state.status, state.rag) == (Action.Status.COMPLETE, RAG.BLUE)


def test_live_state_is_the_action_now(history_action):
    state = action_states_as_at([history_action], None)[history_action.pk]
    assert state.status == Action.Status.COMPLETE
    assert not state.from_history


def test_override_as_at_comes_from_history(history_action):
    history_action.status = Action.Status.IN_PROGRESS
    history_action.rag_override, history_action.rag_override_reason = RAG.GREEN, "Agreed by the board"
    history_action.save()
    history_action.history.filter(history_date__gt=at(datetime.date(2016, 1, 1))).update(
        history_date=at(datetime.date(2016, 2, 1))
    )
    intervals.refresh([history_action.pk])
    before = action_states_as_at(Action.objects.all(), datetime.date(2016, 1, 15))[history_action.pk]
    after = action_states_as_at(Action.objects.all(), datetime.date(2016, 2, 2))[history_action.pk]
    assert (before.rag, before.rag_override) == (RAG.BLUE, "")
    assert (after.rag, after.computed_rag, after.rag_override_reason) == (RAG.GREEN, RAG.RED, "Agreed by the board")


def test_states_as_at_use_a_fixed_number_of_queries(history_action, django_assert_num_queries):
    factories.ActionFactory.create_batch(5, priority=history_action.priority)
    with django_assert_num_queries(2):
        states = action_states_as_at(Action.objects.all(), datetime.date(2015, 9, 1))
    assert len(states) == 6


def test_plan_summaries_as_at_a_past_date(history_action):
    plan = history_action.priority.plan
    july = plan_summaries([plan], datetime.date(2015, 7, 1))[0]
    october = plan_summaries([plan], datetime.date(2015, 10, 15))[0]
    assert (july.rollup.rag, july.rollup.count(RAG.RED)) == (RAG.RED, 1)
    assert (october.rollup.rag, october.rollup.count(RAG.BLUE)) == (RAG.BLUE, 1)


def test_plan_summaries_leave_withdrawn_out_of_counts(db):
    priority = factories.PriorityFactory()
    factories.ActionFactory(
        priority=priority, status=Action.Status.WITHDRAWN, start_date=None, due_date=datetime.date(2026, 1, 1)
    )
    factories.ActionFactory(priority=priority, status=Action.Status.COMPLETE)
    summary = plan_summaries([priority.plan], None)[0]
    assert summary.rollup.total == 1
    assert summary.rollup.rag == RAG.BLUE


def test_latest_assessment_as_at(db):
    priority = factories.PriorityFactory()
    factories.PriorityAssessmentFactory(priority=priority, rag=RAG.RED, date=datetime.date(2015, 6, 1))
    factories.PriorityAssessmentFactory(priority=priority, rag=RAG.AMBER, date=datetime.date(2015, 9, 1))
    assert latest_assessments([priority], datetime.date(2015, 8, 31))[priority.pk].rag == RAG.RED
    assert latest_assessments([priority], datetime.date(2015, 9, 1))[priority.pk].rag == RAG.AMBER
    assert latest_assessments([priority], datetime.date(2015, 5, 1)) == {}


def test_change_history_of_an_object_with_no_recorded_history_is_empty(db):
    from improvement.plans import selectors
    from tests.factories import ActionFactory

    action = ActionFactory()
    action.history.all().delete()  # rows written in bulk (seed_scale, imports) have no history records
    assert selectors.change_history(action) == []
