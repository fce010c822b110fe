"""A report's financial, assurance and risk sections show the plans' data as it stood on the report's current date,
and an issued report keeps what it showed; the author chooses the sections."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from improvement.governance import services as governance
from improvement.reports import services
from improvement.reports.builder import build_report

D = datetime.date


def _governance(admin, plan, action):
    line = governance.budget_line_save(
        user=admin, plan=plan, financial_year="2015/16", source="one_off_reserve", description="Improvement plan",
        requested=Decimal(1_200_000), approved=Decimal(1_200_000), spent=Decimal(310_000),
        forecast=Decimal(1_200_000), figures_date=D(2015, 6, 30),
    )  # fmt: skip
    governance.budget_line_save(
        user=admin, plan=plan, line=line, financial_year="2015/16", source="one_off_reserve",
        description="Improvement plan", requested=Decimal(1_200_000), approved=Decimal(1_200_000),
        spent=Decimal(900_000), forecast=Decimal(1_600_000), figures_date=D(2015, 10, 31),
    )  # fmt: skip
    for day, level in ((D(2014, 9, 30), "red"), (D(2015, 10, 1), "amber")):
        governance.assurance_rating_record(
            user=admin, plan=plan, rated_on=day, scale="rag", level=level, assessor="Risk and Assurance Team",
            commentary=f"Rated {level}",
        )  # fmt: skip
    risk = governance.risk_save(
        user=admin, plan=plan, reference="R1", description="Recruitment", owner=None, likelihood=5, impact=4,
        assessed_on=D(2015, 6, 1), review_date=D(2015, 9, 1), mitigating_actions=[action],
    )  # fmt: skip
    governance.risk_save(
        user=admin, plan=plan, risk=risk, reference="R1", description="Recruitment", owner=None, likelihood=2,
        impact=4, assessed_on=D(2015, 10, 1), review_date=D(2016, 1, 1), mitigating_actions=[action],
    )  # fmt: skip


def test_sections_show_budget_assurance_and_risks_as_at_the_current_date(council, admin_user):
    _governance(admin_user, council["plan"], council["actions"]["late"])
    report = council["report"]  # figures as at 1 September 2015
    content = build_report(report)
    g = content["governance"]
    assert [(x["spent"], x["forecast"]) for x in g["budget"]["lines"]] == [("£310,000", "£1,200,000")]
    assert [(r["date_text"], r["rag"]) for r in g["assurance"]] == [("30 September 2014", "red")]
    assert [(r["reference"], r["score"], r["rag"], r["actions"]) for r in g["risks"]] == [("R1", 20, "red", ["1.1"])]
    keys = [s["key"] for s in content["sections"]]
    assert {"financial", "assurance", "risks"} <= set(keys)

    issued = services.report_issue(report=report, user=admin_user)
    governance.assurance_rating_record(
        user=admin_user, plan=council["plan"], rated_on=D(2015, 8, 1), scale="rag", level="green", assessor="T",
        commentary="Backdated later",
    )  # fmt: skip
    issued.refresh_from_db()
    assert [r["rag"] for r in issued.snapshot["governance"]["assurance"]] == ["red"], "the issued paper is frozen"


def test_the_author_chooses_the_sections_and_an_exempt_paper_says_why(council, admin_user):
    _governance(admin_user, council["plan"], council["actions"]["late"])
    report = council["report"]
    report.sections = ["purpose", "financial", "recommendations"]
    report.financial_implications = "One-off funds were earmarked."
    report.save()
    content = build_report(report)
    assert [(s["number"], s["key"]) for s in content["sections"]] == [
        (1, "purpose"),
        (2, "financial"),
        (3, "recommendations"),
    ]
    report.classification = "exempt"
    with pytest.raises(ValidationError, match="Schedule 12A"):
        report.full_clean()
