"""django-tables2 tables for the improvement pages. Rows are `selectors.ActionRow`: an action and its state as
at the page's date, so the colour, status and days overdue shown (and exported) are those of that date."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django_tables2.data import TableListData

from core.templatetags.ui import rag_badge
from improvement.plans import selectors
from improvement.templatetags.rag_reasons import action_reason


class ActionTable(tables.Table):
    reference = tables.Column(
        "Ref", accessor="action__reference", linkify=lambda record: record.action.get_absolute_url()
    )
    description = tables.Column("Action", accessor="action__description", orderable=False)
    plan = tables.Column("Plan", accessor="action__priority__plan__name")
    priority = tables.Column("Priority", accessor="action__priority", order_by=("action__priority__number",))
    owner = tables.Column("Owner", accessor="owner_name", default="—")
    due_date = tables.DateColumn(format="j M Y", verbose_name="Due", accessor="action__due_date")
    status = tables.Column("Status", accessor="state__status_label")
    progress = tables.Column(
        "Progress", accessor="state__progress", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    rag = tables.Column("RAG", accessor="state__rag", order_by=("rag_rank",), empty_values=())
    days_overdue = tables.Column(
        "Days overdue", accessor="state__days_overdue", attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    # Exports only: on the page the reason sits under the colour.
    why = tables.Column("Why this colour", empty_values=(), orderable=False, visible=False)

    class Meta:
        template_name = "django_tables2/table.html"
        attrs = {"class": "data-table action-table"}
        order_by = ()

    def render_reference(self, record):
        # Outside its plan a reference names the plan ("LIP 1.1"): "1.1" exists in every plan.
        return record.action.plan_reference

    def value_reference(self, record):
        return record.action.plan_reference

    def render_description(self, value):
        return value if len(value) <= 160 else f"{value[:157]}…"

    def render_progress(self, value):
        return f"{value}%"

    def value_progress(self, value):
        return value

    def render_rag(self, record):
        state = record.state
        if state.is_overridden:
            badge = format_html(
                "{} <span class='muted'>(override; computed {})</span>",
                rag_badge(state.rag),
                rag_badge(state.computed_rag),
            )
        else:
            badge = rag_badge(state.rag, label=state.rag_word)
        reason = action_reason(state.assessment)
        return format_html('{}<span class="why small">{}</span>', badge, reason) if reason else badge

    def value_why(self, record):
        return action_reason(record.state.assessment)

    def value_rag(self, record):
        return record.state.rag_word

    def render_days_overdue(self, value):
        return value or "—"

    def value_days_overdue(self, value):
        return value


class ActionRowsData(TableListData):
    """The action list's rows as django-tables2 table data that costs the same at any scale: `actions` (a
    `selectors.with_state_as_at` queryset, already filtered) is sorted by the columns' orders in the database,
    counted once and loaded one page at a time (`selectors.ActionPage`)."""

    def __init__(self, actions, day, *, cache_key: str = ""):
        self.actions = actions
        self.day = day
        self.cache_key = cache_key
        super().__init__(selectors.ActionPage(actions, day, cache_key=cache_key))

    def order_by(self, aliases):
        keys = []
        for alias in aliases:
            keys += selectors.sort_keys(alias.lstrip("-"), self.day, descending=alias.startswith("-"))
        if keys:
            # The list's own order breaks ties, as a stable sort would. Owners' names have no change history to
            # version a cached order by, so an order by owner is never cached.
            ordered = self.actions.order_by(*keys, *self.actions.model._meta.ordering)
            by_owner = any(alias.lstrip("-") == "owner" for alias in aliases)
            key = "" if by_owner else f"{self.cache_key}:{','.join(aliases)}"
            self.data = selectors.ActionPage(ordered, self.day, cache_key=key if self.cache_key else "")
