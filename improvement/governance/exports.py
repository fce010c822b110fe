"""The governance page's tables as rows for CSV and XLSX, computed columns (score, colour, totals) included.
Amounts are numbers (not "£1,200") so that a spreadsheet can add them up; a blank means not set."""

from __future__ import annotations

from core.exports import Table
from core.presentation import person_name
from core.rag import rag_label
from improvement.governance.models import AssuranceRating, BudgetLine
from improvement.governance.selectors import GovernancePage


def budget(page: GovernancePage) -> Table:
    headers = ["Financial year", "Source", "Line", "Attached to", "Requested", "Approved", "Spent to date",
               "Forecast", "Figures as at"]  # fmt: skip
    rows = [
        [
            line.financial_year,
            BudgetLine.Source(line.source).label,
            line.description,
            line.attached_to,
            line.requested,
            line.approved,
            line.spent,
            line.forecast,
            line.figures_date.isoformat(),
        ]
        for line in page.lines
    ]
    for year, totals in page.years:
        rows.append(
            [year, "", f"Total {year}", "", *(totals[n] for n in ("requested", "approved", "spent", "forecast")), ""]
        )
    return Table("Budget", headers, rows)


def assurance(page: GovernancePage) -> Table:
    headers = ["Rated on", "Area", "Scale", "Rating", "Colour", "Assessor", "Commentary"]
    rows = [
        [
            r.rated_on.isoformat(),
            r.area or "Whole plan",
            AssuranceRating.Scale(r.scale).label,
            AssuranceRating.Level(r.level).label,
            rag_label(r.colour),
            r.assessor,
            r.commentary,
        ]
        for r in page.ratings
    ]
    return Table("Assurance ratings", headers, rows)


def risks(page: GovernancePage) -> Table:
    headers = ["Reference", "Risk", "Owner", "Likelihood", "Impact", "Score", "Colour", "Scored on", "Review date",
               "Status", "Mitigation", "Mitigating actions"]  # fmt: skip
    rows = [
        [
            r.reference,
            r.description,
            person_name(r.owner),
            r.likelihood,
            r.impact,
            r.score,
            rag_label(r.assess()[0]),
            r.assessed_on.isoformat(),
            r.review_date.isoformat(),
            r.get_status_display(),
            r.mitigation,
            ", ".join(a.reference for a in r.mitigating_actions.all()),
        ]
        for r in page.risks
    ]
    return Table("Risk register", headers, rows)


TABLES = {"budget": budget, "assurance": assurance, "risks": risks}


def governance_table(page: GovernancePage, name: str) -> Table | None:
    """One of the page's tables, for download; None for a name that is not one."""
    build = TABLES.get(name)
    return build(page) if build else None
