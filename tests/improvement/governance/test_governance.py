"""Budget lines, assurance ratings and risks: rules, validation, permissions, history, as-at reads, pages, exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.numbers import money_text
from improvement.governance import rules, selectors, services
from improvement.governance.models import AssuranceRating, BudgetLine, Risk
from tests import factories as f

D = datetime.date


@pytest.fixture
def plan(db):
    plan = f.PlanFactory(name="Improvement programme", kind="programme", start_date=D(2009, 11, 23))
    first = f.PriorityFactory(plan=plan, number=1, title="Caseload management system")
    f.ActionFactory(priority=first, reference="1.1", start_date=D(2009, 11, 23), due_date=D(2010, 3, 31))
    return plan


def _line(admin, plan, **overrides):
    fields = {
        "financial_year": "2009/10",
        "source": BudgetLine.Source.BASE_BUDGET,
        "description": "Additional child protection capacity",
        "requested": Decimal(509_000),
        "approved": Decimal(509_000),
        "spent": Decimal(96_000),
        "forecast": Decimal(509_000),
        "figures_date": D(2009, 11, 23),
    }
    fields.update(overrides)
    return services.budget_line_save(user=admin, plan=plan, **fields)


def _risk(admin, plan, **overrides):
    fields = {
        "reference": "R1",
        "description": "Permanent social workers cannot be recruited quickly enough.",
        "owner": None,
        "likelihood": 4,
        "impact": 4,
        "assessed_on": D(2015, 6, 1),
        "review_date": D(2015, 9, 1),
    }
    fields.update(overrides)
    return services.risk_save(user=admin, plan=plan, **fields)


# Rules ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("likelihood", "impact", "colour"),
    [(5, 5, "red"), (3, 5, "red"), (4, 3, "amber"), (1, 5, "amber"), (2, 2, "green"), (1, 4, "green")],
)
def test_risk_score_gives_colour_with_its_reason(likelihood, impact, colour):
    found, reasons = rules.assess_risk(likelihood, impact)
    assert found == colour
    assert f"likelihood {likelihood} x impact {impact} = {likelihood * impact}" in reasons[0]


def test_limited_assurance_is_red_as_seed_000_reports_it():
    assert rules.assess_assurance("limited")[0] == "red"
    assert rules.assess_assurance("substantial")[0] == "green"
    assert rules.assess_assurance("reasonable")[0] == "amber"


def test_money_is_shown_in_pounds_and_unset_is_not_zero():
    assert money_text(Decimal("1700000")) == "£1,700,000"
    assert money_text(Decimal("1250.50")) == "£1,250.50"
    assert money_text(None) == "not set"


# Validation -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["2015/17", "2015-16", "15/16", "2015"])
def test_a_financial_year_that_is_not_two_consecutive_years_is_refused(admin_user, plan, year):
    with pytest.raises(ValidationError, match="two consecutive years"):
        _line(admin_user, plan, financial_year=year)
    assert not BudgetLine.objects.exists()


def test_negative_amounts_and_foreign_priorities_are_refused(admin_user, plan):
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        _line(admin_user, plan, spent=Decimal(-1))
    other = f.PriorityFactory(plan=f.PlanFactory(name="Another plan"), number=1)
    with pytest.raises(ValidationError, match="Choose a priority of this plan"):
        _line(admin_user, plan, priority=other)
    assert not BudgetLine.objects.exists()


def test_a_level_from_another_scale_is_refused(admin_user, plan):
    with pytest.raises(ValidationError, match="choose one of: green, amber, red"):
        services.assurance_rating_record(
            user=admin_user, plan=plan, rated_on=D(2015, 9, 1), scale="rag", level="limited", assessor="Team",
            commentary="x",
        )  # fmt: skip


def test_risk_scores_outside_1_to_5_and_actions_of_other_plans_are_refused(admin_user, plan):
    with pytest.raises(ValidationError):
        _risk(admin_user, plan, likelihood=6)
    foreign = f.ActionFactory(priority=f.PriorityFactory(plan=f.PlanFactory(name="Other"), number=1), reference="9.9")
    with pytest.raises(ValidationError, match=r"not 9\.9 from another plan"):
        _risk(admin_user, plan, mitigating_actions=[foreign])
    with pytest.raises(ValidationError, match="review date cannot be before"):
        _risk(admin_user, plan, review_date=D(2015, 5, 1))
    assert not Risk.objects.exists()


# Permissions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "committee_member"])
def test_only_admins_write_budgets_ratings_and_risks(request, plan, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        _line(user, plan)
    with pytest.raises(PermissionDenied):
        _risk(user, plan)
    with pytest.raises(PermissionDenied):
        services.assurance_rating_record(
            user=user, plan=plan, rated_on=D(2015, 9, 1), scale="rag", level="red", assessor="T", commentary="x"
        )
    assert not (BudgetLine.objects.exists() or Risk.objects.exists() or AssuranceRating.objects.exists())


@pytest.mark.parametrize("who", ["manager", "committee_member"])
def test_non_admins_read_the_governance_page_but_cannot_open_the_forms(request, plan, who):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("improvement:plan_governance", args=[plan.pk])).status_code == 200
    for name in ("budget_line_create", "risk_create", "assurance_rating_create"):
        assert client.get(reverse(f"improvement:{name}", args=[plan.pk])).status_code == 403
        assert client.post(reverse(f"improvement:{name}", args=[plan.pk]), {}).status_code == 403


def test_admin_adds_a_risk_through_the_form_and_bad_input_says_what_to_fix(admin_client, plan):
    url = reverse("improvement:risk_create", args=[plan.pk])
    action = plan.priorities.get().actions.get()
    data = {
        "reference": "R1",
        "description": "Agency reliance stays high.",
        "likelihood": "9",
        "impact": "4",
        "assessed_on": "2015-06-01",
        "review_date": "2015-09-01",
        "mitigating_actions": [action.pk],
        "status": "open",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "less than or equal to 5" in response.content.decode()
    assert not Risk.objects.exists()
    response = admin_client.post(url, {**data, "likelihood": "3"})
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert risk.score == 12 and list(risk.mitigating_actions.all()) == [action]


# History and as-at ----------------------------------------------------------------------------------------------


def test_new_figures_keep_the_old_ones_and_as_at_reads_the_figures_of_that_date(admin_user, plan):
    line = _line(admin_user, plan)
    _line(admin_user, plan, line=line, spent=Decimal(497_500), forecast=Decimal(497_500), figures_date=D(2010, 3, 31))
    assert line.history.count() == 2
    assert selectors.budget_lines_as_at([plan.pk], D(2009, 11, 1)) == []
    (november,) = selectors.budget_lines_as_at([plan.pk], D(2010, 1, 1))
    assert november.spent == Decimal(96_000)
    (march,) = selectors.budget_lines_as_at([plan.pk], D(2010, 4, 1))
    assert march.spent == Decimal(497_500)


def test_budget_totals_count_undecided_bids_as_not_set(admin_user, plan):
    _line(admin_user, plan)
    _line(admin_user, plan, source="bid", description="Front line", requested=Decimal(1_700_000), approved=None,
          spent=Decimal(0), forecast=None)  # fmt: skip
    _line(admin_user, plan, financial_year="2010/11", description="Placements", requested=Decimal(3_100_000))
    lines = selectors.budget_lines_as_at([plan.pk], D(2010, 1, 1))
    totals = selectors.budget_totals(lines)
    assert totals["requested"] == Decimal(5_309_000)
    assert totals["approved"] == Decimal(509_000 + 509_000) and totals["approved_unset"] == 1
    years = dict(selectors.budget_totals_by_year(lines))
    assert years["2009/10"]["requested"] == Decimal(2_209_000)


def test_rescoring_a_risk_keeps_its_earlier_score_for_earlier_dates(admin_user, plan):
    risk = _risk(admin_user, plan)
    _risk(admin_user, plan, risk=risk, likelihood=2, assessed_on=D(2015, 9, 1), review_date=D(2015, 12, 1))
    assert selectors.risks_as_at([plan.pk], D(2015, 5, 31)) == []
    (before,) = selectors.risks_as_at([plan.pk], D(2015, 8, 31))
    assert before.likelihood * before.impact == 16
    (after,) = selectors.risks_as_at([plan.pk], D(2015, 9, 1))
    assert after.likelihood * after.impact == 8
    page = selectors.governance_page(plan)
    assert [v.likelihood for v in page.risk_history[risk.pk]] == [4]


def test_a_closed_risk_is_left_out_from_its_closing_date(admin_user, plan):
    risk = _risk(admin_user, plan)
    _risk(
        admin_user, plan, risk=risk, status=Risk.Status.CLOSED, assessed_on=D(2015, 10, 1), review_date=D(2015, 10, 1)
    )
    assert len(selectors.risks_as_at([plan.pk], D(2015, 9, 30))) == 1
    assert selectors.risks_as_at([plan.pk], D(2015, 10, 1)) == []


def test_the_assurance_rating_in_force_is_the_latest_on_or_before_the_date(admin_user, plan):
    for day, level in ((D(2014, 9, 30), "red"), (D(2015, 9, 1), "amber")):
        services.assurance_rating_record(
            user=admin_user, plan=plan, rated_on=day, scale="rag", level=level, assessor="Team", commentary="c"
        )
    assert selectors.current_assurance([plan.pk], D(2014, 9, 29)) == {}
    assert selectors.current_assurance([plan.pk], D(2015, 8, 31))[plan.pk].level == "red"
    assert selectors.current_assurance([plan.pk], D(2015, 9, 1))[plan.pk].level == "amber"


# Pages and exports ----------------------------------------------------------------------------------------------


def test_plan_page_shows_programme_sponsor_and_governance_as_at(admin_user, committee_member, plan):
    plan.sponsor = "The Safeguarding Forum"
    plan.completion_criterion = "Improvements embedded without the programme structure."
    plan.save()
    _line(admin_user, plan)
    _risk(admin_user, plan, assessed_on=D(2009, 12, 1), review_date=D(2010, 3, 1))
    client = Client()
    client.force_login(committee_member)
    page = client.get(plan.get_absolute_url() + "?as_at=2010-01-15").content.decode()
    assert "The Safeguarding Forum" in page and "Improvements embedded" in page
    assert "<h2>Projects</h2>" in page and ">Project</th>" in page
    assert "£509,000" in page and "Open risks" in page
    earlier = client.get(plan.get_absolute_url() + "?as_at=2009-11-01").content.decode()
    assert "£509,000" not in earlier


def test_governance_exports_carry_amounts_scores_and_colours(admin_user, committee_member, plan):
    _line(admin_user, plan)
    _risk(admin_user, plan, mitigating_actions=list(plan.priorities.get().actions.all()))
    client = Client()
    client.force_login(committee_member)
    url = reverse("improvement:plan_governance", args=[plan.pk])
    rows = list(
        csv.reader(io.StringIO(client.get(url, {"table": "risks", "_export": "csv"}).content.decode("utf-8-sig")))
    )
    assert rows[0][:7] == ["Reference", "Risk", "Owner", "Likelihood", "Impact", "Score", "Colour"]
    assert rows[1][5:7] == ["16", "Red"] and rows[1][-1] == "1.1"
    response = client.get(url, {"table": "budget", "_export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][4] == 509000 and values[-1][2] == "Total 2009/10"
    assert client.get(url, {"table": "nonsense", "_export": "csv"}).status_code == 404


def test_governance_page_queries_do_not_grow_with_rows(admin_user, committee_member, plan, django_assert_num_queries):
    client = Client()
    client.force_login(committee_member)
    url = reverse("improvement:plan_governance", args=[plan.pk])

    def add(n, start=0):
        action = plan.priorities.get().actions.get()
        for i in range(start, start + n):
            _line(admin_user, plan, description=f"Line {i}")
            _risk(admin_user, plan, reference=f"R{i}", mitigating_actions=[action])
            services.assurance_rating_record(
                user=admin_user, plan=plan, rated_on=D(2015, 1, 1 + i), scale="rag", level="red", assessor="T",
                commentary="c",
            )  # fmt: skip

    add(1)
    client.get(url)
    with django_assert_num_queries(GOVERNANCE_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    add(5, start=1)
    with django_assert_num_queries(GOVERNANCE_PAGE_QUERIES):
        assert client.get(url).status_code == 200


# session and user (2), the user's groups, the plan, lines, risks, their actions, history of lines and risks,
# ratings
GOVERNANCE_PAGE_QUERIES = 10
