"""The change history of any model kept by simple_history, as who changed what, when, from what to what."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from core.presentation import person_name


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime.datetime
    who: str
    kind: str
    changes: list[FieldChange]


def change_history(obj: models.Model, *, limit: int = 200) -> list[HistoryEntry]:
    """Every recorded change to `obj`, newest first: who, when, and each field's value before and after.

    Foreign keys are shown by name, looked up with one query per related model, not per change."""
    history: Any = getattr(obj, "history")  # noqa: B009 - simple_history's manager, untyped
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    names = [f.name for f in model._meta.concrete_fields if f.name != "version"]
    pairs: list[tuple[Any, list[Any]]] = []
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        if older is None:
            if len(records) > limit:
                break
            pairs.append((newer, []))
        else:
            pairs.append((newer, newer.diff_against(older, included_fields=names).changes))
    related = _related_names(model, [c for _, changes in pairs for c in changes])
    entries = []
    for record, changes in pairs:
        shown = [
            FieldChange(
                field=str(getattr(model._meta.get_field(c.field), "verbose_name", c.field)).capitalize(),
                old=_display(model, c.field, c.old, related),
                new=_display(model, c.field, c.new, related),
            )
            for c in changes
        ]
        if record.history_type == "~" and not shown:
            continue  # a save that changed nothing shown here (only the lock's version number)
        user = record.history_user
        who = person_name(user) or "System"
        entries.append(
            HistoryEntry(when=record.history_date, who=who, kind=record.get_history_type_display(), changes=shown)
        )
    return entries


def _related_names(model: type[models.Model], changes: Iterable[Any]) -> dict[tuple[str, object], str]:
    wanted: dict[str, set[object]] = defaultdict(set)
    for change in changes:
        if model._meta.get_field(change.field).is_relation:
            wanted[change.field].update(v for v in (change.old, change.new) if v is not None)
    names: dict[tuple[str, object], str] = {}
    for field_name, pks in wanted.items():
        related_model = model._meta.get_field(field_name).related_model
        assert isinstance(related_model, type) and issubclass(related_model, models.Model)
        for related in related_model._default_manager.filter(pk__in=pks):
            label = person_name(related) if hasattr(related, "get_full_name") else ""
            names[(field_name, related.pk)] = label or str(related)
    return names


def _display(model: type[models.Model], field_name: str, value: object, related: dict[tuple[str, object], str]) -> str:
    if value is None or value == "":
        return "(blank)"
    f = model._meta.get_field(field_name)
    if f.is_relation:
        return related.get((field_name, value), f"#{value} (deleted)")
    if isinstance(f, models.Field) and f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)
