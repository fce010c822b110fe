"""Benchmark: large observation files, time and peak memory (goal: no timeout, at most 500 MB).

`python -m bench.import_scale command ROWS`: a ROWS-row CSV through `manage.py import_observations` (streamed, two
passes, no limits). `python -m bench.import_scale page ROWS`: a ROWS-row XLSX workbook through the upload page
(preview, then commit) with Django's test client, each request timed against gunicorn's 60 s worker timeout, by
the wall clock and by CPU time (the steadier measure on a shared machine; the goal is 15 s each). Each run is its
own process on a fresh SQLite database in a temporary directory, so the peak resident memory it prints (ru_maxrss)
is that of the import alone plus Django; the file is written before the clock starts.
"""

from __future__ import annotations

import datetime
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.import_observations import _ensure_django

MEMORY_GOAL_MB = 500
REQUEST_TIMEOUT_SECONDS = 60  # gunicorn's --timeout in the deployment (README, Deployment)
REQUEST_GOAL_SECONDS = 15  # each request, with headroom under the timeout on a loaded machine
INDICATORS = 12
AUTHORITIES = 200


def _catalogue() -> tuple[list[str], list[str]]:
    from performance.models import Authority, Indicator

    if not Authority.objects.filter(kind=Authority.Kind.COUNCIL).exists():
        Authority.objects.create(name="Bench council", code="bench-council", kind="council", child_population=50000)
    Authority.objects.bulk_create(
        Authority(name=f"Bench {n}", code=f"bench-{n:03d}", kind="comparator") for n in range(AUTHORITIES - 1)
    )
    codes = []
    for n in range(INDICATORS):
        unit = "percent" if n % 2 else "count"
        code = f"bench_{unit}_{n}"
        Indicator.objects.create(code=code, name=code, unit=unit, polarity="higher", default_tolerance=5)
        codes.append(code)
    return codes, ["", *(f"bench-{n:03d}" for n in range(AUTHORITIES - 1))]


def _rows(rows: int, codes: list[str], authorities: list[str]):
    """Monthly figures from January 1990 on, for every indicator and authority; this council's carry a target each
    April, as a monthly performance file does."""
    from performance.rules import period_end_after

    n, month = 0, 0
    while True:
        day = period_end_after(datetime.date(1990, 1, 31), month)
        for code in codes:
            for authority in authorities:
                if n == rows:
                    return
                value = "c" if n % 97 == 0 else 40 + n % 55
                target = 60 if not authority and day.month == 4 else None
                yield code, day, value, authority, target, f"row {n}"
                n += 1
        month += 1


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cpu() -> float:
    """CPU seconds of this process: on a shared, loaded machine a steadier measure than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def command(rows: int) -> dict:
    _ensure_django()
    from django.core.management import call_command

    from performance.models import Observation

    codes, authorities = _catalogue()
    path = Path(tempfile.mkdtemp(prefix="bench-import-")) / "observations.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("indicator,period_end,value,authority,target,note\n")
        for code, day, value, authority, target, note in _rows(rows, codes, authorities):
            file.write(f"{code},{day},{value},{authority},{'' if target is None else target},{note}\n")
    started, cpu = time.perf_counter(), _cpu()
    call_command("import_observations", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    stored = Observation.objects.count()
    return {
        "name": "import_command_csv",
        "rows": rows,
        "megabytes": round(path.stat().st_size / 2**20, 1),
        "stored": stored,
        "seconds": round(seconds, 1),
        "rows_per_second": round(rows / seconds),
        "cpu_seconds": round(cpu, 1),
        "peak_mb": _peak_mb(),
        "meets_goal": stored >= rows and _peak_mb() <= MEMORY_GOAL_MB,
    }


def page(rows: int) -> dict:
    _ensure_django()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from openpyxl import Workbook

    from performance.models import Observation

    codes, authorities = _catalogue()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("figures")
    sheet.append(["indicator", "period_end", "value", "authority", "target", "note"])
    for code, day, value, authority, target, note in _rows(rows, codes, authorities):
        sheet.append([code, day, value, authority or None, target, note])
    path = Path(tempfile.mkdtemp(prefix="bench-import-")) / "observations.xlsx"
    book.save(path)
    admin = get_user_model().objects.create_superuser("bench-admin", "bench@example.org", "x")
    setup_test_environment()  # so that responses carry their template context (the preview's token)
    client = Client()  # "testserver", which setup_test_environment allows whatever ALLOWED_HOSTS says
    client.force_login(admin)

    started, cpu = time.perf_counter(), _cpu()
    upload = SimpleUploadedFile("observations.xlsx", path.read_bytes())
    response = client.post(reverse("performance:import"), {"file": upload})
    preview_seconds, preview_cpu = time.perf_counter() - started, _cpu() - cpu
    if response.status_code != 200 or not response.context or "token" not in response.context:
        problems = (
            response.context.get("errors") if response.context else response.content[:300].decode("utf-8", "replace")
        )
        raise RuntimeError(f"preview failed ({response.status_code}): {problems}")
    started, commit_cpu = time.perf_counter(), _cpu()
    response = client.post(reverse("performance:import_commit"), {"token": response.context["token"]})
    commit_seconds, commit_cpu = time.perf_counter() - started, _cpu() - commit_cpu
    stored = Observation.objects.count()
    slowest = max(preview_seconds, commit_seconds)
    return {
        "name": "import_page_xlsx",
        "rows": rows,
        "megabytes": round(path.stat().st_size / 2**20, 1),
        "stored": stored,
        "preview_seconds": round(preview_seconds, 1),
        "commit_seconds": round(commit_seconds, 1),
        "rows_per_second": round(rows / (preview_seconds + commit_seconds)),
        "preview_cpu_seconds": round(preview_cpu, 1),
        "commit_cpu_seconds": round(commit_cpu, 1),
        "cpu_seconds": round(preview_cpu + commit_cpu, 1),
        "peak_mb": _peak_mb(),
        "meets_goal": response.status_code == 302
        and stored >= rows
        and slowest < REQUEST_TIMEOUT_SECONDS
        and max(preview_cpu, commit_cpu) < REQUEST_GOAL_SECONDS
        and _peak_mb() <= MEMORY_GOAL_MB,
    }


if __name__ == "__main__":
    kind, count = sys.argv[1], int(sys.argv[2])
    print(json.dumps({"command": command, "page": page}[kind](count)))
