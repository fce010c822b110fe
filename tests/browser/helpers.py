"""Helpers for browser tests that are plain functions (importable), as opposed to fixtures in conftest.py."""

from django.urls import reverse

TEST_PASSWORD = "a-long-test-password"  # what tests/factories.py gives every user


def log_in(page, live_server, user, password: str = TEST_PASSWORD):
    """Sign in through the real login form, as a person would, and wait for the page after it."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("domcontentloaded")
    return page
