"""Delivery RAG rules (DESIGN.md "Rules") at every boundary, as pure functions and through the model."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.rag import RAG
from improvement.models import Action
from improvement.plans import rules
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
    assert action.computed_rag(D) == RAG.RED
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
