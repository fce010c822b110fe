import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """These tests sign in and fail to sign in hundreds of times; the production hasher's million rounds of
    PBKDF2 would make that minutes. What is under test is who may sign in, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
