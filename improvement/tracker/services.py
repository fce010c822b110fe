"""Writes that tie recommendations to the actions answering them, and recommendations to each other.

Same shape as `improvement.plans.services`: keyword-only, checks who is asking (PermissionDenied), validates
(ValidationError saying what to fix) and writes in one transaction. Links are added through the models' related
managers so that each action's and recommendation's change history records them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core.roles import is_admin, is_manager, require_admin
from improvement import access
from improvement.models import Action
from inspections.models import Recommendation


def can_link(user, action: Action) -> bool:
    """Linking says which actions answer a recommendation: a decision for the lead of the action's priority, or
    an admin; never the action's owner alone, nor a committee member."""
    return access.can_write(user) and access.can_lead_priority(user, action.priority)


def linkable_actions(user):
    """The actions `user` may link recommendations to, by the same rule as `can_link`."""
    if is_admin(user):
        return Action.objects.all()
    if is_manager(user):
        return Action.objects.filter(priority__lead=user)
    return Action.objects.none()


def require_link(user, action: Action) -> None:
    if not can_link(user, action):
        raise PermissionDenied(
            f"Only an admin or the lead of priority {action.priority.number} can link recommendations to "
            f"action {action.reference}."
        )


@transaction.atomic
def link_action_to_recommendation(*, user, action: Action, recommendation: Recommendation) -> None:
    require_link(user, action)
    if action.status == Action.Status.WITHDRAWN:
        raise ValidationError(
            f"Action {action.plan_reference} is withdrawn, so it answers no recommendation. Choose an action that "
            "is still counted."
        )
    link = Action.recommendations.through(action=action, recommendation=recommendation)
    try:
        link.full_clean()
    except ValidationError:
        raise ValidationError(
            f"Action {action.plan_reference} is already linked to recommendation {recommendation.reference} of "
            f"{recommendation.inspection.title}."
        ) from None
    action.recommendations.add(recommendation)


@transaction.atomic
def unlink_action_from_recommendation(*, user, action: Action, recommendation: Recommendation) -> None:
    require_link(user, action)
    if not action.recommendations.filter(pk=recommendation.pk).exists():
        raise ValidationError(
            f"Action {action.plan_reference} is not linked to recommendation {recommendation.reference}, so there is "
            "nothing to unlink."
        )
    action.recommendations.remove(recommendation)


@transaction.atomic
def relate_recommendations(*, user, recommendation: Recommendation, other: Recommendation) -> None:
    """Mark two recommendations (normally from different reviews) as asking for the same thing."""
    require_admin(user)
    if other.pk == recommendation.pk:
        raise ValidationError("A recommendation cannot be related to itself; choose another one.")
    if recommendation.related.filter(pk=other.pk).exists():
        raise ValidationError(f"These recommendations are already related: {other}.")
    recommendation.related.add(other)


@transaction.atomic
def unrelate_recommendations(*, user, recommendation: Recommendation, other: Recommendation) -> None:
    require_admin(user)
    if not recommendation.related.filter(pk=other.pk).exists():
        raise ValidationError("These recommendations are not related, so there is nothing to remove.")
    recommendation.related.remove(other)
