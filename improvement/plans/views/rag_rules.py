"""The page that explains how every colour is decided, in the words and with the thresholds of the rules modules
themselves (`improvement.plans.rules`, `performance.rules`): change a constant there and this page changes."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.rag import RAG
from improvement.plans import rules
from performance import rules as performance_rules


def thresholds() -> dict:
    """The rules' own constants, read when the page is drawn."""
    return {
        "due_soon_days": rules.DUE_SOON_DAYS,
        "not_started_grace_days": rules.NOT_STARTED_GRACE_DAYS,
        "slip_points": rules.PROGRESS_SLIP_POINTS,
        "red_share_percent": rules.RED_SHARE_FOR_RED_ROLLUP * 100,
        "reporting_months": performance_rules.REPORTING_MONTHS,
        "not_yet_started": rules.NOT_YET_STARTED,
        "colours": {colour.value: colour.label for colour in RAG},
    }


@require_safe
def rag_rules(request):
    return render(request, "improvement/rag_rules.html", {"rules": thresholds()})
