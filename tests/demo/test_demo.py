"""The demo council (`load_demo`): idempotent, faithful to the seed papers, and covering every state a page shows."""

import datetime
import hashlib
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.utils import timezone

from core.rag import RAG
from demo.loader import load_demo
from improvement.models import Action, Plan, PriorityAssessment, ProgressUpdate
from improvement.plans import rules
from improvement.plans.selectors import action_states_as_at, action_states_on_dates, replayed_states_on_dates
from improvement.tracker.coverage import Coverage, recommendation_coverage
from inspections.models import FRAMEWORK_GRADES, Inspection, Judgement, Recommendation
from performance.models import Authority, ChildPopulation, Indicator, Observation, Target

D = datetime.date

# Fields that identify and describe each demo row: a second load must leave all of them as they were.
CHECKSUM_FIELDS = {
    User: ("username", "first_name", "last_name", "password", "is_superuser"),
    Authority: ("code", "name", "kind", "child_population"),
    Indicator: ("code", "name", "unit", "polarity", "numerator__code", "denominator__code", "factor"),
    Target: ("indicator__code", "effective_from", "value", "tolerance"),
    Observation: ("indicator__code", "authority__code", "period_end", "value", "numerator", "denominator"),
    Inspection: ("kind", "start_date", "title", "overall_grade"),
    Judgement: ("inspection__kind", "order", "area_name", "grade", "self_assessment_grade", "is_key"),
    Recommendation: ("inspection__kind", "addressee", "number", "text", "timescale", "related__number"),
    Plan: ("name", "start_date", "end_date", "owner__username", "inspections__kind"),
    Action: (
        "priority__plan__name",
        "reference",
        "status",
        "progress",
        "start_date",
        "due_date",
        "completed_date",
        "owner__username",
        "rag_override",
        "recommendations__number",
        "indicators__code",
        "version",
    ),
    ProgressUpdate: ("action__reference", "created_at", "kind", "status", "progress", "rag", "commentary"),
    PriorityAssessment: ("priority__title", "date", "rag", "commentary"),
}


def state_of_database():
    """Row counts of every model (history tables included) and a checksum of the demo's key fields."""
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"auth", "inspections", "performance", "improvement"}
    }
    digest = hashlib.sha256()
    for model, fields in CHECKSUM_FIELDS.items():
        for row in model.objects.order_by(*fields).values_list(*fields):
            digest.update(repr(row).encode())
    return counts, digest.hexdigest()


def council_value(code, day):
    return Observation.objects.get(indicator__code=code, authority__code="sunderland", period_end=day).value


def test_second_load_changes_nothing(demo):
    before = state_of_database()
    summary = load_demo(today=demo.today)
    assert summary.written == 0
    assert state_of_database() == before


def test_load_on_a_later_day_moves_the_current_plan_without_duplicating_it(demo):
    before_counts, _ = state_of_database()
    action = Action.objects.get(priority__plan__name="Learning and Improvement Plan", reference="3.1")
    updates = list(action.updates.values_list("created_at", flat=True))

    load_demo(today=demo.today + datetime.timedelta(days=30))

    action.refresh_from_db()
    assert action.due_date == demo.today + datetime.timedelta(days=-45 + 30)
    assert action.updates.count() == len(updates)
    first = timezone.localdate(min(action.updates.values_list("created_at", flat=True)))
    assert first == timezone.localdate(min(updates)) + datetime.timedelta(days=30)
    counts, _ = state_of_database()
    history = {label for label in counts if ".Historical" in label}
    derived = {"improvement.ActionInterval"}  # colour intervals follow the moved dates
    changed = {label for label in counts if counts[label] != before_counts[label]} - history - derived
    # A month later there is one more month of figures and nothing else new.
    assert changed <= {"performance.Observation"}


@pytest.mark.parametrize(
    ("code", "before", "after"),
    [
        ("open_cases", 3617, 2565),
        ("unallocated_cases", 1003, 129),
        ("check_status_cases", 988, 158),
        ("initial_assess_overdue", 540, 98),
        ("core_assess_overdue", 455, 161),
        ("s47_open_28d", 173, 6),
    ],
)
def test_seed_000_figures_are_on_their_dates(demo, code, before, after):
    assert council_value(code, D(2015, 5, 19)) == before
    assert council_value(code, D(2015, 9, 1)) == after


def test_seed_002_contacts_and_children_looked_after(demo):
    month_ends = [D(2015, 7, 31), D(2015, 8, 31), D(2015, 9, 30), D(2015, 10, 31), D(2015, 11, 30), D(2015, 12, 31)]
    assert [council_value("contacts", d) for d in month_ends] == [2351, 1817, 2253, 1971, 2012, 1663]
    leeds = [
        Observation.objects.get(indicator__code="contacts", authority__code="leeds", period_end=d).value
        for d in month_ends[:4]
    ]
    assert leeds == [1903, 1380, 1833, 1800]
    assert sum(council_value("referrals", d) for d in month_ends[:4]) == 1488
    assert council_value("cla_count", D(2015, 7, 31)) == 598
    assert council_value("cla_count", D(2015, 12, 31)) == 538
    cla_2015 = Observation.objects.filter(
        indicator__code="cla_count", authority__code="sunderland", period_end__year=2015
    )
    assert max(cla_2015.values_list("value", flat=True)) == 598
    assert council_value("cla_out_of_area_pct", D(2015, 12, 31)) == 28
    assert Authority.objects.get(code="sunderland").child_population == 54_500
    assert Authority.objects.get(code="leeds").child_population == 183_000


def test_derived_figures_follow_the_catalogue_formula(demo):
    referral_rate = council_value("contact_to_referral_pct", D(2015, 7, 31))
    assert referral_rate == Decimal("17.5245")  # 412 / 2,351 x 100
    # 538 / 54,332 x 10,000: the child population of the year to 31 March 2016 (shipped reference data), not the
    # single figure of 54,500 the 2015 paper quoted.
    population = ChildPopulation.objects.get(authority__code="sunderland", year_end=D(2016, 3, 31)).population
    assert population == 54_332
    assert council_value("cla_rate", D(2015, 12, 31)) == (Decimal(538) / population * 10_000).quantize(
        Decimal("0.0001")
    )
    england = Observation.objects.filter(indicator__code="cla_rate", authority__code="england")
    assert england.count() >= 24


def test_every_figure_respects_its_unit(demo):
    percents = Observation.objects.filter(indicator__unit=Indicator.Unit.PERCENT)
    assert not percents.filter(value__lt=0).exists() and not percents.filter(value__gt=100).exists()
    counts = Observation.objects.filter(indicator__unit=Indicator.Unit.COUNT).values_list("value", flat=True)
    assert all(v >= 0 and v == v.to_integral_value() for v in counts)


def test_at_least_15_indicators_have_24_months_up_to_last_month(demo):
    last_month_end = demo.today.replace(day=1) - datetime.timedelta(days=1)
    months = Counter(
        Observation.objects.filter(authority__code="sunderland", period_end__day__gte=28).values_list(
            "indicator__code", flat=True
        )
    )
    long_series = [code for code, n in months.items() if n >= 24]
    assert len(long_series) >= 15
    assert Observation.objects.filter(authority__code="sunderland", period_end=last_month_end).count() >= 18
    comparators = Observation.objects.filter(indicator__code="assess_45wd_pct").values_list(
        "authority__code", flat=True
    )
    assert {"england", "statistical-neighbours", "north-east"} <= set(comparators)


def test_unallocated_cases_target_changes_over_time(demo):
    targets = Target.objects.filter(indicator__code="unallocated_cases").order_by("effective_from")
    assert [(t.effective_from, t.value) for t in targets] == [(D(2015, 4, 1), 50), (D(2016, 4, 1), 0)]


# Seed 001, Table 1 (self-assessment December 2011, inspection May 2012), in the table's order; the paper's text
# counts 22 judgements, 12 of them for children looked after: the 22nd is looked-after equality and diversity.
SEED_001_TABLE_1 = [
    ("Safeguarding", "Overall effectiveness", "good", "adequate"),
    ("Safeguarding", "Capacity to improve", "good", "adequate"),
    ("Safeguarding", "Equality and diversity", "adequate", "adequate"),
    ("Safeguarding", "Quality of provision", "adequate", "inadequate"),
    ("Safeguarding", "Safeguarding outcomes for children and young people", "adequate", "adequate"),
    (
        "Safeguarding",
        "The contribution of health agencies to keeping children and young people safe",
        "good",
        "adequate",
    ),
    ("Safeguarding", "Partnership working", "good", "adequate"),
    ("Safeguarding", "Performance management and quality assurance", "good", "adequate"),
    ("Safeguarding", "Leadership and management", "good", "adequate"),
    ("Safeguarding", "Ambition and prioritisation", "good", "adequate"),
    ("Children looked after", "Overall effectiveness", "good", "adequate"),
    ("Children looked after", "Capacity to improve", "good", "adequate"),
    ("Children looked after", "Quality of provision", "good", "inadequate"),
    ("Children looked after", "Being healthy outcomes", "good", "good"),
    ("Children looked after", "Staying safe outcomes", "good", "adequate"),
    ("Children looked after", "Enjoying and achieving outcomes", "adequate", "adequate"),
    ("Children looked after", "Making a positive contribution (including involvement)", "adequate", "adequate"),
    ("Children looked after", "Economic well-being outcomes", "adequate", "inadequate"),
    ("Children looked after", "Performance management and quality assurance", "good", "adequate"),
    ("Children looked after", "Leadership and management (ambition and prioritisation)", "good", "adequate"),
    ("Children looked after", "Leadership and management", "good", "adequate"),
    ("Children looked after", "Equality and diversity", "adequate", "adequate"),
]


def test_2012_judgements_match_seed_001_table_1(demo):
    inspection = Inspection.objects.get(kind=Inspection.Kind.OFSTED_SLAC)
    rows = inspection.judgements.order_by("order")
    assert [(j.service_area, j.area_name, j.self_assessment_grade, j.grade) for j in rows] == SEED_001_TABLE_1
    key = [(j.service_area, j.area_name) for j in rows if j.is_key]
    assert key == [
        ("Safeguarding", "Overall effectiveness"),
        ("Safeguarding", "Capacity to improve"),
        ("Children looked after", "Overall effectiveness"),
        ("Children looked after", "Capacity to improve"),
    ]
    assert Counter(j.grade for j in rows) == {"good": 1, "adequate": 18, "inadequate": 3}
    recs = Counter(inspection.recommendations.values_list("timescale", flat=True))
    assert recs == {"immediately": 3, "within_3_months": 10, "within_6_months": 4}


def test_2015_inspection_is_inadequate_throughout(demo):
    inspection = Inspection.objects.get(kind=Inspection.Kind.OFSTED_SIF, start_date__year=2015)
    assert inspection.published_date == D(2015, 7, 20)
    assert set(inspection.judgements.values_list("grade", flat=True)) == {"inadequate"}
    by_addressee = Counter(inspection.recommendations.values_list("addressee", flat=True))
    assert by_addressee == {"local_authority": 27, "lscb": 7}
    assert len(set(inspection.recommendations.values_list("timescale", flat=True))) >= 3
    assert inspection.findings.filter(kind="strength").exists()
    assert inspection.findings.filter(kind="area_for_improvement").exists()


def test_every_grade_is_on_its_frameworks_scale(demo):
    for judgement in Judgement.objects.select_related("inspection"):
        allowed = FRAMEWORK_GRADES[judgement.inspection.framework]
        assert judgement.grade in allowed
        assert judgement.self_assessment_grade in (*allowed, "")
    kinds = set(Inspection.objects.values_list("kind", flat=True))
    assert {"ofsted_ucra", "ofsted_slac", "independent_review", "lga_peer_review", "lga_diagnostic"} <= kinds
    assert {"dfe_review", "ofsted_sif"} <= kinds


def test_workforce_recommendations_are_related_across_reviews(demo):
    workforce = Recommendation.objects.get(inspection__kind="ofsted_sif", addressee="local_authority", number=10)
    sources = set(workforce.related.values_list("inspection__kind", flat=True))
    assert {"lga_peer_review", "independent_review"} <= sources


def _colour_cases(action, as_at):
    """Why an action has the colour the rules give it, in the terms the demo must cover."""
    state = action.state
    colour = rules.computed_rag(state, as_at)
    if colour == RAG.RED:
        return "red overdue" if as_at > action.due_date else "red not started"
    if colour == RAG.AMBER:
        return "amber due soon" if (action.due_date - as_at).days <= rules.DUE_SOON_DAYS else "amber behind"
    return {RAG.GREEN: "green", RAG.BLUE: "blue", None: "withdrawn"}[colour]


def test_improvement_plan_shows_every_status_and_colour_today(demo):
    actions = list(Action.objects.filter(priority__plan__name="Learning and Improvement Plan"))
    assert {a.status for a in actions} == set(Action.Status.values)
    assert {a.delivery_rag(demo.today) for a in actions} == {RAG.RED, RAG.AMBER, RAG.GREEN, RAG.BLUE, None}
    cases = {_colour_cases(a, demo.today) for a in actions}
    assert cases == {
        "red overdue",
        "red not started",
        "amber due soon",
        "amber behind",
        "green",
        "blue",
        "withdrawn",
    }
    overridden = [a for a in actions if a.rag_override]
    assert 1 <= len(overridden) <= 3
    assert all(a.rag_override_reason and a.rag_override != a.assess(demo.today).computed_rag for a in overridden)


def test_action_state_is_its_latest_update(demo):
    for action in Action.objects.prefetch_related("updates"):
        updates = sorted(action.updates.all(), key=lambda u: u.created_at)
        assert 2 <= len(updates) <= 8, action
        assert (action.status, action.progress) == (updates[-1].status, updates[-1].progress), action
        if action.status == Action.Status.COMPLETE:
            assert updates[-1].kind == ProgressUpdate.Kind.VERIFIED
            assert action.verified_by != action.owner
            assert any(u.evidence_link for u in updates)
    plan_updates = ProgressUpdate.objects.filter(action__priority__plan__name="Learning and Improvement Plan")
    per_action = Counter(plan_updates.values_list("action_id", flat=True))
    assert all(3 <= n <= 8 for n in per_action.values())


def test_hundred_day_plan_was_behind_on_1_september_2015_and_is_mostly_complete_now(demo):
    actions = Action.objects.filter(priority__plan__name="100 Day Plan")
    assert actions.count() >= 18 and Plan.objects.get(name="100 Day Plan").priorities.count() == 6

    before_the_plan = action_states_as_at(actions, D(2015, 5, 19)).values()
    assert {s.status for s in before_the_plan} == {Action.Status.NOT_STARTED}

    on_1_september = list(action_states_as_at(actions, D(2015, 9, 1)).values())
    assert sum(s.rag == RAG.RED for s in on_1_september) >= 5
    assert any(s.status == Action.Status.NOT_STARTED and s.rag == RAG.RED for s in on_1_september)
    assert any(s.rag == RAG.BLUE for s in on_1_september)

    now = Counter(actions.values_list("status", flat=True))
    assert now[Action.Status.COMPLETE] > actions.count() / 2
    assert now[Action.Status.WITHDRAWN] >= 1 and now[Action.Status.IN_PROGRESS] >= 1


def test_demo_colour_intervals_match_its_replayed_history(demo):
    actions = Action.objects.all()
    days = [D(2015, 5, 19), D(2015, 9, 1), D(2015, 12, 31), timezone.localdate() - datetime.timedelta(days=1)]
    stored, replayed = action_states_on_dates(actions, days), replayed_states_on_dates(actions, days)
    for day in days:
        assert {pk: (s.status, s.progress, s.rag) for pk, s in stored[day].items()} == {
            pk: (s.status, s.progress, s.rag) for pk, s in replayed[day].items()
        }


def test_demo_has_enough_actions_and_assessments(demo):
    assert Action.objects.count() >= 60
    plan = Plan.objects.get(name="Learning and Improvement Plan")
    assert plan.priorities.count() == 7
    for priority in plan.priorities.all():
        assert 3 <= priority.assessments.count() <= 5
    assert plan.start_date == demo.today - datetime.timedelta(days=270)


@pytest.mark.parametrize("username", ["admin", "manager", "committee"])
def test_demo_users_sign_in_with_the_demo_password(demo, client, username):
    assert client.login(username=username, password="demo-password")


def test_demo_roles_and_the_managers_actions(demo, client):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.groups.filter(name="Admin").exists()
    assert User.objects.get(username="committee").groups.filter(name="Committee member").exists()
    assert not client.login(username="s.bell", password="demo-password")
    manager = User.objects.get(username="manager")
    assert manager.groups.filter(name="Manager").exists() and manager.get_full_name()
    assert manager.led_priorities.exists()
    cases = {_colour_cases(a, demo.today) for a in manager.owned_actions.all()}
    assert {"red overdue", "amber due soon", "green", "blue"} <= cases


def test_every_coverage_state_is_represented(demo):
    lines = recommendation_coverage(Recommendation.objects.all(), demo.today)
    states = Counter(line.state for line in lines)
    assert set(states) == set(Coverage.values)
    uncovered_la = [
        line
        for line in lines
        if line.state == Coverage.NOT_COVERED and line.recommendation.addressee == "local_authority"
    ]
    assert len([line for line in uncovered_la if line.recommendation.inspection.kind == "ofsted_sif"]) >= 2
    sif_la = Recommendation.objects.filter(inspection__kind="ofsted_sif", addressee="local_authority")
    covered = sif_la.filter(actions__isnull=False).exclude(actions__status=Action.Status.WITHDRAWN).distinct()
    assert covered.count() > sif_la.count() / 2


def test_demo_issues_the_seed_000_paper_and_keeps_a_draft_for_the_next_board(demo):
    from improvement.models import CommitteeReport

    paper = CommitteeReport.objects.get(committee__name="Audit and governance committee")
    assert paper.is_issued
    assert paper.issued_at.date() == datetime.date(2015, 9, 18)
    changes = {row["code"]: row["change_text"] for row in paper.snapshot["impact"]["rows"]}
    assert changes == {
        "open_cases": "1,052 (29%)",
        "unallocated_cases": "874 (87%)",
        "check_status_cases": "830 (84%)",
        "initial_assess_overdue": "442 (82%)",
        "core_assess_overdue": "294 (65%)",
        "s47_open_28d": "167 (97%)",
    }
    board = CommitteeReport.objects.filter(committee__name="Improvement board")
    assert sorted(board.values_list("status", flat=True)) == ["draft", "issued"]
    assert board.get(status="draft").current_date == demo.today


def test_demo_council_is_from_the_national_list_with_its_real_neighbours(demo):
    from performance import selectors

    home = selectors.home_authority()
    assert (home.name, home.la_number, home.ons_code) == ("Sunderland", "394", "E08000024")
    comparators = selectors.comparator_authorities(home)
    neighbours = [a.la_number for a in comparators if a.sn_rank]
    # DfE's list for Sunderland (la_lookup.csv), in rank order.
    assert neighbours == ["807", "393", "805", "372", "357", "880", "390", "840", "370", "354"]
    assert {"North East", "England", "Leeds"} <= {a.name for a in comparators}
