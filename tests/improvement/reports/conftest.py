"""A small council built with factories, shaped like seed paper 000 (Audit and governance, 25 September 2015):
six indicators with figures on 19 May and 1 September 2015, one plan with priorities and actions whose history
is dated in 2015. `grow(n)` adds n more plans, actions and observations, to show query counts do not grow."""

import datetime

import pytest
from django.utils import timezone

from improvement.models import Action
from improvement.reports import services
from performance.models import Authority
from tests import factories as f

BASELINE = datetime.date(2015, 5, 19)
CURRENT = datetime.date(2015, 9, 1)

SEED_000 = [  # code, name, old, new
    ("open_cases", "Open cases", 3617, 2565),
    ("unallocated_cases", "Unallocated cases", 1003, 129),
    ("check_status", "Check status (no action recorded or plan)", 988, 158),
    ("initial_late", "Initial assessments not completed in timescale", 540, 98),
    ("core_late", "Core assessments not completed in timescale", 455, 161),
    ("s47_open_28d", "Section 47 investigations open more than 28 days", 173, 6),
]


D = datetime.date
ACTIONS = [  # key, priority number, reference, description, start, due, other fields
    ("late", 1, "1.1", "Recruit permanent social workers", D(2015, 5, 1), D(2015, 6, 30), {"progress": 40}),
    ("stalled", 1, "1.2", "Launch the workforce academy", D(2015, 8, 12), D(2015, 12, 31),
     {"status": Action.Status.NOT_STARTED, "progress": 0}),
    ("on_track", 2, "2.1", "Monthly case audits", D(2015, 5, 1), D(2016, 3, 31), {"progress": 40}),
    ("done", 2, "2.2", "Publish practice standards", D(2015, 5, 1), D(2015, 8, 31),
     {"status": Action.Status.COMPLETE, "progress": 100, "completed_date": D(2015, 8, 20)}),
]  # fmt: skip


def at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def make_plan(n: int = 0, *, lead=None, owner=None):
    plan = f.PlanFactory(name=f"100 day plan {n}", start_date=datetime.date(2015, 5, 1))
    first = f.PriorityFactory(plan=plan, number=1, title=f"Recruitment and retention {n}", lead=lead)
    second = f.PriorityFactory(plan=plan, number=2, title=f"Quality assurance {n}", lead=lead)
    priorities = {1: first, 2: second}
    made = {
        key: f.ActionFactory(
            priority=priorities[priority],
            reference=reference,
            description=f"{description} {n}",
            start_date=start,
            due_date=due,
            **fields,
            **({"owner": owner} if owner else {}),
        )
        for key, priority, reference, description, start, due, fields in ACTIONS
    }
    late, done = made["late"], made["done"]
    f.ProgressUpdateFactory(action=late, created_at=at(datetime.date(2015, 8, 28)), commentary=f"Agency cover {n}")
    f.ProgressUpdateFactory(action=done, created_at=at(datetime.date(2015, 8, 20)), commentary="Published")
    f.PriorityAssessmentFactory(priority=first, date=datetime.date(2015, 8, 30), rag="red", commentary="Behind")
    return plan, made


@pytest.fixture
def council(db, admin_user):
    home = f.AuthorityFactory(name="Sunderland", code="sunderland", kind=Authority.Kind.COUNCIL)
    england = f.AuthorityFactory(name="England", code="england", kind=Authority.Kind.ENGLAND)
    indicators = {}
    for order, (code, name, old, new) in enumerate(SEED_000):
        indicator = f.IndicatorFactory(code=code, name=name, order=order, is_key=True)
        f.ObservationFactory(indicator=indicator, authority=home, period_end=BASELINE, value=old)
        f.ObservationFactory(indicator=indicator, authority=home, period_end=CURRENT, value=new)
        indicators[code] = indicator
    f.TargetFactory(indicator=indicators["unallocated_cases"], value=50, tolerance=20, effective_from=BASELINE)
    f.ObservationFactory(indicator=indicators["unallocated_cases"], authority=england, period_end=CURRENT, value=90)
    inspection = f.InspectionFactory(title="Inspection of services for children in need of help and protection")
    f.JudgementFactory(inspection=inspection, area_name="Overall effectiveness", is_key=True)
    f.RecommendationFactory(inspection=inspection)
    plan, actions = make_plan(lead=f.ManagerFactory(), owner=f.ManagerFactory())
    committee = f.CommitteeFactory(name="Audit and governance committee", kind="audit_and_governance")
    report = f.CommitteeReportFactory(
        committee=committee,
        title="Inspection of the children's safeguarding service and progress of improvement activity",
        author=admin_user,
        purpose="To provide an update on the Children's Safeguarding Service.",
        background="Ofsted judged the services inadequate.",
        recommendations="The Committee is asked to consider the significance of the work required.",
        challenges="Recruitment remains the main risk.",
    )
    report.plans.add(plan)
    report.inspections.add(inspection)
    report.indicators.add(*indicators.values())
    return {
        "report": report,
        "plan": plan,
        "actions": actions,
        "indicators": indicators,
        "home": home,
        "committee": committee,
    }


@pytest.fixture
def issued(council, admin_user):
    return services.report_issue(report=council["report"], user=admin_user)


@pytest.fixture
def grow(council):
    """Add `times` more plans (with their actions, updates and assessments) and months of observations."""

    def add(times: int):
        home = council["home"]
        for n in range(1, times + 1):
            plan, _ = make_plan(n)
            plan.board = council["committee"]
            plan.save()
            council["report"].plans.add(plan)
            for indicator in council["indicators"].values():
                f.ObservationFactory(
                    indicator=indicator,
                    authority=home,
                    period_end=datetime.date(2015, 1, 1) + datetime.timedelta(n),
                    value=100 + n,
                )

    return add
