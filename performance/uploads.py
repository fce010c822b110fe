"""An upload between its preview and its commit.

The preview's checked rows wait server-side in the database cache (several app servers share it) for an hour,
compressed (`importer.to_payload`), with a DfE file's child populations beside them; the session holds the token
and the file name, so only the admin who previewed can commit. The commit resolves the rows against the catalogue
as it is then (`importer.from_payload`) rather than reading the file again.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from performance import importer

SESSION_KEY = "performance_import"
CACHE_SECONDS = 60 * 60
PREVIEW_ROWS = 200


@dataclass
class Pending:
    token: str
    filename: str
    parsed: importer.ParsedFile
    populations: dict[tuple[int, datetime.date], tuple[int, str]]


def _keys(token: str) -> tuple[str, str]:
    return f"performance-import:{token}", f"performance-import:{token}:populations"


def hold(session: MutableMapping[str, Any], parsed: importer.ParsedFile, filename: str) -> str:
    """Keep a checked file for its commit; returns the token the preview page posts back."""
    token = secrets.token_urlsafe(24)
    rows, populations = _keys(token)
    cache.set(rows, importer.to_payload(parsed.inputs, parsed.row_numbers), CACHE_SECONDS)
    listed = [[a, d.isoformat(), p, source] for (a, d), (p, source) in parsed.populations.items()]
    cache.set(populations, listed, CACHE_SECONDS)
    session[SESSION_KEY] = {"token": token, "filename": filename}
    return token


def waiting(session: MutableMapping[str, Any], token: str) -> Pending | None:
    """The upload this session previewed under `token`, or None (expired, committed, or another session's)."""
    pending = session.get(SESSION_KEY) or {}
    rows, populations = _keys(token)
    payload = cache.get(rows) if token and token == pending.get("token") else None
    if payload is None:
        return None
    found = {(a, datetime.date.fromisoformat(d)): (p, source) for a, d, p, source in cache.get(populations) or []}
    return Pending(token, pending.get("filename", "upload"), importer.from_payload(payload), found)


def release(session: MutableMapping[str, Any], token: str) -> None:
    cache.delete_many(list(_keys(token)))
    session.pop(SESSION_KEY, None)


def preview_context(parsed: importer.ParsedFile) -> dict[str, Any]:
    """What the preview shows: new, changed and unchanged figures and the periods whose colour changes."""
    plan, changes = importer.preview(parsed), importer.colour_changes(parsed)
    return {
        "plan": plan,
        "colour_changes": changes,
        "more_colours": len(changes) - PREVIEW_ROWS,
        "preview_rows": PREVIEW_ROWS,
        "more_new": len(plan.new) - PREVIEW_ROWS,
        "more_changed": len(plan.changed) - PREVIEW_ROWS,
        "ignored": parsed.ignored,
    }
