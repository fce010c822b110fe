"""The demo's budget lines, assurance ratings and risks, written through the real services.

- seed 000: the Corporate Assurance Map rating of the children's safeguarding service, red from September 2014
  and "currently remains red" in September 2015; one-off funds earmarked at outturn 2014/15 and at budget setting
  for 2015/16, with cost pressures still rising. The seed gives no amounts: the amounts here are invented.
- seed 004: £509,000 added by Cabinet in 2009/10 for child protection capacity, and the two bids (£1.7 million for
  the front line, £3.1 million for special placements), against the 2009 programme.
- seed 003: the risks of failing to implement the Ofsted action plan, with their mitigation, and a budget
  contained within the year's budget.
- the live Learning and Improvement Plan: ratings and risks dated relative to the load date.

Rows are found by natural key (plan and description, plan and reference, plan, area and commentary); an existing
row is left alone, so a second run, even on a later day, writes nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from demo import people
from improvement.governance import services
from improvement.governance.models import AssuranceRating, BudgetLine, Risk
from improvement.models import Action, Plan

D = datetime.date
CAM = "Children's safeguarding service (Corporate Assurance Map)"
ASSURANCE_TEAM = "Risk and Assurance Team"

# plan, year, source, description, versions: (figures date, requested, approved, spent, forecast)
BUDGETS = (
    ("100 Day Plan", "2014/15", "one_off_reserve", "Improvement plan and looked after placement pressures, "
     "earmarked at outturn 2014/15",
     ((D(2015, 6, 30), 750_000, 750_000, 750_000, 750_000),)),
    ("100 Day Plan", "2015/16", "one_off_reserve", "Improvement plan implementation, earmarked at budget setting "
     "2015/16",
     ((D(2015, 6, 30), 1_200_000, 1_200_000, 310_000, 1_200_000),
      (D(2015, 9, 1), 1_200_000, 1_200_000, 655_000, 1_480_000))),
    ("Safeguarding and Looked After Children Improvement Programme", "2009/10", "base_budget",
     "Additional child protection capacity (Cabinet, September 2009)",
     ((D(2009, 11, 23), 509_000, 509_000, 96_000, 509_000),
      (D(2010, 3, 31), 509_000, 509_000, 497_500, 497_500))),
    ("Safeguarding and Looked After Children Improvement Programme", "2009/10", "bid",
     "Increased capacity at the front line and to support the front line",
     ((D(2009, 11, 23), 1_700_000, None, 0, None),)),
    ("Safeguarding and Looked After Children Improvement Programme", "2009/10", "bid",
     "Increased capacity to meet the costs of special placements for children and young people in care",
     ((D(2009, 11, 23), 3_100_000, None, 0, None),)),
    ("Ofsted Action Plan 2014", "2014/15", "base_budget",
     "Action plan delivery within the directorate's transformation programme",
     ((D(2015, 1, 31), 240_000, 240_000, 165_000, 238_000),)),
)  # fmt: skip

# plan, area, date, scale, level, commentary
RATINGS = (
    ("100 Day Plan", CAM, D(2014, 9, 30), "rag", "red",
     "The independent review and the LGA peer review give limited assurance on the arrangements in the Children's "
     "Safeguarding Service."),
    ("100 Day Plan", CAM, D(2015, 3, 31), "rag", "red",
     "Improvement Plan actions progressing, but too early to see their impact; rating kept under review."),
    ("100 Day Plan", CAM, D(2015, 7, 31), "rag", "red",
     "Ofsted judged services inadequate (published 20 July 2015); several 100 Day Plan actions behind schedule."),
    ("100 Day Plan", CAM, D(2015, 9, 1), "rag", "red",
     "Currently remains red: although improvement activity has been undertaken in some key areas, a number of "
     "planned actions were behind schedule or had not started. Awaiting the Commissioner's new improvement plan."),
)  # fmt: skip

LIVE_RATINGS = (  # (days from the load date, level, commentary), on the four-level scale
    (-200, "limited", "Plan agreed but delivery arrangements and performance reporting are not yet in place."),
    (-90, "limited", "Recruitment and the MASH are behind plan; the audit programme has started."),
    (-20, "reasonable", "Most priorities on track; front-line manager use of performance data still developing."),
)

# plan, reference, description, owner, versions: (scored on, likelihood, impact, review), mitigation, action refs
RISKS = (
    ("Ofsted Action Plan 2014", "R1",
     "Reputation: the council remains under an improvement notice, harming recruitment and retention and, through "
     "caseloads, the quality of service for children and families.",
     "s.bell", ((D(2014, 10, 6), 4, 4, D(2015, 1, 5)), (D(2015, 2, 1), 3, 4, D(2015, 5, 1))),
     "A transition plan agreed with the DfE; the Improvement Board's independent chair stays as critical friend "
     "for six months.", ("1.2", "2.1")),
    ("Ofsted Action Plan 2014", "R2",
     "The safeguarding board cannot show the Minister it has the capacity to govern multi-agency improvement, so "
     "the improvement notice is not lifted.",
     "m.carr", ((D(2014, 11, 19), 3, 4, D(2015, 2, 19)), (D(2015, 2, 1), 2, 4, D(2015, 5, 1))),
     "Partners fund the board's business unit; a new independent chair is being recruited.", ("2.2",)),
)  # fmt: skip

LIVE_RISKS = (  # reference, description, owner, (days ago scored, likelihood, impact), mitigation, action refs
    ("R1", "Permanent social workers cannot be recruited quickly enough, keeping agency reliance and caseloads "
     "high.", "a.patel", ((-150, 5, 4), (-30, 4, 4)), "Recruitment campaign and the social work academy.",
     ("1.1", "1.2")),
    ("R2", "Contacts to the MASH stay at their current volume, so threshold decisions are delayed.",
     people.MANAGER.username, ((-120, 4, 3), (-25, 3, 3)), "Threshold guidance re-launched with partners.",
     ("3.1",)),
    ("R3", "Care leavers lose contact with the service and are not in suitable accommodation.", "j.robson",
     ((-60, 3, 4),), "Personal advisers' caseloads reduced; new accommodation coming available.", ("6.1",)),
)  # fmt: skip


def _money(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def load_governance(*, users: dict, today: datetime.date) -> int:
    admin = users[people.ADMIN.username]
    plans = {p.name: p for p in Plan.objects.all()}
    written = 0
    for plan_name, year, source, description, figures in BUDGETS:
        plan = plans[plan_name]
        if BudgetLine.objects.filter(plan=plan, financial_year=year, description=description).exists():
            continue
        line = None
        for figures_date, requested, approved, spent, forecast in figures:
            line = services.budget_line_save(
                user=admin,
                plan=plan,
                line=line,
                financial_year=year,
                source=source,
                description=description,
                requested=Decimal(requested),
                approved=_money(approved),
                spent=Decimal(spent),
                forecast=_money(forecast),
                figures_date=figures_date,
            )
            written += 1
    live = plans["Learning and Improvement Plan"]
    live_ratings = [
        (live.name, "", today + datetime.timedelta(days=days), "four_level", level, text)
        for days, level, text in LIVE_RATINGS
    ]
    for plan_name, area, day, scale, level, commentary in (*RATINGS, *live_ratings):
        plan = plans[plan_name]
        if AssuranceRating.objects.filter(plan=plan, area=area, commentary=commentary).exists():
            continue
        services.assurance_rating_record(
            user=admin,
            plan=plan,
            area=area,
            rated_on=day,
            scale=scale,
            level=level,
            assessor=ASSURANCE_TEAM,
            commentary=commentary,
        )
        written += 1
    live_risks = [
        (
            live.name,
            ref,
            text,
            owner,
            tuple(
                (today + datetime.timedelta(days=d), lik, imp, today + datetime.timedelta(days=d + 90))
                for d, lik, imp in versions
            ),
            mitigation,
            refs,
        )
        for ref, text, owner, versions, mitigation, refs in LIVE_RISKS
    ]
    for plan_name, reference, description, owner, versions, mitigation, refs in (*RISKS, *live_risks):
        plan = plans[plan_name]
        if Risk.objects.filter(plan=plan, reference=reference).exists():
            continue
        actions = list(Action.objects.filter(priority__plan=plan, reference__in=refs).select_related("priority"))
        risk = None
        for scored_on, likelihood, impact, review in versions:
            risk = services.risk_save(
                user=admin,
                plan=plan,
                risk=risk,
                reference=reference,
                description=description,
                owner=users[owner],
                likelihood=likelihood,
                impact=impact,
                assessed_on=scored_on,
                review_date=review,
                mitigation=mitigation,
                mitigating_actions=actions,
            )
            written += 1
    return written
