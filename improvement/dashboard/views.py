"""The site's home page: where every active plan stands, what is late, coverage and key indicators, as at a date."""

from django.shortcuts import render
from django.template.loader import render_to_string

from core.asat import read_as_at
from core.versions import cached_under_version
from improvement.dashboard.builder import dashboard


def home(request):
    """The page's body is the same for every reader (every role may read all of it), so it is rendered once per
    date and data version (`cached_under_version`): while nothing is written, a visit costs a version query."""
    as_at = read_as_at(request)

    def body(version: str | None) -> str:
        context = {**dashboard(as_at.day, version), "is_today": not as_at.is_past}
        return render_to_string("improvement/includes/dashboard_body.html", context)

    key = f"dashboard:{as_at.day.isoformat()}:{'past' if as_at.is_past else 'today'}"
    return render(request, "improvement/dashboard.html", {"body": cached_under_version(key, body)})
