"""Production security settings, response headers, CSRF, password strength and session expiry."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ManagerFactory

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

client = Client()
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
health = client.get("/healthz", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "status": secure.status_code,
    "headers": dict(secure.headers),
    "health_headers": dict(health.headers),
    "csrf_cookie": {k: str(v) for k, v in secure.cookies["csrftoken"].items()},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
}))
"""


def production_env(tmp_path) -> dict:
    # The browser tests' harness sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; no deployment has it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tracker.council.example,testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "TRUSTED_PROXIES": "127.0.0.1,10.1.0.0/28",
    }


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Environment of a production deployment, with static files collected as a deployment would."""
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    return env


def test_check_deploy_reports_nothing_with_production_settings(production):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {**production_env(tmp_path), "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_headers_and_cookies(production):
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=production, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["plain_status"] == 301
    assert probe["plain_location"].startswith("https://")
    assert probe["status"] == 200
    for headers in (probe["headers"], probe["health_headers"]):
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert probe["headers"]["X-Frame-Options"] == "DENY"
    assert probe["csrf_cookie"]["secure"] == "True"
    assert probe["csrf_cookie"]["samesite"] == "Lax"
    assert probe["session_cookie_secure"] is True
    assert probe["session_cookie_httponly"] is True
    assert probe["csrf_cookie_secure"] is True


def _script_src(header: str) -> list[str]:
    directives = dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return directives["script-src"].split()


def test_csp_allows_only_this_sites_scripts(client, db):
    header = client.get(reverse("login"))["Content-Security-Policy"]
    sources = _script_src(header)
    assert "'self'" in sources
    # Only 'self' and, on a page that uses one, a per-response nonce: no inline, eval or other hosts.
    assert all(s == "'self'" or s.startswith("'nonce-") for s in sources), sources
    assert "frame-ancestors 'none'" in header
    assert "object-src 'none'" in header
    assert "base-uri 'self'" in header


def test_every_inline_script_on_a_page_carries_the_nonce_or_is_data(admin_client):
    """Inline script without the nonce would be blocked by the browser; data islands are not executed."""
    response = admin_client.get(reverse("home"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        if "src=" in tag or 'type="application/json"' in tag:
            continue
        assert nonce and f'nonce="{nonce.group(1)}"' in tag, f"inline script without this response's nonce: {tag}"


def test_clickjacking_and_sniffing_headers(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_post_without_csrf_token_is_refused(db):
    user = ManagerFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": user.username, "password": "a-long-test-password"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_post_with_csrf_token_signs_in(db):
    user = ManagerFactory()
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    response = client.post(
        reverse("login"), {"username": user.username, "password": "a-long-test-password", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    "password",
    ["short1!", "password1234", "123456789012345", "jo.bloggs.council"],
    ids=["too-short", "common", "numeric", "like-username"],
)
def test_weak_passwords_are_rejected(db, password):
    user = ManagerFactory.build(username="jo.bloggs", email="jo.bloggs@council.example")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_strong_password_is_accepted(db):
    validate_password("correct horse battery staple 42", ManagerFactory.build(username="jo.bloggs"))


def test_session_lasts_one_working_day_and_ends_with_the_browser():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_expired_session_is_sent_back_to_login(client, db):
    user = ManagerFactory()
    assert client.login(username=user.username, password="a-long-test-password")
    assert client.get(reverse("home")).status_code == 200

    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_session_expiry_is_set_from_the_cookie_age(client, db):
    user = ManagerFactory()
    client.login(username=user.username, password="a-long-test-password")
    session = Session.objects.get()
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 8 * 60 * 60 - 60 < remaining <= 8 * 60 * 60


def test_readme_proxy_settings_match_the_apps_limits():
    """The nginx example in the README's deployment section: body size = the app's limit, timeouts nested
    proxy > gunicorn worker > PDF print, and the trusted proxy set in the example environment."""
    readme = (ROOT / "README.md").read_text()
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", readme).group(1))
    assert body_mb * 1024 * 1024 == settings.REQUEST_BODY_MAX_BYTES
    proxy_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", readme).group(1))
    worker_timeout = int(re.search(r"gunicorn config\.wsgi:application .*--timeout (\d+)", readme).group(1))
    assert proxy_timeout > worker_timeout > settings.PDF_RENDER_TIMEOUT
    assert f"--timeout {worker_timeout}" in readme and f"after {settings.PDF_RENDER_TIMEOUT} s" in readme
    assert re.search(r"^TRUSTED_PROXIES=127\.0\.0\.1$", readme, flags=re.M)
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in readme
