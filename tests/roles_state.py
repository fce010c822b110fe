"""Puts the role groups and the indicator catalogue back after a test that empties the database.

Tests that run in real transactions (live server, browser, `transaction=True`) end by emptying every table, which
also removes the groups the migrations created; any test after them in the same process (pytest-xdist runs files
in any order) would find no roles. The groups and their permissions are recorded once, right after the migrations
built the test database, and put back from that record: the same roles whichever migrations shaped them.
"""

from django.db.models import Q

TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}

_migrated_roles: dict[str, list[tuple[str, str]]] = {}


def empties_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def record_roles() -> None:
    from django.contrib.auth.models import Group

    from core.roles import Role

    _migrated_roles.clear()
    for group in Group.objects.filter(name__in=Role.ALL).prefetch_related("permissions__content_type"):
        _migrated_roles[group.name] = [(p.content_type.app_label, p.codename) for p in group.permissions.all()]


def restore_roles() -> None:
    """Recreate any recorded role that is missing. Permissions themselves are re-created by Django when the tables
    are emptied (its post-migrate step), under new ids, so they are found by app and codename."""
    from django.contrib.auth.models import Group, Permission

    if not _migrated_roles:
        return
    missing = set(_migrated_roles) - set(Group.objects.filter(name__in=_migrated_roles).values_list("name", flat=True))
    for name in sorted(missing):
        codes = Q(pk__in=[])
        for app_label, codename in _migrated_roles[name]:
            codes |= Q(content_type__app_label=app_label, codename=codename)
        Group.objects.create(name=name).permissions.set(Permission.objects.filter(codes))


def restore_catalogue() -> None:
    """Put back the indicators the catalogue migration ships (tests read them by code: `contacts`, ...)."""
    from performance.catalogue import sync_catalogue
    from performance.models import Indicator

    sync_catalogue(Indicator, only_missing=True)
