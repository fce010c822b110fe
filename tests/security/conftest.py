import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests sign in and fail to sign in hundreds of times; the production hasher's million rounds of
    PBKDF2 would make that minutes. What is under test is who may sign in, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, settings, tmp_path):
    """One of every kind of object, with an owner, a lead, another manager, a committee member and an admin."""
    from tests.security.test_access_matrix import World

    storage = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**storage, "OPTIONS": {"location": str(tmp_path)}}}
    return World()
