""" "Why is this red?": plain sentences written from the reasons the rules return with each colour.

Committee members are not analysts; each red item on a dashboard or report carries one of these sentences, e.g.
"due 30 June 2015, 21 days overdue, 40% complete". Nothing here decides a colour: a sentence only words a
`Reason` that `improvement.plans.rules` returned; an indicator's (`performance.rules`) are worded beside its
figures in `performance.presentation.indicator_why`, which performance pages use too.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from core.numbers import round_half_away
from core.rag import rag_label
from improvement.plans import rules


def long_date(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def whole_percent(share: Fraction | float | Decimal) -> Decimal:
    """A share (Fraction, float or Decimal) as a whole percent, rounded half away from zero as everywhere else."""
    return round_half_away(Decimal(float(share)).quantize(Decimal("0.000001")))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def reason_text(reason: rules.Reason, noun: str = "priority") -> str:
    """One reason in words; `noun` names what a roll-up colours ("priority" or "plan")."""
    match reason:
        case rules.NotYetStarted(begins=begins):
            return f"not yet started: it begins {long_date(begins)}"
        case rules.Overdue(due_date=due, days=days, progress=progress):
            return f"due {long_date(due)}, {_days(days)} overdue, {progress}% complete"
        case rules.NotStartedLate(start_date=start, days=days, from_plan_start=from_plan):
            whose = "its plan's start" if from_plan else "its start date"
            return f"not started {_days(days)} after {whose} ({long_date(start)})"
        case rules.DueSoon(due_date=due, days=days, progress=progress):
            return f"due {long_date(due)}, in {_days(days)}, {progress}% complete"
        case rules.BehindSchedule(progress=progress, expected=expected, slip_points=slip):
            gone = whole_percent(expected)
            return f"{progress}% complete with {gone}% of its time gone (more than {slip} points behind)"
        case rules.RedShare(red=red, open_total=open_total, threshold=threshold):
            return (
                f"{red} of {open_total} open actions are red ({whole_percent(Fraction(red * 100, open_total))}%); "
                f"a {noun} is red when {whole_percent(threshold * 100)}% or more of its open actions are red"
            )
        case rules.RedOrAmber(red=red, amber=amber, open_total=open_total):
            return f"{red} red and {amber} amber of {open_total} open actions"
    raise TypeError(f"No sentence for {reason!r}")


def reasons_text(reasons: tuple[rules.Reason, ...], noun: str = "priority") -> str:
    return "; ".join(reason_text(r, noun) for r in reasons)


def action_why(assessment: rules.Assessment) -> str:
    """The reason for the colour shown, including a manual override and the colour the rules would give."""
    reasons = reasons_text(assessment.reasons)
    if assessment.rag == assessment.computed_rag:
        return reasons
    shown, computed = rag_label(assessment.rag).lower(), rag_label(assessment.computed_rag).lower()
    overridden = f"set to {shown} by hand (the rules give {computed}"
    overridden += f": {reasons})" if reasons else ")"
    reason = assessment.override_reason
    return f"{overridden}; reason: {reason}" if reason else overridden


def rollup_why(rollup: rules.Rollup, noun: str = "priority") -> str:
    return reasons_text(rollup.reasons, noun)
