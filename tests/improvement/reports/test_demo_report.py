"""Done when: a report from the demo council comparing 19 May with 1 September 2015 shows the seed paper's
reductions exactly; issued, it keeps its figures and colours through later edits; a new draft shows the edits."""

import datetime

from django.db.models import Q

from improvement.models import Action, Committee, Plan
from improvement.plans.selectors import end_of_day
from improvement.reports import services
from improvement.reports.builder import build_report
from performance.models import Indicator, Observation
from tests import factories as f

BASELINE, CURRENT = datetime.date(2015, 5, 19), datetime.date(2015, 9, 1)
SEED_CODES = [
    "open_cases",
    "unallocated_cases",
    "check_status_cases",
    "initial_assess_overdue",
    "core_assess_overdue",
    "s47_open_28d",
]


def _demo_report(admin):
    indicators = list(Indicator.objects.filter(code__in=SEED_CODES))
    return services.report_create(
        user=admin,
        committee=Committee.objects.get(kind=Committee.Kind.AUDIT_AND_GOVERNANCE),
        meeting_date=datetime.date(2015, 9, 25),
        title="Inspection of the children's safeguarding service and progress of improvement activity",
        baseline_date=BASELINE,
        current_date=CURRENT,
        plans=list(
            Plan.objects.filter(start_date__lte=CURRENT).filter(Q(end_date__isnull=True) | Q(end_date__gte=BASELINE))
        ),
        indicators=indicators,
        purpose="To provide an update in relation to the Children's Safeguarding Service.",
    )


def test_demo_report_shows_seed_reductions_and_stays_frozen(demo, admin_user):
    report = _demo_report(admin_user)
    content = build_report(report)
    rows = {r["code"]: r["change_text"] for r in content["impact"]["rows"]}
    assert rows == {
        "open_cases": "1,052 (29%)",
        "unallocated_cases": "874 (87%)",
        "check_status_cases": "830 (84%)",
        "initial_assess_overdue": "442 (82%)",
        "core_assess_overdue": "294 (65%)",
        "s47_open_28d": "167 (97%)",
    }
    assert content["impact"]["change_heading"] == "Reduction"

    issued = services.report_issue(report=report, user=admin_user)
    red = issued.snapshot["progress"]["exceptions"][0]
    assert red["rag"] == "red" and red["why"]

    Observation.objects.filter(
        indicator__code="unallocated_cases", authority__kind="council", period_end=CURRENT
    ).update(value=150)
    f.ProgressUpdateFactory(
        action=Action.objects.get(pk=red["id"]),
        status=Action.Status.COMPLETE,
        progress=100,
        created_at=end_of_day(CURRENT) - datetime.timedelta(seconds=1),
    )

    issued.refresh_from_db()
    page_rows = {r["code"]: r for r in issued.snapshot["impact"]["rows"]}
    assert page_rows["unallocated_cases"]["new_text"] == "129"
    assert issued.snapshot["progress"]["action_colours"][str(red["id"])] == "red"

    draft = services.report_start_next(
        report=issued, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=CURRENT
    )
    fresh = build_report(draft)
    assert {r["code"]: r for r in fresh["impact"]["rows"]}["unallocated_cases"]["new_text"] == "150"
    assert fresh["progress"]["action_colours"][str(red["id"])] == "blue"
