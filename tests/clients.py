"""Test clients signed in as a given user (the `*_client` fixtures in tests/conftest.py cover the usual roles)."""

from django.test import Client


def client_for(user) -> Client:
    # The shared *_client fixtures are one Client object; tests with two people need a client each.
    client = Client()
    client.force_login(user)
    return client
