"""Indicator figures on pages with their DfE markers, and the entry grid's fields; units, direction words and
sparklines are `core.templatetags.ui`'s (one place for each)."""

from django import template

from performance import presentation, rules

register = template.Library()


@register.simple_tag
def show_value(value, unit="", missing_reason=""):
    return presentation.display_value(value, unit, missing_reason)


@register.simple_tag
def show_point(point, unit=""):
    return presentation.display_point(point, unit)


@register.simple_tag
def period_reason(indicator, value, target) -> str:
    """Why a period's figure is red or amber, in words (the one rule, `rules.assess_indicator`); "" otherwise."""
    if target is None:
        return ""
    assessment = rules.assess_indicator(indicator.polarity, value, target.value, target.tolerance)
    return presentation.assessment_why(assessment, value, target, indicator.unit)


@register.filter
def value_field_for(form, row):
    """The entry grid's value box for a row (templates cannot build field names)."""
    return form.value_field(row)


@register.filter
def note_field_for(form, row):
    return form.note_field(row)
