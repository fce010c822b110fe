"""Signed-in sessions for load tests, made directly in the session store (no password hashing per user).

Prints JSON: for each of N managers with open actions, the session cookie and their open actions' (id, version).
"""

from __future__ import annotations

import json
import os
import sys


def make(users: int, role: str = "Manager") -> list[dict]:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from improvement.models import Action

    chosen = []
    for user in User.objects.filter(groups__name=role, username__startswith="scale").order_by("pk"):
        actions = list(
            Action.objects.filter(owner=user, status__in=["not_started", "in_progress"]).values_list("pk", "version")
        )
        if role == "Manager" and not actions:
            continue
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        chosen.append({"username": user.username, "session": session.session_key, "actions": actions})
        if len(chosen) == users:
            break
    return chosen


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    print(json.dumps(make(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else "Manager")))
