"""Action pages: the filterable list, "my actions" with in-place (htmx) updates, the action page, and the writes
(update, verify, return, override). Writes are POST only and go through `improvement.plans.services`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core.asat import read_as_at
from core.exports import TableExportMixin
from core.presentation import person_name
from core.roles import is_admin
from improvement import access
from improvement.models import Action
from improvement.plans import selectors, services
from improvement.plans.filters import ActionFilter, state_filter
from improvement.plans.forms import ActionUpdateForm, OverrideForm, ReturnForm, VerifyForm
from improvement.plans.services import ActionChanged
from improvement.plans.tables import ActionRowsData, ActionTable


class ActionListView(TableExportMixin, SingleTableMixin, FilterView):
    """Every action across plans, filtered by query parameters (see improvement.plans.filters) and `as_at`."""

    table_class = ActionTable
    filterset_class = ActionFilter
    template_name = "improvement/action_list.html"
    paginate_by = 50
    export_name = "actions"

    def dispatch(self, request, *args, **kwargs):
        self.as_at = read_as_at(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Action.objects.with_related()

    def get_table_data(self):
        data = ActionRowsData(self.object_list, self.as_at.date)
        if self.filterset.is_bound and self.filterset.is_valid():
            data.keep(state_filter(self.filterset.form.cleaned_data))
        return data

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
    state = selectors.action_states_as_at([action], as_at.date)[action.pk]
    user = request.user
    live = not as_at.is_past
    can_edit = live and access.can_edit_action(user, action)
    can_verify = (
        live and action.status == Action.Status.AWAITING_VERIFICATION and access.can_verify_action(user, action)
    )
    can_override = live and access.can_lead_priority(user, action.priority)
    context = {
        "action": action,
        "state": state,
        "as_at": as_at,
        "updates": selectors.updates_as_at(action, as_at.date),
        "recommendations": action.recommendations.select_related("inspection"),
        "indicators": [(i, _url_or_none(i)) for i in action.indicators.all()],
        "update_form": (update_form or _update_form(request, action, return_to="detail")) if can_edit else None,
        "verify_form": VerifyForm(initial={"version": action.version}) if can_verify else None,
        "return_form": (return_form or ReturnForm(initial={"version": action.version})) if can_verify else None,
        "override_form": (
            override_form
            or OverrideForm(
                initial={
                    "rag_override": action.rag_override,
                    "rag_override_reason": action.rag_override_reason,
                    "version": action.version,
                }
            )
        )
        if can_override
        else None,
        "awaiting_own_verification": action.status == Action.Status.AWAITING_VERIFICATION
        and action.owner_id == user.pk,
        "history": selectors.change_history(action) if is_admin(user) else None,
    }
    return render(request, "improvement/action_detail.html", context, status=status)


@require_POST
def action_update(request, pk: int):
    """One progress update. From "my actions" with htmx, answers with the action's card (the same fragment the
    page includes); without JavaScript, redirects back (or shows the page again with what was wrong)."""
    action = access.get_action_for_user(request.user, pk, write=True)
    form = ActionUpdateForm(request.POST, request.FILES, action=action, user=request.user)
    saved = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.action_update(
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
            action = exc.action
            form.show_latest(action)
            form.add_error(None, _changed_message(action))
        except ValidationError as exc:
            form.add_error(None, exc)
    note = _saved_note(saved, action) if saved else ""
    if request.htmx:
        row = selectors.action_rows([action], None)[0]
        form = _update_form(request, action) if saved else form
        return render(request, "improvement/includes/action_card.html", _card(request, row, form, note=note))
    if saved:
        messages.success(request, note)
        if form.cleaned_data.get("return_to") == "mine":
            return redirect("improvement:my_actions")
        return redirect(action)
    if form.data.get(form.add_prefix("return_to")) == "mine":
        return my_actions(request, bound=form, status=400)
    return action_detail(request, action.pk, update_form=form, status=400)


@require_POST
def action_verify(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date; check the action and verify it again.")
        return redirect(action)
    try:
        services.action_verify(action=action, user=request.user, expected_version=form.cleaned_data["version"])
    except ActionChanged as exc:
        messages.error(request, _changed_message(exc.action))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Action {action.reference} is verified complete.")
    return redirect(action)


@require_POST
def action_return(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.action_return(
                action=action,
                user=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionChanged as exc:
            form.add_error(None, _changed_message(exc.action))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Action {action.reference} is returned to its owner.")
            return redirect(action)
    return action_detail(request, action.pk, return_form=form, status=400)


@require_POST
def action_override(request, pk: int):
    action = access.get_action_for_user(request.user, pk, write=True)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_override(
                action=action,
                user=request.user,
                rag=form.cleaned_data["rag_override"],
                reason=form.cleaned_data["rag_override_reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ActionChanged as exc:
            form.add_error(None, _changed_message(exc.action))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "The colour override is saved." if action.rag_override else "Override removed.")
            return redirect(action)
    return action_detail(request, action.pk, override_form=form, status=400)


def _url_or_none(obj) -> str | None:
    # Indicator pages belong to the performance app; until its detail page exists the name is shown unlinked.
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return None


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


def _saved_note(update, action: Action) -> str:
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
