"""The demo council tells every seed paper's story (the README's seed-coverage table says where each is)."""

import datetime
from collections import Counter
from decimal import Decimal

from improvement.governance import selectors
from improvement.models import CommitteeReport, Plan
from inspections.models import Inspection
from performance.models import Observation

D = datetime.date


def test_the_demo_tells_every_seed_papers_story(demo):
    # Seed 004: a programme of 18 projects, each with a lead; the sponsoring group; £509,000 and two bids.
    programme = Plan.objects.get(kind=Plan.Kind.PROGRAMME)
    projects = list(programme.priorities.all())
    assert len(projects) == 18 and all(p.lead_id for p in projects)
    assert "Safeguarding Forum" in programme.sponsor and "embedded" in programme.completion_criterion
    lines = {line.description: line for line in programme.budget_lines.all()}
    assert lines["Additional child protection capacity (Cabinet, September 2009)"].approved == Decimal(509_000)
    bids = sorted(line.requested for line in lines.values() if line.source == "bid")
    assert bids == [Decimal(1_700_000), Decimal(3_100_000)]

    # Seed 003: the May 2014 "requires improvement" inspection, the action plan under the 2012 notice, its risks.
    ri = Inspection.objects.get(kind=Inspection.Kind.OFSTED_SIF, start_date__year=2014)
    assert ri.overall_grade == "requires_improvement"
    action_plan = Plan.objects.get(name="Ofsted Action Plan 2014")
    assert "intervention notice issued in 2012" in action_plan.description
    assert list(action_plan.inspections.all()) == [ri]
    risks = selectors.risks_as_at([action_plan.pk], D(2015, 2, 13))
    assert [(r.reference, r.likelihood * r.impact) for r in risks] == [("R1", 12), ("R2", 8)]
    cabinet = CommitteeReport.objects.get(committee__name="Cabinet")
    assert cabinet.is_issued and [s["key"] for s in cabinet.snapshot["sections"]][-4:] == [
        "risks",
        "legal",
        "recommendations",
        "appendices",
    ]

    # Seed 001: 17 recommendations (3 immediately, 10 within three months, 4 within six) and the 2012 plan.
    slac = Inspection.objects.get(kind=Inspection.Kind.OFSTED_SLAC)
    assert Counter(slac.recommendations.values_list("timescale", flat=True)) == {
        "immediately": 3,
        "within_3_months": 10,
        "within_6_months": 4,
    }
    qip = Plan.objects.get(kind=Plan.Kind.QUALITY_IMPROVEMENT)
    answered = {r.number for a in qip.priorities.all() for x in a.actions.all() for r in x.recommendations.all()}
    assert answered == set(range(1, 18))

    # Seed 002: the workforce figures as indicators.
    expected = {"sw_established_posts": 115, "sw_permanent_filled_pct": 88, "sw_agency_headcount": 79}
    workforce = dict(
        Observation.objects.filter(indicator__code__in=expected, authority__kind="council").values_list(
            "indicator__code", "value"
        )
    )
    assert workforce == expected
    assert set(Observation.objects.filter(indicator__code__in=expected).values_list("period_end", flat=True)) == {
        D(2016, 1, 31)
    }

    # Seed 000: the Corporate Assurance Map rating red from September 2014 and still red; financial implications.
    paper = CommitteeReport.objects.get(committee__kind="audit_and_governance")
    ratings = paper.snapshot["governance"]["assurance"]
    assert [r["date_text"] for r in ratings][-1] == "30 September 2014"
    assert {r["rag"] for r in ratings} == {"red"} and "Currently remains red" in ratings[0]["commentary"]
    assert paper.snapshot["governance"]["budget"]["total"]["approved"] == "£1,950,000"
    assert "One-off funds were earmarked" in paper.snapshot["narrative"]["financial_implications"]
