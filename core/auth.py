"""Sign-in throttling: after too many failed attempts for one username from one address, refuse to check more.

Failures are kept in the cache, which is the database (settings.CACHES), so every app server sees the same count.
The key is the username with the client address: one person mistyping cannot lock a colleague out, and a guesser
cannot lock the real user out from another machine. REMOTE_ADDR is used, never X-Forwarded-For, which a client
can forge.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60

audit = logging.getLogger("core.audit")


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "unknown"


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().casefold()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def _recent_failures(key: str, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if now - t < WINDOW_SECONDS]


def is_locked(username: str, address: str) -> bool:
    return len(_recent_failures(_key(username, address), time.time())) >= MAX_FAILURES


def record_failure(username: str, address: str) -> int:
    """Remember one failure (a sliding 15-minute window); returns how many there are in the window."""
    key, now = _key(username, address), time.time()
    failures = [*_recent_failures(key, now), now][-MAX_FAILURES:]
    cache.set(key, failures, timeout=WINDOW_SECONDS)
    return len(failures)


def clear_failures(username: str, address: str) -> None:
    cache.delete(_key(username, address))


THROTTLED = (
    "Too many failed sign-in attempts for this username from your computer. Wait 15 minutes and try again, or ask "
    "an administrator to reset your password."
)


class ThrottleMixin:
    """For AuthenticationForm and its subclasses: the same count guards the site's and the admin site's sign-in."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        address = client_address(self.request)
        if username and is_locked(username, address):
            audit.warning("login refused (throttled): username=%r address=%s", username, address)
            raise forms.ValidationError(THROTTLED, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username and record_failure(username, address) >= MAX_FAILURES:
                audit.warning(
                    "login throttled after %d failures: username=%r address=%s", MAX_FAILURES, username, address
                )
            raise
        clear_failures(username, address)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    pass
