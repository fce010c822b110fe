"""Sign-in throttling: after too many failed attempts for one username from one address, refuse to check more.

Failures are kept in the cache, which is the database (settings.CACHES), so every app server sees the same count.
The key is the username with the client address: one person mistyping cannot lock a colleague out, and a guesser
cannot lock the real user out from another machine. Behind a proxy every request comes from the proxy's address,
so the client's address is read from X-Forwarded-For, but only as far as the proxies named in
settings.TRUSTED_PROXIES wrote it; from anyone else the header is ignored, since a client can forge it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60

audit = logging.getLogger("core.audit")


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_address(request) -> str:
    """The address of the machine that sent the request: REMOTE_ADDR, or, where that is a trusted proxy, the
    nearest address in X-Forwarded-For that a trusted proxy did not add itself. Entries to the left of it were
    written by the client (or its own proxies) and could say anything, so they are never used."""
    if request is None:
        return "unknown"
    address = request.META.get("REMOTE_ADDR") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not _trusted(address):
        return address
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        if not hop:
            break
        address = hop
        if not _trusted(hop):
            break
    return address


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
