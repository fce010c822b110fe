import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from core.access import role_may_read
from core.roles import Role, role_name

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
    role = role_name(user)
    links = _links(role, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    current = _current_url([url for _, url in links], request.path)
    nav = [{"label": label, "url": url, "current": url == current} for label, url in links]
    return {
        "nav_links": nav,
        "user_role": role,
        "user_is_admin": role == Role.ADMIN,
        "export_choices": [("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
    }


@functools.cache
def _links(role: str, urlconf: str, prefix: str) -> tuple[tuple[str, str], ...]:
    """(label, path) of each page `role` may open, reversed once per role, URL configuration and path prefix
    (they are the same on every request: every page costs this otherwise, the dashboard a sixth of its time)."""
    names = [(label, name) for label, name in NAVIGATION if role_may_read(role, name)]
    if role == Role.ADMIN:
        names.append(("Administration", "admin:index"))
    links = []
    for label, name in names:
        try:
            links.append((label, reverse(name, urlconf=urlconf)))
        except NoReverseMatch:  # a page not installed in this deployment
            continue
    return tuple(links)


def _current_url(urls: list[str], path: str) -> str | None:
    """The one link for this page: an exact match, else the longest link the path sits under (so
    /performance/entry/ marks "Enter figures", not "Performance" as well)."""
    if path in urls:
        return path
    under = [url for url in urls if url != "/" and path.startswith(url)]
    return max(under, key=len, default=None)
