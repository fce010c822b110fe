"""The audit trail in the log: changes and failed sign-ins with who and when; server errors with a request id
that is also shown to the user and sent in the X-Request-ID header."""

import io
import logging
import re

import pytest
from django.test import Client
from django.urls import path, reverse

# The error handlers come with the site's URLs, since this module is the URLconf of the error test.
from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns
from core import access
from core.middleware import RequestIdLogFilter
from improvement.models import ProgressUpdate
from tests.factories import ActionFactory, CommitteeFactory, IndicatorFactory, ManagerFactory

ISO_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"


def explode(request):
    raise RuntimeError("deliberate failure for the request-id test")


urlpatterns = [*site_urlpatterns, path("boom/", explode, name="boom")]


def audit_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "core.audit"]


def test_failed_login_is_logged_with_username_address_and_time(client, db, caplog):
    ManagerFactory(username="jo.manager")
    with caplog.at_level(logging.INFO, logger="core.audit"):
        client.post(reverse("login"), {"username": "jo.manager", "password": "nope"}, REMOTE_ADDR="192.0.2.7")
    [line] = [m for m in audit_lines(caplog) if m.startswith("login failed")]
    assert "username='jo.manager'" in line
    assert "address=192.0.2.7" in line
    assert re.search(ISO_TIME, line)


def test_password_is_never_logged(client, db, caplog):
    ManagerFactory(username="jo.manager")
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("login"), {"username": "jo.manager", "password": "secret-typo-XYZ"})
    assert "secret-typo-XYZ" not in caplog.text


def test_change_through_history_is_logged_with_user_and_time(db, caplog):
    indicator = IndicatorFactory()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="core.audit"):
        indicator.name = "Renamed"
        indicator.save()
    [line] = audit_lines(caplog)
    assert line.startswith(f"change: performance.Indicator changed id={indicator.pk} by ")
    assert re.search(ISO_TIME, line)


def test_change_made_in_a_request_names_the_signed_in_user(admin_client, admin_user, caplog):
    """simple_history's middleware puts the signed-in user on the history row; the log line repeats it."""
    committee = CommitteeFactory(name="Scrutiny")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="core.audit"):
        response = admin_client.post(
            reverse("admin:improvement_committee_change", args=[committee.pk]),
            {"name": "Children's scrutiny", "kind": committee.kind},
        )
    assert response.status_code == 302
    [line] = [m for m in audit_lines(caplog) if m.startswith("change: improvement.Committee")]
    assert f"changed id={committee.pk} by {admin_user.username} (id {admin_user.pk}) at " in line


def test_progress_update_creation_is_logged_with_author(db, caplog):
    action = ActionFactory()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="core.audit"):
        update = ProgressUpdate.objects.create(
            action=action, author=action.owner, status=action.status, progress=40, commentary="Done more"
        )
    [line] = [m for m in audit_lines(caplog) if "ProgressUpdate" in m]
    assert f"improvement.ProgressUpdate created id={update.pk} by {action.owner.username}" in line


def test_deletion_is_logged(db, caplog):
    indicator = IndicatorFactory()
    pk = indicator.pk
    with caplog.at_level(logging.INFO, logger="core.audit"):
        indicator.delete()
    assert any(m.startswith(f"change: performance.Indicator deleted id={pk}") for m in audit_lines(caplog))


@pytest.mark.urls("tests.security.test_audit_log")
def test_server_error_shows_the_request_id_that_is_logged_and_sent_in_the_header(admin_user, monkeypatch):
    monkeypatch.setitem(access.DOORS, "boom", access.READ)  # deny by default: the test page needs a door too
    # The handler settings.LOGGING configures (pytest adds its own capture handlers beside it).
    [handler] = [
        h
        for h in logging.getLogger("django.request").handlers
        if any(isinstance(f, RequestIdLogFilter) for f in h.filters)
    ]
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    try:
        client = Client(raise_request_exception=False)
        client.force_login(admin_user)
        response = client.get("/boom/")
    finally:
        handler.setStream(old_stream)

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{12}", request_id)
    assert f"<strong>{request_id}</strong>" in response.content.decode()
    logged = stream.getvalue()
    assert f"ERROR [{request_id}] django.request: Internal Server Error: /boom/" in logged
    assert "deliberate failure for the request-id test" in logged


def test_every_response_has_a_fresh_request_id(client, db):
    first = client.get(reverse("login"))["X-Request-ID"]
    second = client.get(reverse("login"))["X-Request-ID"]
    assert first != second
