"""The site's home page: where every active plan stands, what is late, coverage and key indicators, as at a date."""

from django.shortcuts import render

from core.asat import read_as_at
from improvement.dashboard.builder import dashboard


def home(request):
    as_at = read_as_at(request)
    context = dashboard(as_at.day)
    context["is_today"] = not as_at.is_past
    return render(request, "improvement/dashboard.html", context)
