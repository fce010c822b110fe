"""Nothing is rated before it exists: before its start (or its plan's), an action, priority or plan is "not yet
started", has no colour and counts in no total (DESIGN.md "Rules")."""

import datetime
import re

import pytest
from django.test import Client

from core.rag import RAG
from improvement.models import Action
from improvement.plans import rules
from improvement.plans.selectors import action_states_as_at, plan_summaries
from tests import factories as f

D = datetime.date


def test_an_action_is_not_rated_before_it_starts():
    state = rules.ActionState(Action.Status.NOT_STARTED, 0, D(2026, 3, 5), D(2026, 9, 30))
    assert rules.computed_rag(state, D(2026, 3, 4)) is None
    assert rules.not_yet_started(state, D(2026, 3, 4))
    assert rules.computed_rag(state, D(2026, 3, 5)) == RAG.GREEN


def test_an_action_is_not_rated_before_its_plan_starts_even_with_an_earlier_start_date():
    state = rules.ActionState(Action.Status.IN_PROGRESS, 50, D(2015, 5, 1), D(2015, 6, 30), plan_start=D(2015, 6, 1))
    assert rules.computed_rag(state, D(2015, 5, 19)) is None
    assert rules.computed_rag(state, D(2015, 7, 1)) == RAG.RED


def test_a_plan_before_its_start_is_not_yet_started_and_counts_nothing():
    rollup = rules.rollup([RAG.GREEN, RAG.RED], begins=D(2026, 3, 5), as_at=D(2026, 1, 31))
    assert rollup.rag is None and rollup.total == 0 and rollup.word == "Not yet started"
    assert rules.rollup([RAG.GREEN], begins=D(2026, 3, 5), as_at=D(2026, 3, 5)).rag == RAG.GREEN


@pytest.fixture
def future_plan(db):
    plan = f.PlanFactory(name="Learning and Improvement Plan", start_date=D(2026, 3, 5))
    priority = f.PriorityFactory(plan=plan, number=1)
    for n in range(3):
        f.ActionFactory(priority=priority, reference=f"1.{n}", start_date=None, due_date=D(2026, 12, 31))
    return plan


@pytest.mark.django_db
def test_plan_summary_as_at_before_start_is_not_yet_started(future_plan):
    [summary] = plan_summaries([future_plan], D(2026, 1, 31))
    assert summary.rollup.not_yet_started and summary.rollup.total == 0
    [(_, priority_rollup)] = summary.priorities
    assert priority_rollup.word == "Not yet started"
    states = action_states_as_at(Action.objects.all(), D(2026, 1, 31))
    assert all(s.rag is None and s.rag_word == "Not yet started" for s in states.values())


@pytest.mark.django_db
def test_plan_page_before_its_start_says_not_yet_started(future_plan, committee_member):
    client = Client()
    client.force_login(committee_member)
    page = client.get(future_plan.get_absolute_url(), {"as_at": "2026-01-31"}).content.decode()
    assert "Not yet started" in page
    # Zero beside every colour: the counts are shown, but nothing is counted before the start.
    assert not re.search(r'rag-(red|amber|green|blue)">\w+</span><span class="visually-hidden">:</span> [1-9]', page)
    assert page.count("Not yet started") >= 2  # the plan and its priority
