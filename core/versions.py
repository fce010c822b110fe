"""The data version, and pages cached under it.

A cached figure must never be shown after a write that changes it. The data version is a number that changes with
every write to the data the site shows, committed or (for the writing connection itself) not yet committed, made by
any path: services, the admin site, imports, bulk updates, a shell, raw SQL. Database triggers keep it, so no code
path can forget to:

- every table of `WATCHED_APPS` (and the link tables of their many-to-many fields) has triggers that, on each
  insert, update or delete, add a random positive increment (1 to 10^6) to a row of `core_dataversion` in the same
  transaction; the data version is the sum of those rows (`data_version`, one query);
- on PostgreSQL the triggers are per statement, and a transaction adds to one of `SLOTS` rows (chosen by its
  transaction id), taking that row's lock before the rows it writes: writers that land on the same slot wait
  for each other's commit, the rest never do. On SQLite, which has one writer at a time, they are per row;
- a reader reads the version first, then the data: under READ COMMITTED every later statement sees at least the
  commits the version counted, so a value computed after reading version V is at least as new as V. Each commit
  changes the sum, so once a later commit is visible nobody reads V again;
- the increment is random, not 1: a transaction rolled back after caching something under its own uncommitted
  version cannot leave that version to be reached again by the next commit (a chance of one in a million).

`install_triggers` runs after every `migrate` (CoreConfig connects it to post_migrate), so a table added by a later
migration is watched as soon as it exists; tests/core/test_versions.py fails if any model's table is not.
Columns written on every sign-in (`IGNORED_COLUMNS`) do not change the version, or each sign-in would empty the
cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db import connections

from core.models import DataVersion

WATCHED_APPS = ("auth", "core", "inspections", "performance", "improvement")
IGNORED_COLUMNS = {"auth_user": frozenset({"last_login"})}
SLOTS = 64
INCREMENT = "abs(random() % 1000000) + 1"  # SQLite's random() is a 64-bit integer
PG_INCREMENT = "floor(random() * 1000000)::bigint + 1"  # PostgreSQL's is a float in [0, 1)
PREFIX = "data_version"
PAGE_CACHE = "pages"
PAGE_SECONDS = 60 * 60 * 24

T = TypeVar("T")


def data_version(using: str = "default") -> int | None:
    """The data version as this connection sees it (one query); None when no write has been counted since the
    table was emptied (a flush), when nothing may be cached."""
    # By hand rather than through the ORM: every cached page asks, and this is a fifth of a cached page's time.
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT SUM(counter) FROM {DataVersion._meta.db_table}")
        (total,) = cursor.fetchone()
    return None if total is None else int(total)


def cached_under_version(key: str, compute: Callable[[int | None], T], *, timeout: int = PAGE_SECONDS) -> T:
    """`compute(version)`, cached in this process (the `pages` cache) under `key` and the data version, which it is
    given (read once, first): computed again after any write. For what depends on the code as well as the data
    (rendered HTML): a new release starts with an empty cache, and a version is the same number on every server."""
    version = data_version()
    if version is None:
        return compute(None)
    cache = caches[PAGE_CACHE]
    full_key = f"{key}@{version}"
    found: T | None = cache.get(full_key)
    if found is None:
        found = compute(version)
        cache.set(full_key, found, timeout)
    return found


def watched_tables() -> dict[str, list[str]]:
    """Every table whose writes change the data version, with the columns an update of which counts."""
    tables: dict[str, list[str]] = {}
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = model._meta.db_table
            if model is DataVersion or not model._meta.managed:
                continue
            ignored = IGNORED_COLUMNS.get(table, frozenset())
            columns = [f.column for f in model._meta.concrete_fields]
            tables[table] = [c for c in columns if c is not None and c not in ignored]
    return dict(sorted(tables.items()))


def _sqlite_statements(table: str, columns: list[str], quote: Callable[[str], str]) -> list[str]:
    bump = (
        f"INSERT INTO core_dataversion (slot, counter) VALUES (0, {INCREMENT}) "
        "ON CONFLICT(slot) DO UPDATE SET counter = counter + excluded.counter;"
    )
    statements = []
    events = (("INSERT", "insert"), ("DELETE", "delete"), ("UPDATE OF " + _columns(columns, quote), "update"))
    for event, suffix in events:
        name = quote(f"{PREFIX}_{table}_{suffix}")
        statements += [
            f"DROP TRIGGER IF EXISTS {name}",
            f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} BEGIN {bump} END",
        ]
    return statements


def _postgresql_statements(table: str, columns: list[str], quote: Callable[[str], str]) -> list[str]:
    statements = []
    for event, suffix in (
        ("INSERT OR DELETE OR TRUNCATE", "write"),
        ("UPDATE OF " + _columns(columns, quote), "update"),
    ):
        name = quote(f"{PREFIX}_{suffix}")
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}",
            f"CREATE TRIGGER {name} BEFORE {event} ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_bump()",
        ]
    return statements


POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PREFIX}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO core_dataversion (slot, counter) VALUES (txid_current() % {SLOTS}, {PG_INCREMENT})
    ON CONFLICT (slot) DO UPDATE SET counter = core_dataversion.counter + EXCLUDED.counter;
    RETURN NULL;
END
$$
"""


def _columns(columns: list[str], quote: Callable[[str], str]) -> str:
    return ", ".join(quote(c) for c in columns)


def install_triggers(using: str = "default") -> int:
    """(Re)create the data version's triggers on every watched table that exists; returns how many tables."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if DataVersion._meta.db_table not in existing:
        return 0  # before core's migration has created it
    quote = connection.ops.quote_name
    tables = {t: c for t, c in watched_tables().items() if t in existing}
    if connection.vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTION]
        for table, columns in tables.items():
            statements += _postgresql_statements(table, columns, quote)
    elif connection.vendor == "sqlite":
        statements = [s for table, columns in tables.items() for s in _sqlite_statements(table, columns, quote)]
    else:
        raise NotImplementedError(f"No data version triggers for {connection.vendor}; use PostgreSQL or SQLite.")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return len(tables)


def installed_triggers(using: str = "default") -> dict[str, int]:
    """How many data version triggers each table has (for the test that every watched table has its set)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = (
            "SELECT c.relname, COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname LIKE %s GROUP BY c.relname"
        )
    else:
        sql = "SELECT tbl_name, COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s GROUP BY tbl_name"
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"{PREFIX}%"])
        return {table: int(n) for table, n in cursor.fetchall()}
