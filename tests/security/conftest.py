import pytest


@pytest.fixture
def world(db, settings, tmp_path):
    """One of every kind of object, with an owner, a lead, another manager, a committee member and an admin."""
    from tests.security.test_access_matrix import World

    storage = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**storage, "OPTIONS": {"location": str(tmp_path)}}}
    return World()
