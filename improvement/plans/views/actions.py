"""Action pages: the filterable list, "my actions" with in-place (htmx) updates, the action page, and the writes
(update, verify, return, override). Writes are POST only and go through `improvement.plans.services`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.asat import read_as_at
from core.exports import TableExportMixin
from core.feedback import attempt, save_form
from core.presentation import person_name
from core.roles import is_admin
from improvement import access
from improvement.models import Action
from improvement.plans import selectors, services
from improvement.plans.filters import ActionFilter
from improvement.plans.forms import ActionUpdateForm, OverrideForm, ReturnForm, VerifyForm
from improvement.plans.services import ActionChanged
from improvement.plans.tables import ActionRowsData, ActionTable


class ActionListView(TableExportMixin, SingleTableMixin, FilterView):
    """Every action across plans, filtered by query parameters (see improvement.plans.filters) and `as_at`."""

    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "improvement/action_list.html"
    export_name = "actions"

    def dispatch(self, request, *args, **kwargs):
        self.as_at = read_as_at(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.with_state_as_at(Action.objects.with_related(), self.as_at.day)

    def get_table_data(self):
        # The count and each page's ids are cached per filters and date (see `selectors.ActionPage`).
        params = sorted((k, v) for k, v in self.request.GET.lists() if k not in ("page", "sort", "_export"))
        key = hashlib.sha256(repr((params, self.as_at.day.isoformat())).encode()).hexdigest()
        return ActionRowsData(self.object_list, self.as_at.day, cache_key=f"action-list:{key}")

    def get_table_pagination(self, table):
        # The table pages (and counts) its rows; ListView's own pagination would count them a second time.
        return {"per_page": 50}

    def get_context_data(self, **kwargs):
        return super().get_context_data(as_at=self.as_at, **kwargs)


def my_actions(request, *, bound: ActionUpdateForm | None = None, status: int = 200):
    """The user's open actions (owned, and in priorities they lead), most overdue first, each with its form."""
    actions = Action.objects.open().owned_or_led_by(request.user).with_related().order_by("due_date", "reference", "id")
    cards = []
    for row in selectors.action_rows(actions, None):
        form = bound if bound is not None and bound.action.pk == row.pk else _update_form(request, row.action)
        cards.append(_card(request, row, form))
    return render(request, "improvement/my_actions.html", {"cards": cards}, status=status)


def action_detail(request, pk: int, *, update_form=None, override_form=None, return_form=None, status=200):
    action = access.get_action_for_user(request.user, pk)
    as_at = read_as_at(request)
    may = access.action_permissions(request.user, action, live=not as_at.is_past)
    context = {
        "action": action,
        "state": selectors.action_states_as_at([action], as_at.date)[action.pk],
        "as_at": as_at,
        "updates": selectors.updates_as_at(action, as_at.date),
        "recommendations": action.recommendations.select_related("inspection"),
        "indicators": [(i, i.get_absolute_url()) for i in action.indicators.all()],
        "update_form": (update_form or _update_form(request, action, return_to="detail")) if may.edit else None,
        "verify_form": VerifyForm(initial={"version": action.version}) if may.verify else None,
        "return_form": (return_form or ReturnForm(initial={"version": action.version})) if may.verify else None,
        "override_form": (override_form or OverrideForm.for_action(action)) if may.override else None,
        "awaiting_own_verification": may.awaiting_own_verification,
        "history": selectors.change_history(action) if is_admin(request.user) else None,
    }
    return render(request, "improvement/action_detail.html", context, status=status)


@require_POST
def action_update(request, pk: int):
    """One progress update. From "my actions" with htmx, answers with the action's card (the same fragment the
    page includes); without JavaScript, redirects back (or shows the page again with what was wrong)."""
    action = access.get_action_for_user(request.user, pk, write=True)
    form = ActionUpdateForm(request.POST, request.FILES, action=action, user=request.user)
    saved, action = _record_update(request, form, action)
    note = _saved_note(action) if saved else ""
    if request.htmx:
        row = selectors.action_rows([action], None)[0]
        form = _update_form(request, action) if saved else form
        return render(request, "improvement/includes/action_card.html", _card(request, row, form, note=note))
    back_to_mine = form.data.get(form.add_prefix("return_to")) == "mine"
    if saved:
        messages.success(request, note)
        return redirect("improvement:my_actions") if back_to_mine else redirect(action)
    if back_to_mine:
        return my_actions(request, bound=form, status=400)
    return action_detail(request, action.pk, update_form=form, status=400)


def _record_update(request, form: ActionUpdateForm, action: Action) -> tuple[bool, Action]:
    """Save the update the form holds; (whether it was saved, the action as it now stands). A refusal becomes the
    form's error; when someone else changed the action meanwhile, the form is shown against their version."""
    if not form.is_valid():
        return False, action
    data = form.cleaned_data
    try:
        services.action_update(
            action=action,
            user=request.user,
            status=data["status"],
            progress=data["progress"],
            commentary=data["commentary"],
            evidence_file=data["evidence_file"],
            evidence_link=data["evidence_link"],
            expected_version=data["version"],
        )
    except ActionChanged as exc:
        form.show_latest(exc.action)
        form.add_error(None, _changed_message(exc.action))
        return False, exc.action
    except ValidationError as exc:
        form.add_error(None, exc)
        return False, action
    return True, action


@require_POST
def action_verify(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date; check the action and verify it again.")
        return redirect(action)
    version = form.cleaned_data["version"]
    write = partial(services.action_verify, action=action, user=request.user, expected_version=version)
    attempt(request, _unless_changed(write), f"Action {action.reference} is verified complete.")
    return redirect(action)


@require_POST
def action_return(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = ReturnForm(request.POST)
    write = _unless_changed(
        lambda data: services.action_return(
            action=action, user=request.user, reason=data["reason"], expected_version=data["version"]
        )
    )
    if save_form(request, form, write, f"Action {action.reference} is returned to its owner."):
        return redirect(action)
    return action_detail(request, action.pk, return_form=form, status=400)


@require_POST
def action_override(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = OverrideForm(request.POST)
    write = _unless_changed(
        lambda data: services.action_set_override(
            action=action,
            user=request.user,
            rag=data["rag_override"],
            reason=data["rag_override_reason"],
            expected_version=data["version"],
        )
    )
    if save_form(
        request, form, write, lambda: "The colour override is saved." if action.rag_override else "Override removed."
    ):
        return redirect(action)
    return action_detail(request, action.pk, override_form=form, status=400)


def _unless_changed(write: Callable[..., object]) -> Callable[..., object]:
    """`write`, with "someone else changed the action meanwhile" turned into the refusal that says so."""

    def run(*args: Any) -> object:
        try:
            return write(*args)
        except ActionChanged as exc:
            raise ValidationError(_changed_message(exc.action)) from exc

    return run


def _update_form(request, action: Action, *, return_to: str = "mine") -> ActionUpdateForm:
    return ActionUpdateForm(action=action, user=request.user, initial={"return_to": return_to})


def _card(request, row: selectors.ActionRow, form: ActionUpdateForm, *, note: str = "") -> dict:
    return {
        "row": row,
        "form": form,
        "note": note,
        "led_not_owned": row.action.owner_id != request.user.pk,
        "update_url": reverse("improvement:action_update", args=[row.pk]),
    }


def _saved_note(action: Action) -> str:
    if action.status == Action.Status.AWAITING_VERIFICATION:
        return f"Saved. Action {action.reference} is awaiting verification by the priority lead or an admin."
    return f"Saved. Action {action.reference} is now {action.get_status_display().lower()} at {action.progress}%."


def _changed_message(action: Action) -> str:
    record = action.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    who = "Someone else"
    when = ""
    if record is not None:
        if record.history_user:
            who = person_name(record.history_user)
        when = f" at {timezone.localtime(record.history_date):%H:%M on %-d %B %Y}"
    return (
        f"Not saved: {who} changed this action{when} while you were editing it. Its latest state is shown; "
        "what you typed is still in the form. Check it against the latest and save again."
    )
