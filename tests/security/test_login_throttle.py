"""Repeated failed sign-ins for one username from one address are refused for 15 minutes, politely."""

import ipaddress
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from core import auth
from tests.factories import AdminFactory, ManagerFactory

PASSWORD = "a-long-test-password"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def user(db):
    return ManagerFactory(username="jo.manager")


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_times(client, username, n, address="10.0.0.1"):
    for _ in range(n):
        response = attempt(client, username, "wrong-password", address)
        assert response.status_code == 200
        assert "enter a correct username and password" in response.content.decode()


def test_four_failures_then_right_password_signs_in(client, user):
    fail_times(client, user.username, auth.MAX_FAILURES - 1)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_after_five_failures_even_the_right_password_is_refused_with_a_message(client, user):
    fail_times(client, user.username, auth.MAX_FAILURES)
    response = attempt(client, user.username, PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "Wait 15 minutes" in page
    assert 'name="username"' in page  # the form is still shown
    assert "_auth_user_id" not in client.session


def test_throttle_counts_usernames_case_insensitively(client, user):
    fail_times(client, "JO.Manager", auth.MAX_FAILURES)
    assert "Too many failed" in attempt(client, "jo.manager", PASSWORD).content.decode()


def test_throttle_is_per_address_so_a_guesser_cannot_lock_the_user_out(client, user):
    fail_times(client, user.username, auth.MAX_FAILURES, address="203.0.113.9")
    response = attempt(Client(), user.username, PASSWORD, address="10.0.0.1")
    assert response.status_code == 302


def test_throttle_is_per_username(client, user):
    other = ManagerFactory(username="other.manager")
    fail_times(client, user.username, auth.MAX_FAILURES)
    assert attempt(client, other.username, PASSWORD).status_code == 302


def test_success_clears_earlier_failures(client, user):
    fail_times(client, user.username, auth.MAX_FAILURES - 1)
    assert attempt(client, user.username, PASSWORD).status_code == 302
    client.logout()
    fail_times(client, user.username, auth.MAX_FAILURES - 1)
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_failures_older_than_the_window_no_longer_count(client, user, monkeypatch):
    fail_times(client, user.username, auth.MAX_FAILURES)
    assert auth.is_locked(user.username, "10.0.0.1")
    later = time.time() + auth.WINDOW_SECONDS + 1
    monkeypatch.setattr(auth.time, "time", lambda: later)
    assert not auth.is_locked(user.username, "10.0.0.1")
    assert attempt(client, user.username, PASSWORD).status_code == 302


def test_failures_are_kept_in_the_database_cache(client, user):
    from django.db import connection

    fail_times(client, user.username, 1)
    # This user's key only: browser tests on the same worker commit their own failed sign-ins to the same table.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM cache_table WHERE cache_key LIKE %s", [f"%{auth._key(user.username, '10.0.0.1')}"]
        )
        assert cursor.fetchone()[0] == 1


def test_admin_site_sign_in_is_throttled_too(client, db):
    admin = AdminFactory(username="site.admin")
    for _ in range(auth.MAX_FAILURES):
        response = client.post(
            reverse("admin:login"), {"username": admin.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1"
        )
        assert response.status_code == 200
    response = client.post(
        reverse("admin:login"), {"username": admin.username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.1"
    )
    assert response.status_code == 200
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_site_and_admin_sign_in_share_one_count(client, db):
    admin = AdminFactory(username="site.admin")
    fail_times(client, admin.username, auth.MAX_FAILURES - 1)
    client.post(reverse("admin:login"), {"username": admin.username, "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert "Too many failed" in attempt(client, admin.username, PASSWORD).content.decode()


PROXY = "10.8.0.2"


def attempt_via(client, username, password, *, forwarded_for, remote=PROXY):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.8.0.0/29")]


def test_behind_a_trusted_proxy_a_guesser_cannot_lock_the_real_user_out(behind_proxy, user):
    guesser = Client()
    for _ in range(auth.MAX_FAILURES * 2):
        attempt_via(guesser, user.username, "wrong-password", forwarded_for="198.51.100.66")
    assert (
        "Too many failed"
        in attempt_via(guesser, user.username, PASSWORD, forwarded_for="198.51.100.66").content.decode()
    )

    real = Client()
    response = attempt_via(real, user.username, PASSWORD, forwarded_for="192.0.2.10")
    assert response.status_code == 302
    assert real.session["_auth_user_id"] == str(user.pk)


def test_behind_a_trusted_proxy_a_forged_header_does_not_help_the_guesser(behind_proxy, user):
    """The guesser adds addresses of their own to the header; the proxy appends the guesser's real address, and
    that is the one counted, whatever the guesser wrote."""
    guesser = Client()
    for n in range(auth.MAX_FAILURES):
        attempt_via(guesser, user.username, "wrong-password", forwarded_for=f"192.0.2.{n}, 198.51.100.66")
    response = attempt_via(guesser, user.username, PASSWORD, forwarded_for="192.0.2.99, 198.51.100.66")
    assert "Too many failed" in response.content.decode()
    assert auth.is_locked(user.username, "198.51.100.66")


def test_the_address_is_read_through_a_chain_of_trusted_proxies(behind_proxy, rf):
    request = rf.get("/", REMOTE_ADDR="10.8.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.10, 10.8.0.3")
    assert auth.client_address(request) == "192.0.2.10"


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings, rf, user):
    settings.TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert auth.client_address(request) == "203.0.113.9"
    # A guesser changing the header at every try is still counted at their own address.
    guesser = Client()
    for n in range(auth.MAX_FAILURES):
        attempt_via(guesser, user.username, "wrong", forwarded_for=f"192.0.2.{n}", remote="203.0.113.9")
    assert auth.is_locked(user.username, "203.0.113.9")
    assert (
        attempt_via(Client(), user.username, PASSWORD, forwarded_for="192.0.2.1", remote="203.0.113.9").status_code
        == 200
    )


def test_forwarded_for_from_an_untrusted_address_is_ignored_even_when_proxies_are_set(behind_proxy, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="10.8.0.1")
    assert auth.client_address(request) == "203.0.113.9"


def test_trusted_proxies_setting_refuses_a_bad_value(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "TRUSTED_PROXIES": "10.0.0.1,not-an-address",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "TRUSTED_PROXIES" in result.stderr and "not-an-address" in result.stderr
