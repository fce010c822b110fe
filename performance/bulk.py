"""Insert and update thousands of observations, each with its simple_history record, in a few statements.

Django's `bulk_create` runs every value through the full ORM insert compiler (and on SQLite sends about 90 rows per
statement); at 10,000 rows, with history rows as well, that alone takes several seconds. Here each column value is
adapted once by the database backend's own adapter and the rows go in with `executemany`. The history rows are the
ones simple_history would write (same table, same columns), so who changed what and when is still recorded.

Callers validate (`full_clean`) and run inside a transaction; these functions only write.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Sequence

from django.db import connection
from django.db.models import Field

from performance.models import Observation

HISTORY_META = ("history_date", "history_change_reason", "history_type", "history_user_id")


def _concrete(name: str) -> Field:
    field = Observation._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(f"{name} is not a column of Observation")
    return field


def _adapter(field) -> Callable | None:
    kind = field.get_internal_type()
    ops = connection.ops
    if kind == "DateField":
        return ops.adapt_datefield_value
    if kind == "DateTimeField":
        # One import stamps every row with the same time: adapt it once, not once per row.
        return functools.lru_cache(maxsize=8)(ops.adapt_datetimefield_value)
    if kind == "DecimalField":
        return lambda value: ops.adapt_decimalfield_value(value, field.max_digits, field.decimal_places)
    return None


def _row(obj, fields, adapters) -> tuple:
    values = []
    for field, adapt in zip(fields, adapters, strict=True):
        value = getattr(obj, field.attname)
        values.append(adapt(value) if adapt is not None and value is not None else value)
    return tuple(values)


def _executemany(table: str, fields, rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})", rows)


def _write_history(objs: Sequence[Observation], *, history_type: str, user, reason: str, when) -> None:
    model = Observation.history.model
    tracked = [f for f in model._meta.concrete_fields if f.attname not in HISTORY_META and f.name != "history_id"]
    adapters = [_adapter(f) for f in tracked]
    meta = [model._meta.get_field(name.removesuffix("_id")) for name in HISTORY_META]
    meta_values = (
        connection.ops.adapt_datetimefield_value(when),
        reason or None,
        history_type,
        user.pk if user is not None else None,
    )
    rows = [_row(obj, tracked, adapters) + meta_values for obj in objs]
    _executemany(model._meta.db_table, tracked + meta, rows)


def insert_observations(objs: Sequence[Observation], *, user, reason: str, when: datetime.datetime) -> None:
    """Insert new observations (their ids are filled in afterwards) and a "+" history record for each."""
    if not objs:
        return
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    adapters = [_adapter(f) for f in fields]
    _executemany(Observation._meta.db_table, fields, [_row(obj, fields, adapters) for obj in objs])
    dates = [o.period_end for o in objs]
    ids = {
        (indicator_id, authority_id, period_end): pk
        for pk, indicator_id, authority_id, period_end in Observation.objects.filter(
            indicator_id__in={o.indicator_id for o in objs},
            authority_id__in={o.authority_id for o in objs},
            period_end__range=(min(dates), max(dates)),
        ).values_list("id", "indicator_id", "authority_id", "period_end")
    }
    for obj in objs:
        obj.pk = ids[(obj.indicator_id, obj.authority_id, obj.period_end)]
        obj._state.adding = False
    _write_history(objs, history_type="+", user=user, reason=reason, when=when)


def update_observations(
    objs: Sequence[Observation], fields: Sequence[str], *, user, reason: str, when: datetime.datetime
) -> None:
    """Write `fields` of already stored observations, and a "~" history record (the after state) for each."""
    if not objs:
        return
    model_fields = [_concrete(name) for name in fields]
    adapters = [_adapter(f) for f in model_fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column or f.name)} = %s" for f in model_fields)
    rows = [(*_row(obj, model_fields, adapters), obj.pk) for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {quote(Observation._meta.db_table)} SET {assignments} WHERE id = %s", rows)
    _write_history(objs, history_type="~", user=user, reason=reason, when=when)
