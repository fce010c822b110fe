"""django-tables2 tables for the improvement pages. Rows are `selectors.ActionRow`: an action and its state as
at the page's date, so the colour, status and days overdue shown (and exported) are those of that date."""

from __future__ import annotations

from collections.abc import Sequence

import django_tables2 as tables
from django.db.models import F
from django.utils.html import format_html
from django_tables2.data import TableListData

from core.rag import RAG_SEVERITY
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
    """The action list's rows, as django-tables2 table data that costs the same at any scale.

    Filtering by state, sorting and counting use one light row per action (a `values()` query plus the actions'
    states as at the date); full `ActionRow`s, with their plan, priority and owner, are loaded only for the rows a
    page shows, in one query. The page's queries are therefore fixed, and the time spent per action is a small
    tuple's, not a model instance's."""

    # Sort keys by column name: the same orders the columns show.
    SORT_KEYS = {
        "reference": lambda r: r["reference"],
        "plan": lambda r: r["plan"],
        "priority": lambda r: r["priority_number"],
        "owner": lambda r: r["owner"],
        "due_date": lambda r: r["due_date"],
        "status": lambda r: r["state"].status_label,
        "progress": lambda r: r["state"].progress,
        "rag": lambda r: RAG_SEVERITY.get(r["state"].rag, len(RAG_SEVERITY)),
        "days_overdue": lambda r: r["state"].days_overdue,
    }

    def __init__(self, queryset, as_at):
        states = selectors.action_states_as_at(queryset, as_at)
        light = queryset.values(
            "id",
            "reference",
            "due_date",
            plan=F("priority__plan__name"),
            priority_number=F("priority__number"),
            owner_first=F("owner__first_name"),
            owner_last=F("owner__last_name"),
            owner_username=F("owner__username"),
        )
        rows = []
        for row in light:
            first, last, username = row.pop("owner_first"), row.pop("owner_last"), row.pop("owner_username")
            row["owner"] = f"{first} {last}".strip() or username or ""
            row["state"] = states[row["id"]]
            rows.append(row)
        self.queryset = queryset
        super().__init__(_LoadedOnSlice(rows, self._load))

    def keep(self, predicate) -> None:
        """Keep only the rows whose state satisfies `predicate` (the as-at filters)."""
        self.data.rows = [r for r in self.data.rows if predicate(r["state"])]

    def order_by(self, aliases):
        # Stable sorts from the least to the most significant key give the combined order.
        for alias in reversed(list(aliases)):
            name = alias.lstrip("-")
            if name in self.SORT_KEYS:
                self.data.rows.sort(key=self.SORT_KEYS[name], reverse=alias.startswith("-"))

    def _load(self, rows) -> list[selectors.ActionRow]:
        actions = self.queryset.model.objects.with_related().in_bulk([r["id"] for r in rows])
        return [selectors.ActionRow(action=actions[r["id"]], state=r["state"]) for r in rows]


class _LoadedOnSlice(Sequence):
    """A sequence of light rows that turns into full rows only when sliced or iterated (a page, an export)."""

    CHUNK = 500

    def __init__(self, rows: list[dict], load):
        self.rows = rows
        self._load = load

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._load(self.rows[index])
        return self._load([self.rows[index]])[0]

    def __iter__(self):
        for start in range(0, len(self.rows), self.CHUNK):
            yield from self._load(self.rows[start : start + self.CHUNK])
