"""Benchmark: import a 10,000-row observations file, validation included (goal: at least 3,000 rows/s).

`run()` is called by `python -m bench`; `python -m bench.import_observations [ROWS]` runs it alone. Outside an
already configured Django it uses a fresh SQLite database in a temporary directory, never the project's; inside
one, everything it writes is rolled back.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time

GOAL_ROWS_PER_SECOND = 3000
MONTHS = 240  # months of figures from January 1990: all ended by 2010


def _ensure_django() -> None:
    from django.conf import settings

    if settings.configured:
        return
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='bench-')}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def indicator_codes(rows: int) -> list[str]:
    """Enough indicators (bench_<unit>_<n>) that `rows` rows fit in MONTHS months from January 1990 at three
    authorities each: a figure for a period that has not ended is refused."""
    return [f"bench_{('percent', 'count')[i % 2]}_{i}" for i in range(max(4, -(-rows // (3 * MONTHS))))]


def _csv(rows: int, codes: list[str]) -> bytes:
    """`rows` rows: monthly figures for several indicators and authorities, a few suppressed, a few with targets."""
    from performance.rules import period_end_after

    lines = ["indicator,period_end,value,authority,target,note"]
    authorities = ["", "bench-leeds", "bench-england"]
    n = 0
    month = 0
    while n < rows:
        period_end = period_end_after(datetime.date(1990, 1, 31), month).isoformat()
        for code in codes:
            for authority in authorities:
                if n == rows:
                    break
                value = "c" if n % 97 == 0 else str(40 + n % 55)
                target = "50" if not authority and month % 12 == 0 else ""
                lines.append(f"{code},{period_end},{value},{authority},{target},bench row {n}")
                n += 1
        month += 1
    return ("\n".join(lines) + "\n").encode()


def run(rows: int = 10_000) -> dict:
    _ensure_django()
    from django.db import transaction

    from performance import importer
    from performance.models import Authority, Indicator

    with transaction.atomic():
        if not Authority.objects.filter(kind=Authority.Kind.COUNCIL).exists():
            Authority.objects.create(name="Bench council", code="bench-council", kind="council", child_population=50000)
        Authority.objects.create(name="Bench Leeds", code="bench-leeds", kind="comparator", child_population=183000)
        Authority.objects.create(name="Bench England", code="bench-england", kind="england")
        codes = indicator_codes(rows)
        for code in codes:
            Indicator.objects.create(code=code, name=code, unit=code.split("_")[1], polarity="higher")
        content = _csv(rows, codes)

        started = time.perf_counter()
        first = importer.import_file(content, "bench.csv", user=None)
        seconds = time.perf_counter() - started

        started = time.perf_counter()
        again = importer.import_file(content, "bench.csv", user=None)
        reimport_seconds = time.perf_counter() - started
        transaction.set_rollback(True)

    rate = rows / seconds
    return {
        "name": "import_observations",
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rate),
        "created": first.created,
        "targets_set": first.targets_set,
        "reimport_seconds": round(reimport_seconds, 3),
        "reimport_unchanged": again.unchanged,
        "goal_rows_per_second": GOAL_ROWS_PER_SECOND,
        "meets_goal": rate >= GOAL_ROWS_PER_SECOND,
    }


if __name__ == "__main__":
    result = run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    for key, value in result.items():
        print(f"{key}: {value}")
    sys.exit(0 if result["meets_goal"] else 1)
