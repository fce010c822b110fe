"""An upload between its preview and its commit.

The preview's checked rows wait server-side in the database cache (several app servers share it) for an hour,
compressed (`to_payload`), with a DfE file's child populations beside them; the session holds the token
and the file name, so only the admin who previewed can commit. The commit resolves the rows against the catalogue
as it is then (`from_payload`) rather than reading the file again.

A token is committed once: `commit` claims the stored rows by deleting them before it writes, and the delete's
row count settles a race, so of two simultaneous commits of one preview (a double click, two tabs) exactly one
writes and the other is refused (`AlreadyCommitted`) having written nothing.
"""

from __future__ import annotations

import datetime
import json
import secrets
import zlib
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache

from performance import importer, services
from performance.importing import limits as import_limits
from performance.importing import validation
from performance.importing.validation import RowError
from performance.services import ObservationInput

SESSION_KEY = "performance_import"
CACHE_SECONDS = 60 * 60
PREVIEW_ROWS = 200


GONE_MESSAGE = "This import has already been committed (or its preview expired): upload the file again to check it."


class AlreadyCommitted(Exception):
    """The preview is no longer waiting: committed by another request, expired, or another session's."""


@dataclass
class Pending:
    token: str
    filename: str
    parsed: importer.ParsedFile
    populations: dict[tuple[int, datetime.date], tuple[int, str]]
    payload: bytes  # the stored rows as kept, to put back if a claimed commit fails unexpectedly


# The checked rows wait as plain codes and strings with their row numbers, compressed. On commit they are resolved
# against the catalogue as it is then (two queries) rather than read and checked again: every row is checked once
# more as it is written (`services.apply_observations`), and the derived figures over the whole file after the last
# chunk.
def to_payload(inputs: Sequence[ObservationInput], row_numbers: Sequence[int] = ()) -> bytes:
    numbers = list(row_numbers) or range(2, len(inputs) + 2)
    rows = [
        [
            number,
            i.indicator.code,
            i.authority.code,
            i.period_end.isoformat(),
            None if i.value is None else str(i.value),
            i.missing_reason,
            i.note,
            None if i.target is None else str(i.target),
        ]
        for number, i in zip(numbers, inputs, strict=True)
    ]
    return zlib.compress(json.dumps(rows, separators=(",", ":")).encode(), 6)


def from_payload(payload: bytes) -> importer.ParsedFile:
    """Rebuild a stored upload as a ParsedFile against the catalogue as it is now: a row whose indicator or
    authority has since been removed, or whose indicator became derived or changed frequency or unit rules, is
    refused with its row number."""
    parsed = importer.ParsedFile()
    problems = validation.Problems(parsed, import_limits.WEB.errors)
    lookups = validation.Lookups()
    for number, code, authority_code, day, value, reason, note, target in json.loads(zlib.decompress(payload)):
        indicator, authority = lookups.indicators.get(code.lower()), lookups.authorities.get(authority_code.lower())
        if indicator is None or authority is None:
            what = f"indicator '{code}'" if indicator is None else f"authority '{authority_code}'"
            problems.add(RowError(number, "", f"The {what} was removed after the preview; upload the file again."))
            continue
        item = ObservationInput(
            indicator,
            authority,
            datetime.date.fromisoformat(day),
            None if value is None else Decimal(value),
            reason,
            note,
            None if target is None else Decimal(target),
        )
        checked = services.input_errors(
            indicator=indicator, value=item.value, target=item.target, period_end=item.period_end
        )
        for column, message in checked.items():
            problems.add(RowError(number, column, message))
        if not checked:
            parsed.inputs.append(item)
            parsed.row_numbers.append(number)
    return importer.with_derived_checks(parsed, problems)


def _keys(token: str) -> tuple[str, str]:
    return f"performance-import:{token}", f"performance-import:{token}:populations"


def hold(session: MutableMapping[str, Any], parsed: importer.ParsedFile, filename: str) -> str:
    """Keep a checked file for its commit; returns the token the preview page posts back."""
    token = secrets.token_urlsafe(24)
    rows, populations = _keys(token)
    cache.set(rows, to_payload(parsed.inputs, parsed.row_numbers), CACHE_SECONDS)
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
    return Pending(token, pending.get("filename", "upload"), from_payload(payload), found, payload)


def claim(pending: Pending) -> bool:
    """Take a waiting upload for its commit: True for exactly one of any number of simultaneous callers.

    Every cache backend's `delete` says whether it deleted; on the database cache it is one DELETE, and its row
    count is decided by the database (a second DELETE of the row waits for the first and then finds nothing)."""
    rows, _ = _keys(pending.token)
    return cache.delete(rows)


def commit(session: MutableMapping[str, Any], token: str, *, user) -> tuple[Pending, services.ApplyResult]:
    """Write the upload this session previewed under `token`, once.

    Raises AlreadyCommitted (nothing written) if it is not waiting or another request claimed it first, and
    importer.ImportRejected (nothing written) if the catalogue or the stored figures changed since the preview so
    that it can no longer be written: the preview is then spent and the file must be uploaded again. Any other
    failure puts the preview back, so it can be committed again."""
    pending = waiting(session, token)
    if pending is None or not claim(pending):
        raise AlreadyCommitted(token)
    reason = f"Imported from {pending.filename}"[:100]
    try:
        if not pending.parsed.ok:  # an indicator or authority removed, or an indicator made derived, since
            raise importer.ImportRejected(pending.parsed.errors, pending.parsed.error_count)
        result = importer.apply(pending.parsed.inputs, pending.populations, user=user, reason=reason)
    except importer.ImportRejected:
        release(session, token)
        raise
    except BaseException:
        cache.set(_keys(token)[0], pending.payload, CACHE_SECONDS)
        raise
    release(session, token)
    return pending, result


def release(session: MutableMapping[str, Any], token: str) -> None:
    cache.delete_many(list(_keys(token)))
    session.pop(SESSION_KEY, None)


def preview_context(parsed: importer.ParsedFile) -> dict[str, Any]:
    """What the preview shows: new, changed and unchanged figures and the periods whose colour changes."""
    writes, changes = importer.preview(parsed), importer.colour_changes(parsed)
    return {
        "writes": writes,
        "colour_changes": changes,
        "more_colours": len(changes) - PREVIEW_ROWS,
        "preview_rows": PREVIEW_ROWS,
        "more_new": len(writes.new) - PREVIEW_ROWS,
        "more_changed": len(writes.changed) - PREVIEW_ROWS,
        "ignored": parsed.ignored,
    }
