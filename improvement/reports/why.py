""" "Why is this red?": plain sentences generated from the same rules and thresholds that set the colour.

Committee members are not analysts; each red item on a dashboard or report carries one of these sentences, e.g.
"due 30 June 2015, 21 days overdue, 40% complete".
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.numbers import format_number, round_half_away, to_decimal
from core.rag import RAG, rag_label
from improvement.plans import rules


def long_date(day: datetime.date | None) -> str:
    return f"{day:%-d %B %Y}" if day else ""


def whole_percent(share) -> Decimal:
    """A share (Fraction, float or Decimal) as a whole percent, rounded half away from zero as everywhere else."""
    return round_half_away(Decimal(float(share)).quantize(Decimal("0.000001")))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def action_reasons(state: rules.ActionState, as_at: datetime.date) -> str:
    """Why the rules give an open action the colour they give, in words."""
    from improvement.models import Action

    if state.status in (Action.Status.COMPLETE, Action.Status.WITHDRAWN):
        return ""
    if as_at > state.due_date:
        late = _days((as_at - state.due_date).days)
        return f"due {long_date(state.due_date)}, {late} overdue, {state.progress}% complete"
    if (
        state.status == Action.Status.NOT_STARTED
        and state.start_date is not None
        and (as_at - state.start_date).days > rules.NOT_STARTED_GRACE_DAYS
    ):
        waited = _days((as_at - state.start_date).days)
        return f"not started {waited} after its start date ({long_date(state.start_date)})"
    if (state.due_date - as_at).days <= rules.DUE_SOON_DAYS:
        return f"due {long_date(state.due_date)}, in {_days((state.due_date - as_at).days)}, {state.progress}% complete"
    expected = rules.expected_progress(state, as_at)
    if expected - state.progress > rules.PROGRESS_SLIP_POINTS:
        return (
            f"{state.progress}% complete with {whole_percent(expected)}% of its time gone "
            f"(more than {rules.PROGRESS_SLIP_POINTS} points behind)"
        )
    return ""


def action_why(
    *, state: rules.ActionState, as_at: datetime.date, rag: str | None, computed: str | None, override_reason: str = ""
) -> str:
    """The reason for the colour shown, including a manual override and the colour the rules would give."""
    reasons = action_reasons(state, as_at)
    if rag and computed and rag != computed:
        overridden = f"set to {rag_label(rag).lower()} by hand (the rules give {rag_label(computed).lower()}"
        overridden += f": {reasons})" if reasons else ")"
        return f"{overridden}; reason: {override_reason}" if override_reason else overridden
    return reasons


def rollup_why(counts: dict[str, int], rag: str | None, noun: str = "priority") -> str:
    open_total = sum(n for colour, n in counts.items() if colour != RAG.BLUE)
    red = counts.get(RAG.RED, 0)
    if rag == RAG.RED and open_total:
        share = whole_percent(red * 100 / open_total)
        threshold = whole_percent(rules.RED_SHARE_FOR_RED_ROLLUP * 100)
        return (
            f"{red} of {open_total} open actions are red ({share}%); a {noun} is red when {threshold}% or more of its "
            "open actions are red"
        )
    if rag == RAG.AMBER:
        amber = counts.get(RAG.AMBER, 0)
        return f"{red} red and {amber} amber of {open_total} open actions"
    return ""


def indicator_why(
    *, value_text: str, target, tolerance, gap, worse: bool, unit_suffix: str = "", rag: str | None = None
) -> str:
    """'129 against a target of 50 (tolerance 20): 79 worse than target'."""
    if target is None:
        return ""
    target_text = format_number(target) + unit_suffix
    tolerance_text = f" (tolerance {format_number(tolerance)}{unit_suffix})" if tolerance not in (None, "") else ""
    if gap is None:
        return f"{value_text} against a target of {target_text}{tolerance_text}"
    if not worse:
        return f"{value_text} against a target of {target_text}{tolerance_text}: target met"
    gap_text = format_number(abs(to_decimal(gap))) + unit_suffix if gap != "" else "more than the tolerance"
    return f"{value_text} against a target of {target_text}{tolerance_text}: {gap_text} worse than target"
