"""Site-wide limits on expensive work: at most N at once across every worker and server.

A slot is a key in the cache, which is the database (settings.CACHES), so every process on every app server sees
the same slots. `cache.add` writes a key only if it is absent (the cache table's primary key settles a race), so two
processes never hold one slot. A slot expires by itself after `hold_seconds`, so a worker killed mid-render cannot
keep it for ever; `hold_seconds` is set longer than the work's own time limit.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

from django.core.cache import cache


class Busy(Exception):
    """Every slot is taken."""


@contextlib.contextmanager
def slot(kind: str, *, limit: int, hold_seconds: int) -> Iterator[int]:
    """Hold one of `limit` slots of `kind` for the duration of the block, or raise Busy at once."""
    token = uuid.uuid4().hex
    for number in range(limit):
        key = f"slot:{kind}:{number}"
        if cache.add(key, token, timeout=hold_seconds):
            break
    else:
        raise Busy(kind)
    try:
        yield number
    finally:
        # Only the holder frees its slot: after an expiry another process may hold the same key.
        if cache.get(key) == token:
            cache.delete(key)
