"""Rows of the action pages: each action paired with its state as at the page's date."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.core.cache import cache
from django.db import models
from django.db.models import (
    Case,
    CharField,
    DateField,
    Expression,
    F,
    FilteredRelation,
    IntegerField,
    OrderBy,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, NullIf, Trim

from core.presentation import person_name
from core.rag import RAG_SEVERITY
from core.versions import data_version
from improvement.models import Action
from improvement.plans import rules
from improvement.plans.selectors.history import HISTORY_STATE_FIELDS, is_live
from improvement.plans.selectors.states import ActionAsAt, action_states_as_at

# Worst first, by the colour's value as stored ("red", ...).
SEVERITY: dict[str, int] = {str(colour): rank for colour, rank in RAG_SEVERITY.items()}


@dataclass(frozen=True)
class ActionRow:
    action: Action
    state: ActionAsAt

    @property
    def pk(self) -> int:
        return int(self.action.pk)

    @property
    def owner_name(self) -> str:
        owner = self.action.owner
        return person_name(owner)

    @property
    def rag_rank(self) -> int:
        """Worst first when sorted ascending; withdrawn (no rating) last."""
        return SEVERITY.get(self.state.rag or "", len(SEVERITY))


def action_rows(actions: Iterable[Action], as_at: datetime.date | None) -> list[ActionRow]:
    """Loaded actions (with their priority and plan) paired with their state as at a date, for list pages (one
    query more for a past date)."""
    loaded = list(actions)
    states = action_states_as_at(loaded, as_at)
    return [ActionRow(action=a, state=states[a.pk]) for a in loaded]


# The action list: filtered, sorted, counted and paged in the database by the state as at the page's date.

# An action's state on the page's date, from its stored interval containing that date, under these names.
THEN = "interval_then"
THEN_FIELDS = (*HISTORY_STATE_FIELDS, "rag")


def with_state_as_at(actions: models.QuerySet[Action], day: datetime.date) -> models.QuerySet[Action]:
    """`actions` annotated with their state and shown colour at the end of `day` (`then_status`, `then_progress`,
    ..., `then_rag`: "" for none), read from the one stored interval of each action containing the day
    (`improvement.plans.intervals`), so that the as-at filters, sorts and counts run in the database."""
    containing = Q(intervals__valid_from__lte=day, intervals__valid_until__gt=day)
    interval = FilteredRelation("intervals", condition=containing)
    return actions.annotate(**{THEN: interval}).annotate(**{f"then_{f}": F(f"{THEN}__{f}") for f in THEN_FIELDS})


def state_of(action: Action, day: datetime.date) -> ActionAsAt:
    """The state of an action from `with_state_as_at` (with its priority and plan loaded)."""
    values = {f: getattr(action, f"then_{f}") for f in HISTORY_STATE_FIELDS}
    if values["status"] is None:
        raise LookupError(f"Action {action.pk} has no stored colour interval for {day}: run intervals.refresh.")
    return ActionAsAt(
        action_id=action.pk,
        as_at=day,
        from_history=not is_live(day),
        plan_start=action.priority.plan.start_date,
        **values,
    )


def state_q(day: datetime.date, *, status: str = "", rag: str = "", overdue: bool = False, is_open: bool = False) -> Q:
    """The as-at filters of the action list over `with_state_as_at` rows: the same tests as `ActionAsAt.status`,
    `.rag`, `.is_overdue` (`rules.is_overdue`) and `.is_open` (`rules.is_open`)."""
    q = Q()
    if status:
        q &= Q(then_status=status)
    if rag:
        q &= Q(then_rag=rag)
    if overdue or is_open:
        q &= ~Q(then_status__in=rules.CLOSED_STATUSES)
    if overdue:
        q &= Q(then_due_date__lt=day)
    return q


def _status_label_rank() -> Case:
    labels = sorted(Action.Status.choices, key=lambda choice: str(choice[1]))
    whens = [When(then_status=value, then=Value(n)) for n, (value, _) in enumerate(labels)]
    return Case(*whens, default=Value(len(labels)), output_field=IntegerField())


def _rag_rank() -> Case:
    whens = [When(then_rag=colour, then=Value(rank)) for colour, rank in SEVERITY.items()]
    return Case(*whens, default=Value(len(SEVERITY)), output_field=IntegerField())


def _owner_name() -> Coalesce:
    """As `ActionRow.owner_name`: the full name, else the username, else blank."""
    full = Trim(Concat(Coalesce("owner__first_name", Value("")), Value(" "), Coalesce("owner__last_name", Value(""))))
    return Coalesce(NullIf(full, Value("")), "owner__username", Value(""), output_field=CharField())


def _overdue_since(day: datetime.date) -> Case:
    """The due date of an overdue action, else `day`: days overdue are `day` less this, so sorting by days
    overdue is sorting by this the other way round (no date arithmetic, which the databases spell differently)."""
    late = Q(then_due_date__lt=day) & ~Q(then_status__in=rules.CLOSED_STATUSES)
    return Case(When(late, then=F("then_due_date")), default=Value(day), output_field=DateField())


def sort_keys(column: str, day: datetime.date, *, descending: bool) -> list[OrderBy]:
    """The ORDER BY of one action-list column (the order the column shows), or [] for a column not sorted."""
    keys: dict[str, Expression | F] = {
        "reference": F("reference"),
        "plan": F("priority__plan__name"),
        "priority": F("priority__number"),
        "owner": _owner_name(),
        "due_date": F("due_date"),
        "status": _status_label_rank(),
        "progress": F("then_progress"),
        "rag": _rag_rank(),
    }
    if column == "days_overdue":
        since = _overdue_since(day)
        return [since.asc() if descending else since.desc()]
    if column not in keys:
        return []
    key = keys[column]
    return [key.desc() if descending else key.asc()]


class ActionPage(Sequence[ActionRow]):
    """The rows of a `with_state_as_at` queryset as `ActionRow`s, loaded only when sliced (one query per page) or
    iterated (an export, in chunks); its length is one COUNT, made once.

    With a `cache_key` (naming the filters, order and date), the count and each page's action ids are cached under
    the data version (`core.versions`): while nothing is written, a page costs the same at any scale (its own
    rows, loaded fresh by id); after any write that could change which actions match or their order, they are
    counted and sorted again."""

    CHUNK = 500
    CACHE_SECONDS = 60 * 60

    def __init__(self, actions: models.QuerySet[Action], day: datetime.date, *, cache_key: str = ""):
        self.actions = actions
        self.day = day
        self.cache_key = cache_key
        self._length: int | None = None
        self._entry: dict[str, Any] | None = None

    def _cached(self) -> dict[str, Any] | None:
        if not self.cache_key:
            return None
        if self._entry is None:
            version = data_version()
            if version is None:  # nothing may be cached until a write has been counted (core.versions)
                return None
            found = cache.get(self.cache_key)
            fresh = isinstance(found, dict) and found.get("version") == version
            self._entry = found if fresh else {"version": version, "count": None, "pages": {}}
        return self._entry

    def _save(self) -> None:
        cache.set(self.cache_key, self._entry, self.CACHE_SECONDS)

    def __len__(self) -> int:
        if self._length is None:
            entry = self._cached()
            if entry is not None and entry["count"] is not None:
                self._length = int(entry["count"])
            else:
                self._length = self.actions.count()
                if entry is not None:
                    entry["count"] = self._length
                    self._save()
        return self._length

    def _rows(self, actions: Iterable[Action]) -> list[ActionRow]:
        return [ActionRow(action=a, state=state_of(a, self.day)) for a in actions]

    @overload
    def __getitem__(self, index: int) -> ActionRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[ActionRow]: ...

    def __getitem__(self, index: int | slice) -> ActionRow | list[ActionRow]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        entry = self._cached()
        if entry is None or index.step is not None:
            return self._rows(self.actions[index])
        where = f"{index.start}:{index.stop}"
        ids: list[int] | None = entry["pages"].get(where)
        if ids is None:
            ids = list(self.actions[index].values_list("pk", flat=True))
            entry["pages"][where] = ids
            self._save()
        found = self.actions.in_bulk(ids)
        return self._rows(found[pk] for pk in ids if pk in found)

    def __iter__(self) -> Iterator[ActionRow]:
        for action in self.actions.iterator(chunk_size=self.CHUNK):
            yield ActionRow(action=action, state=state_of(action, self.day))
