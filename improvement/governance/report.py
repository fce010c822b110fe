"""The report's financial, assurance and risk sections: what they show, as it stood on the report's current date,
as display text ready to be frozen in the snapshot (a fixed number of queries)."""

from __future__ import annotations

from core.numbers import money_text
from core.presentation import person_name
from core.rag import rag_label
from improvement.governance import rules, selectors
from improvement.governance.models import AssuranceRating, BudgetLine
from improvement.reports.snapshot import GovernanceSection
from improvement.reports.why import long_date


def _amounts(totals: dict) -> dict[str, str]:
    return {name: money_text(totals[name]) for name in selectors.AMOUNTS}


def governance_content(report) -> GovernanceSection:
    plan_ids = list(report.plans.values_list("pk", flat=True))
    as_at = report.current_date
    lines = selectors.budget_lines_as_at(plan_ids, as_at)
    ratings = selectors.assurance_as_at(plan_ids, as_at)
    risks = selectors.risks_as_at(plan_ids, as_at)
    return {
        "as_at_text": long_date(as_at),
        "budget": {
            "lines": [
                {
                    "year": line.financial_year,
                    "source": BudgetLine.Source(line.source).label,
                    "description": line.description,
                    "attached_to": (
                        f"Action {line.action.reference}"
                        if line.action
                        else f"Project {line.priority.number}"
                        if line.priority
                        else "Whole plan"
                    ),
                    "figures_text": long_date(line.figures_date),
                    **_amounts({name: getattr(line, name) for name in selectors.AMOUNTS}),
                }
                for line in lines
            ],
            "years": [{"year": year, **_amounts(t)} for year, t in selectors.budget_totals_by_year(lines)],
            "total": _amounts(selectors.budget_totals(lines)),
        },
        "assurance": [
            {
                "plan": rating.plan.name,
                "area": rating.area or "Whole plan",
                "date_text": long_date(rating.rated_on),
                "level": AssuranceRating.Level(rating.level).label,
                "rag": rating.colour,
                "rag_label": rag_label(rating.colour),
                "assessor": rating.assessor,
                "commentary": rating.commentary,
            }
            for rating in ratings
        ],
        "risks": [
            {
                "reference": risk.reference,
                "description": risk.description,
                "owner": person_name(risk.owner),
                "likelihood": risk.likelihood,
                "impact": risk.impact,
                "score": risk.likelihood * risk.impact,
                "rag": rules.assess_risk(risk.likelihood, risk.impact)[0],
                "why": rules.assess_risk(risk.likelihood, risk.impact)[1][0],
                "mitigation": risk.mitigation,
                "actions": [f"{a.reference}" for a in risk.linked_actions],
                "scored_text": long_date(risk.assessed_on),
                "review_text": long_date(risk.review_date),
            }
            for risk in risks
        ],
    }
