from django.urls import NoReverseMatch, reverse

from core.roles import is_admin, is_manager, role_name


def navigation(request):
    """The links a user sees depend on their role: managers get "My actions", admins the data-entry pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = [
        ("Dashboard", "home"),
        ("Plans", "improvement:plan_list"),
        ("Actions", "improvement:action_list"),
    ]
    if is_manager(user) or is_admin(user):
        names.append(("My actions", "improvement:my_actions"))
    names += [
        ("Inspections", "inspections:inspection_list"),
        ("Recommendations", "improvement:recommendation_list"),
        ("Performance", "performance:indicator_list"),
        ("Committee reports", "improvement:report_list"),
    ]
    if is_admin(user):
        names += [
            ("Enter figures", "performance:entry"),
            ("Import figures", "performance:import"),
            ("Administration", "admin:index"),
        ]
    path = request.path
    nav = []
    for label, name in names:
        try:
            url = reverse(name)
        except NoReverseMatch:  # a page not installed in this deployment
            continue
        nav.append({"label": label, "url": url, "current": path == url or (url != "/" and path.startswith(url))})
    return {
        "nav_links": nav,
        "user_role": role_name(user),
        "user_is_admin": is_admin(user),
        "export_choices": [("csv", "CSV"), ("xlsx", "Excel (XLSX)")],
    }
