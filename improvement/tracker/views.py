"""The recommendation tracker, a recommendation's page (its actions and their impact), and linking
recommendations to actions from either side. Writes are POST only and go through
`improvement.tracker.services`."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.asat import read_as_at
from core.exports import TableExportMixin
from core.feedback import attempt, save_form
from core.roles import is_admin
from improvement import access
from improvement.models import Action
from improvement.tracker import services
from improvement.tracker.coverage import find_recommendations, recommendation_coverage, tracker_lines
from improvement.tracker.forms import (
    LinkActionForm,
    LinkRecommendationForm,
    RecommendationFilter,
    RecommendationSearchForm,
    RelateForm,
)
from improvement.tracker.tables import RecommendationTable, TrackerLines
from inspections.models import Recommendation


class RecommendationTrackerView(TableExportMixin, SingleTableMixin, FilterView):
    """Every recommendation with its source, addressee, timescale, due date, linked actions and coverage."""

    table_class = RecommendationTable
    filterset_class = RecommendationFilter
    template_name = "improvement/recommendations/tracker.html"
    table_pagination = {"per_page": 50}
    export_name = "recommendations"

    def dispatch(self, request, *args, **kwargs):
        self.as_at = read_as_at(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Recommendation.objects.select_related("inspection").order_by(
            "-inspection__start_date", "inspection_id", "addressee", "number", "id"
        )

    def _cleaned(self, name):
        form = self.filterset.form
        return form.cleaned_data.get(name) if self.filterset.is_bound and form.is_valid() else None

    def get_table_data(self):
        grouped = bool(self._cleaned("group"))
        lines, counts = tracker_lines(
            self.object_list, self.as_at.day, state=self._cleaned("coverage"), group_related=grouped
        )
        self.counts = list(counts.items())
        return TrackerLines(lines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(as_at=self.as_at, **kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        links = []
        for state, count in self.counts:
            query["coverage"] = state.value
            links.append({"state": state, "count": count, "query": query.urlencode()})
        context["coverage_counts"] = links
        return context


def _unlinked(action: Action, recommendation: Recommendation) -> str:
    return f"Action {action.plan_reference} no longer answers recommendation {recommendation.reference}."


def _recommendation(pk: int) -> Recommendation:
    return get_object_or_404(Recommendation.objects.select_related("inspection"), pk=pk)


def recommendation_detail(request, pk: int, *, link_form=None, relate_form=None, status=200):
    recommendation = _recommendation(pk)
    as_at = read_as_at(request)
    [line] = recommendation_coverage([recommendation], as_at.day)
    user = request.user
    linkable = services.linkable_actions(user)
    if link_form is None:
        link_form = LinkActionForm(recommendation=recommendation, linkable=linkable)
    link_choices = link_form.options() if access.can_write(user) else []
    related = list(recommendation.related.select_related("inspection").order_by("-inspection__start_date", "number"))
    context = {
        "recommendation": recommendation,
        "line": line,
        "as_at": as_at,
        "related": related,
        "show_link_form": bool(link_choices) or link_form.is_bound,
        "link_form": link_form,
        "unlinkable": {a.pk for a in line.actions if services.can_link(user, a)},
        "can_relate": is_admin(user),
        "relate_form": (relate_form or RelateForm(recommendation=recommendation)) if is_admin(user) else None,
    }
    return render(request, "improvement/recommendations/detail.html", context, status=status)


@require_POST
def recommendation_link_action(request, pk: int):
    recommendation = _recommendation(pk)
    chosen = request.POST.get("action", "")
    target = Action.objects.select_related("priority").filter(pk=chosen).first() if chosen.isdigit() else None
    if target is not None:
        services.require_link(request.user, target)  # someone else's action: refused outright, not re-offered
    form = LinkActionForm(request.POST, recommendation=recommendation, linkable=services.linkable_actions(request.user))
    if save_form(
        request,
        form,
        lambda data: services.link_action_to_recommendation(
            user=request.user, action=data["action"], recommendation=recommendation
        ),
        lambda: (
            f"Action {form.cleaned_data['action'].plan_reference} now answers recommendation "
            f"{recommendation.reference}."
        ),
    ):
        return redirect("improvement:recommendation_detail", pk=recommendation.pk)
    return recommendation_detail(request, pk, link_form=form, status=400)


@require_POST
def recommendation_unlink_action(request, pk: int, action_pk: int):
    recommendation = _recommendation(pk)
    action = get_object_or_404(Action.objects.select_related("priority"), pk=action_pk)
    _unlink(request, action, recommendation)
    return redirect("improvement:recommendation_detail", pk=recommendation.pk)


@require_POST
def recommendation_relate(request, pk: int):
    recommendation = _recommendation(pk)
    form = RelateForm(request.POST, recommendation=recommendation)

    def relate(data):
        services.relate_recommendations(user=request.user, recommendation=recommendation, other=data["other"])

    def done():
        other = form.cleaned_data["other"]
        return f"Marked as asking for the same thing as {other.inspection.title}, recommendation {other.reference}."

    if save_form(request, form, relate, done):
        return redirect("improvement:recommendation_detail", pk=recommendation.pk)
    return recommendation_detail(request, pk, relate_form=form, status=400)


@require_POST
def recommendation_unrelate(request, pk: int, other_pk: int):
    recommendation = _recommendation(pk)
    other = _recommendation(other_pk)
    attempt(
        request,
        lambda: services.unrelate_recommendations(user=request.user, recommendation=recommendation, other=other),
        "The recommendations are no longer marked as related.",
    )
    return redirect("improvement:recommendation_detail", pk=recommendation.pk)


def action_recommendations(request, pk: int):
    """Search for recommendations to link to an action: the page behind the action page's linking panel."""
    action = access.get_action_for_user(request.user, pk)
    services.require_link(request.user, action)
    search = RecommendationSearchForm(request.GET or None)
    results = list(find_recommendations(search.cleaned_data["q"])) if search.is_valid() else None
    context = {
        "action": action,
        "search": search,
        "results": results,
        "linked": set(action.recommendations.values_list("pk", flat=True)),
    }
    return render(request, "improvement/recommendations/action_links_page.html", context)


@require_POST
def action_link_recommendation(request, pk: int):
    action = access.get_action_for_user(request.user, pk)
    services.require_link(request.user, action)
    form = LinkRecommendationForm(request.POST)
    if form.is_valid():
        recommendation = form.cleaned_data["recommendation"]
        attempt(
            request,
            lambda: services.link_action_to_recommendation(
                user=request.user, action=action, recommendation=recommendation
            ),
            f"Action {action.plan_reference} now answers {recommendation.inspection.title}, "
            f"recommendation {recommendation.reference}.",
        )
    else:
        messages.error(request, " ".join(map(str, form.errors["recommendation"])))
    return redirect(reverse("improvement:action_detail", args=[action.pk]) + "#recommendations")


@require_POST
def action_unlink_recommendation(request, pk: int, rec_pk: int):
    action = access.get_action_for_user(request.user, pk)
    recommendation = _recommendation(rec_pk)
    _unlink(request, action, recommendation)
    return redirect(reverse("improvement:action_detail", args=[action.pk]) + "#recommendations")


def _unlink(request, action: Action, recommendation: Recommendation) -> None:
    """The one unlink, from either side (the recommendation's page or the action's)."""
    attempt(
        request,
        lambda: services.unlink_action_from_recommendation(
            user=request.user, action=action, recommendation=recommendation
        ),
        f"Action {action.plan_reference} no longer answers recommendation {recommendation.reference}.",
    )
