from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from core.access import may_read
from core.roles import is_admin, role_name

NAVIGATION = [
    ("Dashboard", "home"),
    ("Plans", "improvement:plan_list"),
    ("Actions", "improvement:action_list"),
    ("My actions", "improvement:my_actions"),
    ("Inspections", "inspections:inspection_list"),
    ("Recommendations", "improvement:recommendation_list"),
    ("Performance", "performance:indicator_list"),
    ("Committee reports", "improvement:report_list"),
    ("Enter figures", "performance:entry"),
    ("Import figures", "performance:import"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The links a user sees are the pages their role may open (core.access); none for a user with no role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = [(label, name) for label, name in NAVIGATION if may_read(user, name)]
    if is_admin(user):
        names.append(("Administration", "admin:index"))
    links = []
    for label, name in names:
        try:
            links.append((label, reverse(name)))
        except NoReverseMatch:  # a page not installed in this deployment
            continue
    current = _current_url([url for _, url in links], request.path)
    nav = [{"label": label, "url": url, "current": url == current} for label, url in links]
    return {
        "nav_links": nav,
        "user_role": role_name(user),
        "user_is_admin": is_admin(user),
        "export_choices": [("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
    }


def _current_url(urls: list[str], path: str) -> str | None:
    """The one link for this page: an exact match, else the longest link the path sits under (so
    /performance/entry/ marks "Enter figures", not "Performance" as well)."""
    if path in urls:
        return path
    under = [url for url in urls if url != "/" and path.startswith(url)]
    return max(under, key=len, default=None)
