import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Factories make several users per test; the production hasher would make these modules slow for no gain.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
