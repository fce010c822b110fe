"""Delivery RAG rules (DESIGN.md "Rules") at every boundary, as pure functions and through the model."""

import datetime
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core.rag import RAG
from improvement.models import Action
from improvement.plans import rules
from improvement.reports import why
from tests.factories import ActionFactory

D = datetime.date(2015, 9, 1)
S = Action.Status


def rag(status=S.IN_PROGRESS, progress=50, start=None, due=D + datetime.timedelta(days=100), as_at=D):
    return rules.computed_rag(rules.ActionState(status, progress, start, due), as_at)


def days(n):
    return datetime.timedelta(days=n)


def test_complete_is_blue_even_when_overdue():
    assert rag(status=S.COMPLETE, due=D - days(30)) == RAG.BLUE


def test_withdrawn_has_no_colour():
    assert rag(status=S.WITHDRAWN, due=D - days(30)) is None


def test_due_today_is_amber_not_red():
    assert rag(due=D) == RAG.AMBER


def test_due_yesterday_is_red():
    assert rag(due=D - days(1)) == RAG.RED


def test_awaiting_verification_is_not_complete_so_overdue_is_red():
    assert rag(status=S.AWAITING_VERIFICATION, progress=100, due=D - days(1)) == RAG.RED


def test_due_in_14_days_is_amber():
    assert rag(due=D + days(14)) == RAG.AMBER


def test_due_in_15_days_is_green():
    assert rag(due=D + days(15)) == RAG.GREEN


def test_not_started_14_days_after_start_is_not_red():
    assert rag(status=S.NOT_STARTED, progress=0, start=D - days(14), due=D + days(400)) == RAG.GREEN


def test_not_started_15_days_after_start_is_red():
    assert rag(status=S.NOT_STARTED, progress=0, start=D - days(15), due=D + days(400)) == RAG.RED


def test_in_progress_15_days_after_start_is_not_red():
    assert rag(status=S.IN_PROGRESS, progress=5, start=D - days(15), due=D + days(400)) == RAG.GREEN


def test_progress_exactly_25_points_behind_is_green():
    # Start 50 days ago, due in 50 days: half the period gone, 50 points expected; 25 is exactly 25 behind.
    assert rag(progress=25, start=D - days(50), due=D + days(50)) == RAG.GREEN


def test_progress_26_points_behind_is_amber():
    assert rag(progress=24, start=D - days(50), due=D + days(50)) == RAG.AMBER


def test_exactly_25_behind_stays_green_where_floating_point_would_tip_it():
    # 231 of 420 days gone is exactly 55 points, but 231 / 420 * 100 == 55.00000000000001 in floating point,
    # which would make progress 30 "more than 25 behind". The rules use exact arithmetic.
    exact = rules.ActionState(S.IN_PROGRESS, 30, D - days(231), D + days(189))
    assert rules.expected_progress(exact, D) == 55
    assert rules.computed_rag(exact, D) == RAG.GREEN
    assert rules.computed_rag(rules.ActionState(S.IN_PROGRESS, 29, exact.start_date, exact.due_date), D) == RAG.AMBER


def test_no_start_date_means_no_progress_expectation():
    assert rag(progress=0, start=None, due=D + days(200)) == RAG.GREEN


@pytest.mark.django_db
def test_override_replaces_computed_colour_and_keeps_both():
    action = ActionFactory(
        start_date=None,
        due_date=D - days(5),
        rag_override=RAG.AMBER,
        rag_override_reason="Board agreed a new date on 1 Sept.",
    )
    assert action.assess(D).computed_rag == RAG.RED
    assert action.delivery_rag(D) == RAG.AMBER


@pytest.mark.django_db
def test_override_without_reason_is_rejected():
    action = ActionFactory.build(priority=ActionFactory().priority, rag_override=RAG.GREEN, rag_override_reason=" ")
    with pytest.raises(ValidationError) as excinfo:
        action.full_clean()
    assert "rag_override_reason" in excinfo.value.message_dict


@pytest.mark.django_db
def test_withdrawn_action_ignores_override():
    action = ActionFactory(status=S.WITHDRAWN, rag_override=RAG.RED, rag_override_reason="Escalated")
    assert action.delivery_rag(D) is None


def test_rollup_empty_has_no_colour():
    result = rules.rollup([])
    assert result.rag is None
    assert result.total == 0


def test_rollup_all_complete_is_blue():
    assert rules.rollup([RAG.BLUE, RAG.BLUE, None]).rag == RAG.BLUE


def test_rollup_exactly_20_percent_red_is_red():
    result = rules.rollup([RAG.RED] + [RAG.GREEN] * 4 + [RAG.BLUE] * 3)
    assert result.rag == RAG.RED
    assert result.counts == {RAG.RED: 1, RAG.AMBER: 0, RAG.GREEN: 4, RAG.BLUE: 3}


def test_rollup_just_under_20_percent_red_is_amber():
    assert rules.rollup([RAG.RED] + [RAG.GREEN] * 5).rag == RAG.AMBER


def test_rollup_any_amber_is_amber():
    assert rules.rollup([RAG.AMBER, RAG.GREEN, RAG.GREEN]).rag == RAG.AMBER


def test_rollup_all_green_is_green():
    assert rules.rollup([RAG.GREEN, RAG.BLUE]).rag == RAG.GREEN


def test_rollup_withdrawn_counts_nowhere():
    result = rules.rollup([None, None, RAG.GREEN])
    assert result.total == 1
    assert result.rag == RAG.GREEN
    assert rules.rollup([None]).rag is None


# Each colour comes with the facts that decided it; the report sentences are written from those only.

statuses = st.sampled_from(list(S))
dates = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))
colours = st.sampled_from(["", *RAG.values])


@st.composite
def action_states(draw):
    due = draw(dates)
    start = draw(st.one_of(st.none(), st.dates(min_value=datetime.date(2000, 1, 1), max_value=due)))
    override = draw(colours)
    return rules.ActionState(
        draw(statuses), draw(st.integers(0, 100)), start, due, override, "Agreed by the board" if override else ""
    )


@given(state=action_states(), as_at=dates)
def test_an_action_has_a_reason_exactly_when_the_rules_make_it_red_or_amber(state, as_at):
    assessment = rules.assess(state, as_at)
    if rules.not_yet_started(state, as_at) and state.status != S.WITHDRAWN:
        # Before it begins (issue 12): no colour, one reason saying so, and no override to show.
        assert (assessment.rag, assessment.computed_rag, assessment.is_overridden) == (None, None, False)
        assert assessment.reasons == (rules.NotYetStarted(state.begins),)
        assert assessment.word == rules.NOT_YET_STARTED
        assert why.action_why(assessment).startswith("not yet started")
        return
    assert bool(assessment.reasons) == (assessment.computed_rag in (RAG.RED, RAG.AMBER))
    assert bool(why.action_why(assessment)) == (assessment.computed_rag in (RAG.RED, RAG.AMBER)) or (
        assessment.rag != assessment.computed_rag
    )
    if not state.rag_override:
        assert assessment.rag == assessment.computed_rag
        assert bool(assessment.reasons) == (assessment.rag in (RAG.RED, RAG.AMBER))


@given(state=action_states(), as_at=dates)
def test_the_override_wins_except_on_a_withdrawn_action(state, as_at):
    assessment = rules.assess(state, as_at)
    if state.status == S.WITHDRAWN or rules.not_yet_started(state, as_at):
        assert (assessment.rag, assessment.is_overridden) == (None, False)
    elif state.rag_override:
        assert (assessment.rag, assessment.is_overridden) == (state.rag_override, True)
        assert assessment.override_reason == state.rag_override_reason
    else:
        assert not assessment.is_overridden


@given(colours=st.lists(st.sampled_from([None, *RAG.values]), max_size=30))
def test_a_rollup_has_a_reason_exactly_when_it_is_red_or_amber(colours):
    result = rules.rollup(colours)
    assert bool(result.reasons) == (result.rag in (RAG.RED, RAG.AMBER))
    assert bool(why.rollup_why(result)) == (result.rag in (RAG.RED, RAG.AMBER))


def test_overdue_reason_quotes_the_due_date_days_late_and_progress():
    assessment = rules.assess(rules.ActionState(S.IN_PROGRESS, 40, None, D - days(21)), D)
    assert assessment.reasons == (rules.Overdue(D - days(21), 21, 40),)
    assert why.action_why(assessment) == "due 11 August 2015, 21 days overdue, 40% complete"


def test_not_started_late_counts_from_the_plan_start_when_the_plan_starts_later():
    # The action's own start is 60 days back, its plan began 10 days back: not late yet (10 <= 14), amber or green.
    state = rules.ActionState(S.NOT_STARTED, 0, D - days(60), D + days(400), plan_start=D - days(10))
    assert rules.computed_rag(state, D) == RAG.GREEN
    assert rules.computed_rag(state, D + days(4)) == RAG.GREEN  # 14 days after the plan's start
    late = rules.assess(state, D + days(5))  # 15 days after the plan's start
    assert late.rag == RAG.RED
    assert late.reasons == (rules.NotStartedLate(D - days(10), 15, from_plan_start=True),)
    assert why.action_why(late) == "not started 15 days after its plan's start (22 August 2015)"


def test_not_started_late_counts_from_the_action_start_when_the_plan_started_first():
    state = rules.ActionState(S.NOT_STARTED, 0, D - days(15), D + days(400), plan_start=D - days(300))
    assert rules.assess(state, D).reasons == (rules.NotStartedLate(D - days(15), 15),)


def test_not_started_late_reason_counts_days_since_the_start_date():
    assessment = rules.assess(rules.ActionState(S.NOT_STARTED, 0, D - days(15), D + days(400)), D)
    assert assessment.reasons == (rules.NotStartedLate(D - days(15), 15),)
    assert why.action_why(assessment) == "not started 15 days after its start date (17 August 2015)"


def test_behind_schedule_reason_gives_the_exact_expected_progress():
    assessment = rules.assess(rules.ActionState(S.IN_PROGRESS, 24, D - days(50), D + days(50)), D)
    assert assessment.reasons == (rules.BehindSchedule(24, Fraction(50), rules.PROGRESS_SLIP_POINTS),)
    assert why.action_why(assessment) == "24% complete with 50% of its time gone (more than 25 points behind)"


def test_override_sentence_names_both_colours_and_the_reason():
    state = rules.ActionState(S.IN_PROGRESS, 50, None, D + days(3), RAG.GREEN, "New date agreed")
    text = why.action_why(rules.assess(state, D))
    assert text == (
        "set to green by hand (the rules give amber: due 4 September 2015, in 3 days, 50% complete); "
        "reason: New date agreed"
    )


def test_rollup_reasons_carry_the_counts_the_sentence_quotes():
    red = rules.rollup([RAG.RED, RAG.GREEN, RAG.GREEN, RAG.GREEN, RAG.BLUE])
    assert red.reasons == (rules.RedShare(1, 4, Fraction(1, 5)),)
    assert why.rollup_why(red, "plan") == (
        "1 of 4 open actions are red (25%); a plan is red when 20% or more of its open actions are red"
    )
    amber = rules.rollup([RAG.AMBER, RAG.GREEN])
    assert why.rollup_why(amber) == "0 red and 1 amber of 2 open actions"


def test_open_and_overdue_are_decided_once_for_model_state_and_queryset():
    assert [rules.is_open(s) for s in S] == [True, True, True, False, False]
    assert rules.days_overdue(S.AWAITING_VERIFICATION, D - days(2), D) == 2
    assert rules.days_overdue(S.COMPLETE, D - days(2), D) == 0
    assert not rules.is_overdue(S.IN_PROGRESS, D, D)
