"""Writes rows of the demo by natural key, only where they differ, validating each write and counting them."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


class Writer:
    """Creates or updates rows by natural key, validating each write and counting them."""

    def __init__(self) -> None:
        self.written = 0

    def upsert(self, model: type[M], lookup: dict[str, Any], values: dict[str, Any], existing: M | None = None) -> M:
        obj = existing if existing is not None else model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
        elif not any(differs(obj, name, value) for name, value in values.items()):
            return obj
        else:
            for name, value in values.items():
                setattr(obj, name, value)
        validate(obj)
        obj.save()
        self.written += 1
        return obj

    def set_m2m(self, manager: Any, wanted: list[M]) -> None:
        if {o.pk for o in manager.all()} != {o.pk for o in wanted}:
            manager.set(wanted)
            self.written += 1


def validate(obj: Model) -> None:
    """Field rules and the model's clean(). Related rows were just read or written by the loader, and unique and
    check constraints are enforced by the database inside the load's transaction, so full_clean's query per
    foreign key and per constraint (thousands in all) would prove nothing more."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=relations)
    obj.clean()


def differs(obj: Model, name: str, value: Any) -> bool:
    """Whether writing `value` to `obj.name` would change it (a related row compares by primary key)."""
    model_field = obj._meta.get_field(name)
    if isinstance(model_field, Field) and model_field.is_relation:
        current: object = getattr(obj, model_field.attname)
        return current != (value.pk if value is not None else None)
    current = getattr(obj, name)
    return bool(current != value)
