"""A colour's reason in words beside the colour, wherever an action, priority or plan is coloured. The words are
`improvement.reports.why`'s, written from the reasons the one rules function returned with the colour."""

from django import template

from improvement.plans import rules
from improvement.reports import why

register = template.Library()


@register.filter
def action_reason(assessment: rules.Assessment | None) -> str:
    """'Due 30 June 2015, 21 days overdue, 40% complete'; "" for a green, complete or withdrawn action."""
    return _first_upper(why.action_why(assessment)) if assessment else ""


@register.filter
def rollup_reason(rollup: rules.Rollup | None, noun: str = "priority") -> str:
    """'2 of 5 open actions are red (40%); a priority is red when 20% or more ...'; "" when green or complete."""
    return _first_upper(why.rollup_why(rollup, noun)) if rollup else ""


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
