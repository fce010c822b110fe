"""The site's home page: where every active plan stands, what is late, coverage and key indicators, as at a date."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from improvement.dashboard.builder import dashboard


def _as_at(request):
    """`?as_at=YYYY-MM-DD` shows the dashboard as it stood on a past date; anything else means today."""
    raw = request.GET.get("as_at", "")
    try:
        day = parse_date(raw) if raw else None
    except ValueError:
        day = None
    today = timezone.localdate()
    return (day if day and day <= today else today), bool(raw) and day is None


def home(request):
    as_at, bad_date = _as_at(request)
    context = dashboard(as_at)
    context["bad_date"] = bad_date
    context["is_today"] = as_at == timezone.localdate()
    return render(request, "improvement/dashboard.html", context)
