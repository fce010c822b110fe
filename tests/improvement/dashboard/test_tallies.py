"""The dashboard's per-plan tallies (improvement.plans.selectors.tallies and the actions per recommendation of
improvement.tracker.coverage), cached under each plan's colours token, against the same figures counted afresh over
every action at once, after random writes by each path that changes what a plan counts: progress updates (backdated
too), saves, an action moved to another plan, a priority moved, an action or update deleted, a plan's start moved, a
plan closed, an action added, links between actions and recommendations made and removed from either side, a
recommendation deleted. And each path renews exactly the tokens it must, so that after a write only the plans it
touched are counted again."""

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.versions import data_version
from improvement.dashboard import builder as dashboard
from improvement.models import Action, ActionInterval, Plan, PlanColoursToken, Priority, ProgressUpdate
from improvement.plans import rules
from improvement.plans.selectors import colour_counts_on_dates, plan_summaries, rank_plans
from improvement.tracker.coverage import Coverage, answered_by_active_plans, coverage_summary
from inspections.models import Recommendation
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
STATUSES = [s for s, _ in Action.Status.choices]


def _day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


def _moment(offset: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(_day(offset), datetime.time(10)))


def _page(as_at: datetime.date, version: str | None) -> dict:
    """What the dashboard shows of the tallies: the plans in order with their colours and counts, the plans' colour
    totals, the colour chart, the overdue and due-soon counts and the actions listed."""
    page = dashboard.dashboard(as_at, version)
    return {
        "plans": [(line.plan.pk, line.rag, [c.count for c in line.counts]) for line in page["plans"]],
        "plan_count": page["plan_count"],
        "plan_colours": [(c["rag"], c["count"]) for c in page["plan_colours"]],
        "chart": [(row["day"], row["counts"]) for row in page["colour_chart"]["rows"]],
        "overdue": (page["overdue_count"], [line.action.pk for line in page["overdue"]]),
        "soon": (page["soon_count"], [line.action.pk for line in page["soon"]]),
        "coverage": [(c["state"], c["count"]) for c in page["coverage"]],
    }


def _counted_at_once(as_at: datetime.date) -> dict:
    """The same figures over every action of the active plans at once: the whole-database GROUP BYs the
    per-plan tallies replaced, each itself checked against the delivery rule (tests/improvement/plans/
    test_intervals.py)."""
    active = Plan.objects.active_on(as_at)
    # Each plan's counts from its priorities' GROUP BY (plan_summaries), not from the tallies.
    ranking = rank_plans(
        [(s.plan.pk, s.plan.start_date, s.plan.name, s.rollup.counts) for s in plan_summaries(active, as_at)], as_at
    )
    days = dashboard._month_ends(as_at, dashboard.CHART_MONTHS)
    colours = colour_counts_on_dates(Action.objects.filter(priority__plan__in=active), days)
    current = ActionInterval.objects.filter(
        action__priority__plan__in=active, valid_from__lte=as_at, valid_until__gt=as_at
    ).exclude(status__in=[Action.Status.COMPLETE, Action.Status.WITHDRAWN])
    soon_until = as_at + datetime.timedelta(days=rules.DUE_SOON_DAYS)
    overdue = current.filter(due_date__lt=as_at).order_by("due_date", "action_id")
    soon = current.filter(due_date__gte=as_at, due_date__lte=soon_until).order_by("due_date", "action_id")
    limit = dashboard.LIST_LIMIT
    return {
        "plans": [
            (pk, rollup.rag, list(rollup.counts.values())) for pk, rollup in ranking.ranked[: dashboard.PLAN_LIMIT]
        ],
        "plan_count": len(ranking.ranked),
        "plan_colours": [(c, n) for c in (*dashboard.RAG_ORDER, None) if (n := ranking.colour_totals.get(c, 0))],
        "chart": [(day, [colours[day][c] for c in dashboard.RAG_ORDER]) for day in days],
        "overdue": (overdue.count(), list(overdue.values_list("action_id", flat=True)[:limit])),
        "soon": (soon.count(), list(soon.values_list("action_id", flat=True)[:limit])),
        "coverage": list(coverage_summary(as_at, recommendations=answered_by_active_plans(as_at=as_at)).items()),
    }


action_story = st.fixed_dictionaries(
    {
        "start": st.integers(-300, 20),
        "length": st.integers(0, 300),
        "status": st.sampled_from(STATUSES),
        "progress": st.integers(0, 100),
    }
)
PROGRESS = st.integers(0, 100)
writes = st.one_of(
    st.tuples(
        st.just("update"), st.integers(0, 99), st.sampled_from(STATUSES), st.integers(0, 100), st.integers(-200, 0)
    ),
    st.tuples(
        st.just("save"), st.integers(0, 99), st.sampled_from(STATUSES), st.integers(0, 100), st.integers(-90, 90)
    ),
    st.tuples(st.just("move action"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("move priority"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("delete action"), st.integers(0, 99)),
    st.tuples(st.just("delete update"), st.integers(0, 99)),
    st.tuples(st.just("plan start"), st.integers(0, 99), st.integers(-400, 30)),
    st.tuples(st.just("close plan"), st.integers(0, 99)),
    st.tuples(st.just("add action"), st.integers(0, 99), action_story),
    st.tuples(st.just("link"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("unlink"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("link from the recommendation"), st.integers(0, 99), st.integers(0, 99)),
    st.tuples(st.just("unlink every action"), st.integers(0, 99)),
    st.tuples(st.just("delete recommendation"), st.integers(0, 99)),
)


def _pick(model, n: int):
    rows = list(model.objects.order_by("pk"))
    return rows[n % len(rows)] if rows else None


def _add_action(priority: Priority, story: dict) -> Action:
    start = _day(story["start"])
    return Action.objects.create(
        priority=priority,
        reference=f"A{Action.objects.count()}-{story['length']}",
        description="Generated",
        start_date=start,
        due_date=start + datetime.timedelta(days=story["length"]),
        status=story["status"],
        progress=story["progress"],
    )


def _write(write: tuple) -> None:
    kind = write[0]
    if kind == "update" and (action := _pick(Action, write[1])):
        ProgressUpdate(action=action, status=write[2], progress=write[3], created_at=_moment(write[4])).save()
    elif kind == "save" and (action := _pick(Action, write[1])):
        action.status, action.progress = write[2], write[3]
        action.due_date = max(action.start_date or action.due_date, action.due_date + datetime.timedelta(days=write[4]))
        action.save()
    elif kind == "move action" and (action := _pick(Action, write[1])):
        action.priority = _pick(Priority, write[2])
        action.reference = f"M{action.pk}"  # references are unique per priority
        action.save()
    elif kind == "move priority" and (priority := _pick(Priority, write[1])):
        priority.plan = _pick(Plan, write[2])
        priority.number = 100 + priority.pk  # numbers are unique per plan
        priority.save()
    elif kind == "delete action" and (action := _pick(Action, write[1])):
        action.delete()
    elif kind == "delete update" and (update := _pick(ProgressUpdate, write[1])):
        update.delete()
    elif kind == "plan start":
        plan = _pick(Plan, write[1])
        plan.start_date = _day(write[2])
        plan.save()
    elif kind == "close plan":
        plan = _pick(Plan, write[1])
        plan.status, plan.end_date = Plan.Status.CLOSED, max(plan.start_date, _day(-1))
        plan.save()
    elif kind == "add action":
        _add_action(_pick(Priority, write[1]), write[2])
    elif (
        kind in ("link", "unlink") and (action := _pick(Action, write[1])) and (rec := _pick(Recommendation, write[2]))
    ):
        (action.recommendations.add if kind == "link" else action.recommendations.remove)(rec)
    elif kind == "link from the recommendation" and (rec := _pick(Recommendation, write[1])):
        if action := _pick(Action, write[2]):
            rec.actions.add(action)
    elif kind == "unlink every action" and (rec := _pick(Recommendation, write[1])):
        rec.actions.clear()
    elif kind == "delete recommendation" and (rec := _pick(Recommendation, write[1])):
        rec.delete()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plans=st.lists(st.lists(st.lists(action_story, max_size=3), min_size=1, max_size=2), min_size=2, max_size=3),
    plan_starts=st.lists(st.integers(-400, 10), min_size=3, max_size=3),
    history=st.lists(writes, min_size=1, max_size=6),
    past=st.integers(1, 120),
    links=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=6),
)
def test_cached_tallies_equal_the_figures_counted_afresh_after_random_writes(plans, plan_starts, history, past, links):
    # Tallies kept from earlier examples stay: their plans' tokens never recur, so none may be read back.
    with transaction.atomic():
        inspections = [factories.InspectionFactory() for _ in range(2)]
        for inspection in inspections:
            for number in (1, 2, 3):
                factories.RecommendationFactory(inspection=inspection, number=number)
        for n, priorities in enumerate(plans):
            plan = factories.PlanFactory(start_date=_day(plan_starts[n]))
            plan.inspections.add(inspections[n % 2])
            for number, stories in enumerate(priorities, start=1):
                priority = factories.PriorityFactory(plan=plan, number=number)
                for story in stories:
                    _add_action(priority, story)
        for action_n, rec_n in links:
            _write(("link", action_n, rec_n))
        dates = [TODAY, _day(-past)]
        for as_at in dates:
            _page(as_at, data_version())  # cached before the writes
        for write in history:
            _write(write)
            for as_at in dates:
                cached = _page(as_at, data_version())
                assert cached == _page(as_at, None), (write, as_at)
                assert cached == _counted_at_once(as_at), (write, as_at)
        transaction.set_rollback(True)


def _plans_counted(monkeypatch) -> list[list[int]]:
    """The plan ids each call of `plan_tallies` counts, from now on."""
    calls: list[list[int]] = []
    real = dashboard.plan_tallies

    def recording(ids, *args, **kwargs):
        calls.append(sorted(ids))
        return real(ids, *args, **kwargs)

    monkeypatch.setattr(dashboard, "plan_tallies", recording)
    return calls


@pytest.fixture
def three_plans(manager):
    plans = [factories.PlanFactory(name=f"Plan {n}", start_date=_day(-300)) for n in range(3)]
    for plan in plans:
        priority = factories.PriorityFactory(plan=plan)
        for n in range(2):
            factories.ActionFactory(
                priority=priority, owner=manager, reference=f"1.{n}", start_date=_day(-200), due_date=_day(10 + n)
            )
    return plans


def _token(plan_id: int) -> int | None:
    return PlanColoursToken.objects.filter(plan_id=plan_id).values_list("token", flat=True).first()


def test_after_a_progress_update_only_its_plan_is_counted_again(three_plans, monkeypatch):
    dashboard.dashboard(TODAY, data_version())
    calls = _plans_counted(monkeypatch)
    dashboard.dashboard(TODAY, data_version())
    assert calls == []  # nothing written: every plan read back
    action = Action.objects.filter(priority__plan=three_plans[1]).first()
    ProgressUpdate(action=action, status=Action.Status.IN_PROGRESS, progress=5, created_at=_moment(-30)).save()
    page = dashboard.dashboard(TODAY, data_version())
    assert calls == [[three_plans[1].pk]]
    assert page["overdue_count"] == 0 and page["soon_count"] == 6


def test_each_write_path_renews_the_tokens_of_the_plans_it_changes_and_no_other(three_plans):
    first, second, third = three_plans

    ids = {plan.name: plan.pk for plan in three_plans}

    def renewed(write) -> set[str]:
        before = {name: _token(pk) for name, pk in ids.items()}
        write()
        return {name for name, pk in ids.items() if _token(pk) != before[name]}

    action = Action.objects.filter(priority__plan=first).first()
    assert renewed(lambda: ProgressUpdate.objects.create(action=action, status="in_progress", progress=50)) == {
        "Plan 0"
    }
    assert renewed(lambda: ProgressUpdate.objects.filter(action=action).first().delete()) == {"Plan 0"}
    action.priority, action.reference = second.priorities.get(), "9.1"  # references are unique per priority
    assert renewed(action.save) == {"Plan 0", "Plan 1"}
    # A stale instance (loaded before the move) moving it again: the plan it is really leaving is renewed.
    stale = Action.objects.get(pk=action.pk)
    fresh = Action.objects.get(pk=action.pk)
    fresh.priority = third.priorities.get()
    fresh.save()
    stale.priority = first.priorities.get()
    assert renewed(stale.save) == {"Plan 0", "Plan 2"}
    priority = second.priorities.get()
    priority.plan, priority.number = third, 2  # numbers are unique per plan
    assert renewed(priority.save) == {"Plan 1", "Plan 2"}
    third.start_date = _day(-250)
    assert renewed(third.save) == {"Plan 2"}
    third.name = "Plan 2"  # a save that changes no colour: no count is redone
    assert renewed(third.save) == set()
    assert renewed(lambda: Action.objects.filter(priority__plan=first).first().delete()) == {"Plan 0"}
    assert renewed(lambda: Action.objects.filter(priority__plan=third).delete()) == {"Plan 2"}
    rec = factories.RecommendationFactory()
    assert renewed(lambda: first.priorities.get().actions.get().recommendations.add(rec)) == {"Plan 0"}
    assert renewed(lambda: rec.actions.add(*Action.objects.filter(priority__plan=second))) == set()  # none left
    assert renewed(lambda: rec.actions.add(*Action.objects.filter(priority__plan=third))) == set()
    action = Action.objects.filter(priority__plan=first).get()
    assert renewed(lambda: rec.actions.remove(action)) == {"Plan 0"}
    assert renewed(lambda: action.recommendations.add(rec)) == {"Plan 0"}
    assert renewed(rec.actions.clear) == {"Plan 0"}
    assert renewed(lambda: action.recommendations.add(rec)) == {"Plan 0"}
    assert renewed(rec.delete) == {"Plan 0"}
    inspection = factories.InspectionFactory()
    factories.RecommendationFactory(inspection=inspection).actions.add(action)
    assert renewed(inspection.delete) == {"Plan 0"}  # its recommendations, and their links, go with it
    assert renewed(lambda: call_command("migrate", verbosity=0)) == {"Plan 0", "Plan 1", "Plan 2"}
    assert renewed(lambda: Priority.objects.filter(plan=first).delete()) == {"Plan 0"}
    assert renewed(second.delete) == {"Plan 1"}  # deleted with its token; the others left alone


def test_a_new_plan_has_a_token_from_the_start():
    plan = factories.PlanFactory()
    assert _token(plan.pk) is not None


def test_a_tally_counted_while_the_date_was_today_is_not_read_back_once_it_is_past(three_plans, monkeypatch):
    """For today the coverage counts read the live actions, for a past date their intervals: a tally kept on the
    day must not be read back the next day for the same date."""
    dashboard.dashboard(TODAY, data_version())
    calls = _plans_counted(monkeypatch)
    monkeypatch.setattr(dashboard, "is_live", lambda day: False)  # the next day: TODAY is in the past
    dashboard.dashboard(TODAY, data_version())
    assert calls == [sorted(p.pk for p in three_plans)]


def test_a_tally_is_not_kept_when_its_plan_changed_while_it_was_counted(three_plans, monkeypatch):
    """Counted from data newer than the token read first (a write committed in between), a tally is not kept under
    that token: a database restored to the token would otherwise show the newer figures."""
    real = dashboard._count
    action = Action.objects.filter(priority__plan=three_plans[0]).first()

    def counting_then_a_write(ids, *args):
        counted = real(ids, *args)
        ProgressUpdate(action=action, status=Action.Status.IN_PROGRESS, progress=7, created_at=_moment(-1)).save()
        return counted

    monkeypatch.setattr(dashboard, "_count", counting_then_a_write)
    dashboard.dashboard(TODAY, data_version())
    monkeypatch.setattr(dashboard, "_count", real)
    calls = _plans_counted(monkeypatch)
    dashboard.dashboard(TODAY, data_version())
    assert calls == [[three_plans[0].pk]]  # the others were kept


@pytest.mark.django_db(transaction=True)
def test_a_link_made_while_its_action_moves_renews_the_plan_it_moves_to(manager):
    """Two transactions at once (PostgreSQL, READ COMMITTED): one moves an action to another plan, the other links
    the action to a recommendation before the move commits. The link's writer waits for the move (the action's row
    is locked) and renews the plan the action is in when it commits, so a tally of that plan counted between the
    two commits is not read back afterwards. On SQLite the second writer waits for the first to commit."""
    leaving, joining = (factories.PlanFactory(name=name, start_date=_day(-300)) for name in ("Leaving", "Joining"))
    plan = factories.PlanFactory(name="Answers", start_date=_day(-300))
    rec = factories.RecommendationFactory()
    plan.inspections.add(rec.inspection)
    action = factories.ActionFactory(
        priority=factories.PriorityFactory(plan=leaving), owner=manager, start_date=_day(-200), due_date=_day(60)
    )
    target = factories.PriorityFactory(plan=joining)
    if connection.vendor == "postgresql":
        _move_and_link_at_once(action, target, rec)
    else:  # one writer at a time (and the test database, in memory, is locked by table): one after the other
        _move(action, target)
        _page(TODAY, data_version())
        Action.objects.get(pk=action.pk).recommendations.add(rec)
    assert _page(TODAY, data_version()) == _page(TODAY, None)
    assert dict(_page(TODAY, None)["coverage"])[Coverage.IN_PROGRESS] == 1


@pytest.mark.django_db(transaction=True)
def test_a_plan_deleted_with_its_actions_leaves_no_token_behind(manager):
    """Deleting an action renews its plan's token; when the plan goes too, no token may be written for it (the
    deferred foreign key check at commit would refuse it)."""
    plan = factories.PlanFactory(start_date=_day(-100))
    factories.ActionFactory(priority=factories.PriorityFactory(plan=plan), owner=manager, due_date=_day(30))
    assert _token(plan.pk) is not None
    plan.delete()  # committed here: a token left for the deleted plan would fail
    assert not PlanColoursToken.objects.exists()


def test_cached_rows_are_loaded_fresh_when_listed(three_plans):
    """The listed actions are loaded in full each time: a description changed without a colour change shows."""
    dashboard.dashboard(TODAY, data_version())
    action = Action.objects.filter(priority__plan=three_plans[0]).order_by("due_date", "pk").first()
    Action.objects.filter(pk=action.pk).update(description="Reworded")  # no interval or token change
    soon = dashboard.dashboard(TODAY, data_version())["soon"]
    assert soon[0].action.pk == action.pk and soon[0].action.description == "Reworded"


def _move(action: Action, target: Priority) -> None:
    found = Action.objects.get(pk=action.pk)
    found.priority = target
    found.save()


def _move_and_link_at_once(action: Action, target: Priority, rec: Recommendation) -> None:
    """The move begins and holds its transaction open; the link's transaction begins meanwhile; the move commits,
    the dashboard is read (its tallies counted and kept), then the link commits."""
    moved, may_commit_link = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def move():
        with transaction.atomic():
            _move(action, target)
            moved.set()
            time.sleep(0.5)  # the link's writer starts meanwhile, and waits for the action's row

    def link():
        moved.wait()
        with transaction.atomic():
            Action.objects.get(pk=action.pk).recommendations.add(rec)
            may_commit_link.wait(10)

    def recording(work):
        def run():
            try:
                work()
            except BaseException as exc:  # a thread's exception would otherwise be lost
                failures.append(exc)
                moved.set()
            finally:
                connection.close()

        return run

    threads = [threading.Thread(target=recording(move)), threading.Thread(target=recording(link))]
    for thread in threads:
        thread.start()
    threads[0].join()
    time.sleep(0.3)
    _page(TODAY, data_version())  # the move committed, the link not yet: tallies counted and kept
    may_commit_link.set()
    threads[1].join()
    assert failures == []
