"""Lets the action page (owned by the plans area) show the recommendation-linking panel without its view knowing
the linking rules."""

from django import template

from improvement.tracker.services import can_link

register = template.Library()


@register.simple_tag(takes_context=True)
def can_link_recommendations(context, action) -> bool:
    return can_link(context["request"].user, action)
