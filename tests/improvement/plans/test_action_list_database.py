"""The action list filters and sorts in the database by each action's stored colour interval on the page's date:
the same rows, in the same order, as the rules applied afresh to each action's state in Python."""

import datetime

import pytest
from django.urls import reverse

from core.asat import today
from core.rag import RAG, RAG_SEVERITY
from improvement.models import Action
from improvement.plans import selectors
from improvement.plans.tables import ActionRowsData
from tests import factories
from tests.improvement.plans.test_query_counts import make_actions

PAST = datetime.date(2026, 7, 1)
COLUMNS = ["reference", "plan", "priority", "owner", "due_date", "status", "progress", "rag", "days_overdue"]


@pytest.fixture
def actions(priority, manager, other_manager):
    made = make_actions(priority, manager, 30)
    second = factories.PriorityFactory(plan=priority.plan, number=2)
    made += make_actions(second, other_manager, 30)
    unowned = factories.ActionFactory(
        priority=second, owner=None, reference="2.99", start_date="2026-05-01", due_date="2026-07-20"
    )
    overridden = made[5]
    overridden.rag_override, overridden.rag_override_reason = RAG.GREEN, "Board agreed a new date."
    overridden.save()
    return [*made, unowned]


def python_key(column, row: selectors.ActionRow):
    state, action = row.state, row.action
    return {
        "reference": action.reference,
        "plan": action.priority.plan.name,
        "priority": action.priority.number,
        "owner": row.owner_name,
        "due_date": action.due_date,
        "status": state.status_label,
        "progress": state.progress,
        "rag": RAG_SEVERITY.get(state.rag, len(RAG_SEVERITY)),
        "days_overdue": state.days_overdue,
    }[column]


def rows_in_python(day):
    """Every action in the list's own order with its state from `action_states_as_at` (colours by `rules.assess`)."""
    loaded = list(Action.objects.with_related())
    return selectors.action_rows(loaded, day)


@pytest.mark.parametrize("day", [PAST, None], ids=["past", "today"])
@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
def test_sorting_in_the_database_matches_the_rules(actions, day, column, descending):
    day = day or today()
    expected = sorted(rows_in_python(day), key=lambda r: python_key(column, r), reverse=descending)
    data = ActionRowsData(selectors.with_state_as_at(Action.objects.with_related(), day), day)
    data.order_by([("-" if descending else "") + column])
    got = list(data.data)
    assert [python_key(column, r) for r in got] == [python_key(column, r) for r in expected]
    assert [r.pk for r in got] == [r.pk for r in expected]
    assert [(r.state.rag, r.state.status, r.state.progress) for r in got] == [
        (r.state.rag, r.state.status, r.state.progress) for r in expected
    ]


FILTERS = [
    {"status": Action.Status.NOT_STARTED},
    {"status": Action.Status.COMPLETE},
    {"rag": RAG.RED},
    {"rag": RAG.AMBER},
    {"rag": RAG.GREEN},
    {"rag": RAG.BLUE},
    {"overdue": True},
    {"is_open": True},
    {"overdue": True, "rag": RAG.GREEN},
    {"is_open": True, "status": Action.Status.IN_PROGRESS},
]


def python_match(state: selectors.ActionAsAt, status="", rag="", overdue=False, is_open=False) -> bool:
    return (
        (not status or state.status == status)
        and (not rag or state.rag == rag)
        and (not overdue or state.is_overdue)
        and (not is_open or state.is_open)
    )


@pytest.mark.parametrize("day", [PAST, datetime.date(2026, 9, 1), None], ids=["past", "later", "today"])
@pytest.mark.parametrize("wanted", FILTERS, ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()))
def test_filters_in_the_database_match_the_rules(actions, day, wanted):
    day = day or today()
    expected = [r.pk for r in rows_in_python(day) if python_match(r.state, **wanted)]
    found = selectors.with_state_as_at(Action.objects.with_related(), day).filter(selectors.state_q(day, **wanted))
    assert [a.pk for a in found] == expected
    assert len(selectors.ActionPage(found, day)) == len(expected)


def test_list_shows_the_override_and_counts_in_the_database(committee_client, actions):
    response = committee_client.get(reverse("improvement:action_list") + "?rag=green&as_at=2026-07-01&sort=rag")
    page = response.content.decode()
    expected = [r for r in rows_in_python(PAST) if r.state.rag == RAG.GREEN]
    assert f"{len(expected)} action" in page
    assert "(override; computed" in page


def test_an_action_without_stored_intervals_is_refused_not_shown_blank(actions):
    from improvement.models import ActionInterval

    ActionInterval.objects.filter(action=actions[0]).delete()
    rows = selectors.with_state_as_at(Action.objects.with_related().filter(pk=actions[0].pk), PAST)
    with pytest.raises(LookupError, match=r"intervals\.refresh"):
        selectors.ActionPage(rows, PAST)[0:1]


def test_priority_and_owner_choices_are_the_chosen_plans_only(committee_client, actions, priority):
    elsewhere = factories.ActionFactory(reference="9.1")
    url = reverse("improvement:action_list")
    owns_nothing = factories.ManagerFactory(username="owns.nothing")
    form = committee_client.get(url).context["filter"].form
    assert list(form.fields["priority"].queryset) == []
    # No plan chosen, no owner chosen: nobody is offered (a join on "plan IS NULL" offered every user owning nothing).
    assert list(form.fields["owner"].queryset) == []
    assert "Choose a plan first" in form.fields["owner"].help_text
    form = committee_client.get(url + f"?plan={priority.plan_id}").context["filter"].form
    assert set(form.fields["priority"].queryset) == set(priority.plan.priorities.all())
    assert elsewhere.owner not in form.fields["owner"].queryset
    assert owns_nothing not in form.fields["owner"].queryset
    assert {a.owner for a in actions if a.owner} <= set(form.fields["owner"].queryset)
    # A link naming a priority or owner of another plan still filters by it.
    page = committee_client.get(url + f"?priority={elsewhere.priority_id}&owner={elsewhere.owner_id}")
    assert [row.record.pk for row in page.context["table"].page.object_list] == [elsewhere.pk]


def test_the_cached_list_follows_each_write(committee_client, actions):
    url = reverse("improvement:action_list") + "?rag=red&sort=-days_overdue"

    def listed():
        page = committee_client.get(url).context["table"].page
        return page.paginator.count, [row.record.pk for row in page.object_list]

    before = listed()
    assert listed() == before  # from the cache
    first = Action.objects.get(pk=before[1][0])
    first.status, first.progress = Action.Status.COMPLETE, 100
    first.save()
    after = listed()
    assert after[0] == before[0] - 1 and first.pk not in after[1]
    plan = first.priority.plan
    plan.status = plan.Status.DRAFT  # not a state of the actions: the list shows every plan's, draft or not
    plan.save()
    assert listed() == after
