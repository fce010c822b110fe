"""Server time and SQL queries per page, with Django's test Client in this process (warm, median of RUNS).

Run by `python -m bench` in a subprocess whose environment names the database (DATABASE_URL) that
`seed_scale` filled (`python -m bench.pages [RUNS] [no-issue]`); prints one JSON object. `python -m bench` runs it
in ROUNDS alternating between the two factors' databases and pools the times (`pooled`).
"""

from __future__ import annotations

import json
import os
import statistics
import time
from typing import TypeVar

WARMUP = 2
RUNS = 20
# A page slower than this in total stops after MIN_RUNS, so that one slow page cannot push `make bench` past its
# ten minutes; the table then says how many runs its median is of.
BUDGET_SECONDS = 40
MIN_RUNS = 5

T = TypeVar("T")
# The dashboard as the first reader after a manager's save sees it: its cached body (core.versions) is no longer
# valid, and the saved action's plan is counted again (its colours token renewed); the other plans' tallies are read
# back. One action saved (not timed) before each run, in a different plan each time.
AFTER_A_WRITE = "dashboard, first view after an action is saved"


def _seeded(found: T | None, what: str) -> T:
    """`found`, or a refusal naming the missing scale data (bench/__main__ runs seed_scale before this)."""
    if found is None:
        raise RuntimeError(f"No scale {what} in this database: run `manage.py seed_scale` first.")
    return found


def pages() -> dict[str, str]:
    from django.urls import reverse

    from improvement.models import CommitteeReport, Plan
    from performance.models import Indicator

    plan = _seeded(Plan.objects.filter(name__contains="(scale").order_by("pk").first(), "plan")
    indicator = _seeded(Indicator.objects.filter(code__startswith="scale").order_by("pk").first(), "indicator")
    report = _seeded(CommitteeReport.objects.filter(title__contains="(scale").order_by("pk").first(), "report")
    return {
        "dashboard": reverse("home"),
        AFTER_A_WRITE: reverse("home"),
        "action list": reverse("improvement:action_list"),
        "plan page": reverse("improvement:plan_detail", args=[plan.pk]),
        "indicator page": reverse("performance:indicator_detail", args=[indicator.code]),
        "committee report": reverse("improvement:report_detail", args=[report.pk]),
    }


def measure(runs: int = RUNS, issue: bool = True) -> dict:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from improvement.models import Action, Plan

    # An admin sees every page, drafts included, with the most on it.
    user = _seeded(
        User.objects.filter(username__startswith="scale", groups__name="Admin").order_by("pk").first(), "admin"
    )
    client = Client()
    client.force_login(user)
    saved = [
        _seeded(Action.objects.filter(priority__plan=plan).order_by("pk").first(), "action")
        for plan in Plan.objects.filter(name__contains="(scale").order_by("pk")
    ]
    results = {}
    for label, url in pages().items():
        for _ in range(WARMUP):
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
        times: list[float] = []
        counts: set[int] = set()
        for _ in range(runs):
            if len(times) >= MIN_RUNS and sum(times) > BUDGET_SECONDS:
                break
            if label == AFTER_A_WRITE:
                saved[len(times) % len(saved)].save()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            counts.add(len(queries))
        results[label] = {
            "url": url,
            "median_ms": round(statistics.median(times) * 1000, 1),
            "times_ms": [round(t * 1000, 2) for t in times],
            "queries": max(counts),
            "queries_vary": len(counts) > 1,
            "runs": len(times),
        }
    if issue:
        results["issue report"] = issue_report(client, user)
    return results


ISSUE_RUNS = 3


def issue_report(client, user) -> dict:
    """Issuing a draft report: its snapshot (`report_issue`) and its PDF (rendered by Chromium, as it is once at
    issue), each run rolled back so every run issues the same draft. Median of ISSUE_RUNS."""
    from django.db import transaction
    from django.urls import reverse

    from improvement.models import CommitteeReport
    from improvement.reports.services import report_issue

    draft = CommitteeReport.objects.filter(status=CommitteeReport.Status.DRAFT).order_by("pk").first()
    if draft is None:
        raise SystemExit("No draft committee report to issue: run `manage.py seed_scale` first.")
    times = []
    for _ in range(ISSUE_RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            issued = report_issue(report=draft, user=user)
            response = client.get(reverse("improvement:report_pdf", args=[issued.pk]))
            times.append(time.perf_counter() - started)
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf", response.status_code
            transaction.set_rollback(True)
    return {"median_ms": round(statistics.median(times) * 1000, 1), "runs": ISSUE_RUNS}


def pooled(rounds: list[dict]) -> dict:
    """One result per page from several rounds of `measure` on the same database (interleaved with another
    database's rounds, so that a change in the machine's load falls on both alike): the median of every time."""
    result: dict = {}
    for label in rounds[0]:
        if label == "issue report":
            continue
        found = [r[label] for r in rounds]
        times = [t for f in found for t in f["times_ms"]]
        counts = {f["queries"] for f in found}
        result[label] = {
            "url": found[0]["url"],
            "median_ms": round(statistics.median(times), 1),
            "queries": max(counts),
            "queries_vary": len(counts) > 1 or any(f["queries_vary"] for f in found),
            "runs": len(times),
        }
    for r in rounds:
        if "issue report" in r:
            result["issue report"] = r["issue report"]
    return result


PAGE_ROUNDS = 4


def alternating_pages(envs: dict[int, dict], step) -> dict[int, dict]:
    """Page times at each factor, in PAGE_ROUNDS rounds alternating between the databases (small, large, small,
    ...), pooled: the ratio of the two is measured side by side, not minutes apart. A report is issued once, on
    the small one."""
    from bench.serving import run_json

    rounds: dict[int, list[dict]] = {factor: [] for factor in envs}
    per_round = max(RUNS // PAGE_ROUNDS, 1)
    for n in range(PAGE_ROUNDS):
        for factor, env in envs.items():
            step(f"factor {factor}: timing pages (round {n + 1} of {PAGE_ROUNDS})")
            issue = n == 0 and factor == min(envs)
            rounds[factor].append(run_json(env, "bench.pages", per_round, *([] if issue else ["no-issue"])))
    return {factor: pooled(found) for factor, found in rounds.items()}


if __name__ == "__main__":
    import sys

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    print(json.dumps(measure(runs, issue="no-issue" not in sys.argv[2:])))
