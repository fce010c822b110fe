"""The data version, and pages cached under it.

A cached figure must never be shown after a write that changes it. The data version is a value that changes with
every write to the data the site shows, committed or (for the writing connection itself) not yet committed, made by
any path: services, the admin site, imports, bulk updates, a shell, raw SQL. Database triggers keep it, so no code
path can forget to:

- every table of `WATCHED_APPS` (and the link tables of their many-to-many fields) has triggers that, on each
  insert, update or delete, add a random positive increment (1 to 10^6) to a row of `core_dataversion` in the same
  transaction; the version is the sum of the rows' counters with the largest of their random epochs
  (`data_version`, one query);
- on PostgreSQL the triggers are per statement and each connection adds to its own row (its backend process id):
  a connection runs one transaction at a time, so no two transactions ever share a row, and a writer never waits
  for another or deadlocks on it (a shared row would make a long import hold up other saves). Now and then a
  writer folds the rows of connections that have ended into row 0, keeping the sum. On SQLite, which has one
  writer at a time, they are per row and add to row 0;
- a reader reads the version first, then the data: under READ COMMITTED every later statement sees at least the
  commits the version counted, so a value computed after reading version V is at least as new as V. Each commit
  adds to the sum, so once a later commit is visible nobody reads V again;
- the increment is random, not 1: a transaction rolled back after caching something under its own uncommitted
  version cannot leave that version to be reached again by the next commit (a chance of one in a million). When
  the table has been emptied (`flush`, `restore`, `load_demo --reset`), the next row gets a new random epoch, so
  no version from before recurs though the sum starts again.

The triggers are dropped before every `migrate` (`remove_triggers`: a trigger naming columns would stop a column's
type from being altered, and a backwards migration may remove the table they write to) and created again after it
(`install_triggers`, which also moves the version, as a migration's data changes were not counted), on the tables
and columns the database has then; tests/core/test_versions.py fails if any model's table is not watched. Columns
written on every sign-in (`IGNORED_COLUMNS`) do not change the version, or each sign-in would empty the cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import get_script_prefix

from core.models import DataVersion

WATCHED_APPS = ("auth", "core", "inspections", "performance", "improvement")
IGNORED_COLUMNS = {"auth_user": frozenset({"last_login"})}
PREFIX = "data_version"
TABLE = DataVersion._meta.db_table
# One statement adding a random increment to the writing connection's row, with a random epoch for a new row.
# SQLite's random() is a 64-bit integer, PostgreSQL's a float in [0, 1).
SQLITE_BUMP = (
    f"INSERT INTO {TABLE} (slot, counter, epoch) VALUES (0, abs(random() % 1000000) + 1, "
    "abs(random() % 4611686018427387904)) ON CONFLICT(slot) DO UPDATE SET counter = counter + excluded.counter"
)
POSTGRESQL_BUMP = (
    f"INSERT INTO {TABLE} (slot, counter, epoch) VALUES (pg_backend_pid(), floor(random() * 1000000)::bigint + 1, "
    f"floor(random() * 4e18)::bigint) ON CONFLICT (slot) DO UPDATE SET counter = {TABLE}.counter + EXCLUDED.counter"
)
# How often (one write in this many) a PostgreSQL writer folds the rows of ended connections into row 0.
FOLD_EVERY = 200
PAGE_CACHE = "pages"
PAGE_SECONDS = 60 * 60 * 24

T = TypeVar("T")


def data_version(using: str = "default") -> str | None:
    """The data version as this connection sees it, as "epoch.sum" (one query); None when no write has been
    counted since the table was emptied, when nothing may be cached."""
    # By hand rather than through the ORM: every cached page asks, and this is a fifth of a cached page's time.
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT MAX(epoch), SUM(counter) FROM {TABLE}")
        epoch, total = cursor.fetchone()
    return None if total is None else f"{epoch}.{total}"


def cached_under_version(key: str, compute: Callable[[str | None], T], *, timeout: int = PAGE_SECONDS) -> T:
    """`compute(version)`, cached in this process (the `pages` cache) under `key` and the data version, which it is
    given (read once, first): computed again after any write. For what depends on the code as well as the data
    (rendered HTML): a new release starts with an empty cache, and a version is the same number on every server."""
    version = data_version()
    if version is None:
        return compute(None)
    cache = caches[PAGE_CACHE]
    full_key = f"{key}@{get_script_prefix()}@{version}"
    found: T | None = cache.get(full_key)
    if found is None:
        found = compute(version)
        cache.set(full_key, found, timeout)
    return found


def watched_tables() -> list[str]:
    """Every table whose writes change the data version."""
    tables = {
        model._meta.db_table
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not DataVersion and model._meta.managed
    }
    return sorted(tables)


POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PREFIX}_bump() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    folded bigint;
BEGIN
    {POSTGRESQL_BUMP};
    IF random() < 1.0 / {FOLD_EVERY} AND pg_try_advisory_xact_lock(hashtext('{PREFIX}_fold')) THEN
        WITH ended AS (
            DELETE FROM {TABLE} WHERE slot IN (
                SELECT slot FROM {TABLE}
                WHERE slot <> 0 AND slot NOT IN (SELECT pid FROM pg_stat_activity)
                FOR UPDATE SKIP LOCKED
            ) RETURNING counter
        )
        SELECT SUM(counter) INTO folded FROM ended;
        IF folded IS NOT NULL THEN
            INSERT INTO {TABLE} (slot, counter, epoch) VALUES (0, folded, floor(random() * 4e18)::bigint)
            ON CONFLICT (slot) DO UPDATE SET counter = {TABLE}.counter + EXCLUDED.counter;
        END IF;
    END IF;
    RETURN NULL;
END
$$
"""


def _triggers(connection: BaseDatabaseWrapper, table: str) -> list[str]:
    """The statements creating `table`'s triggers. Updates of `IGNORED_COLUMNS` alone do not count, so that
    table's update trigger names the other columns, as the database has them now."""
    quote = connection.ops.quote_name
    update = "UPDATE"
    ignored = IGNORED_COLUMNS.get(table)
    if ignored:
        update = "UPDATE OF " + ", ".join(quote(c) for c in sorted(_columns(connection, table) - ignored))
    if connection.vendor == "postgresql":
        return [
            f"CREATE TRIGGER {quote(f'{PREFIX}_{name}')} BEFORE {event} ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}_bump()"
            for event, name in (("INSERT OR DELETE OR TRUNCATE", "write"), (update, "update"))
        ]
    return [
        f"CREATE TRIGGER {quote(f'{PREFIX}_{table}_{name}')} AFTER {event} ON {quote(table)} BEGIN {SQLITE_BUMP}; END"
        for event, name in (("INSERT", "insert"), ("DELETE", "delete"), (update, "update"))
    ]


def _columns(connection: BaseDatabaseWrapper, table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _check_vendor(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(f"No data version triggers for {connection.vendor}; use PostgreSQL or SQLite.")


def remove_triggers(using: str = "default") -> None:
    """Drop every data version trigger (and PostgreSQL's function): before `migrate` changes tables."""
    connection = connections[using]
    _check_vendor(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}_bump() CASCADE")  # and every trigger calling it
            return
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{PREFIX}%"])
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER IF EXISTS {connection.ops.quote_name(name)}")


def install_triggers(using: str = "default") -> int:
    """Create the data version's triggers on every watched table that exists, and move the version (what the
    migration wrote was not counted); returns how many tables. Nothing when the version's table does not exist
    or is not as this release made it (before core's migrations, or after they were migrated backwards)."""
    connection = connections[using]
    _check_vendor(connection)
    remove_triggers(using)
    existing = set(connection.introspection.table_names())
    if TABLE not in existing or _columns(connection, TABLE) != {f.column for f in DataVersion._meta.local_fields}:
        return 0  # core migrated back: the release that made the table installs its own triggers
    tables = [t for t in watched_tables() if t in existing]
    statements = [POSTGRESQL_FUNCTION] if connection.vendor == "postgresql" else []
    statements += [statement for table in tables for statement in _triggers(connection, table)]
    statements.append(POSTGRESQL_BUMP if connection.vendor == "postgresql" else SQLITE_BUMP)
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
