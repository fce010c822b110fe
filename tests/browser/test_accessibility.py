"""Every page passes axe-core at WCAG 2.2 AA, signed in as a role that sees it, with data on it; in the browser,
no page logs a script error or Content-Security-Policy violation (charts included); charts have a text
alternative."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.security.test_access_matrix import ADMIN, COMMITTEE, EXPECTED, LEAD, OWNER, World, routes_with_rules

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()
# Not HTML pages a person reads in the browser: downloads.
NOT_PAGES = {"improvement:evidence_download", "improvement:report_pdf", "healthz"}


@pytest.fixture
def world(transactional_db, settings, tmp_path):
    storage = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**storage, "OPTIONS": {"location": str(tmp_path)}}}
    return World()


def pages(world):
    """(role, url) for every page: each as admin where the admin sees it, and the pages whose controls differ by
    role also as that role."""
    found = []
    for route in routes_with_rules():
        rule = EXPECTED[route.name]
        if route.name in NOT_PAGES or rule.public:
            continue
        url = reverse(route.name, kwargs=rule.kwargs(world))
        for role in (ADMIN, OWNER, LEAD, COMMITTEE):
            if rule.get.get(role) == 200:
                found.append((role, url))
                break
    found += [
        (OWNER, reverse("improvement:my_actions")),
        (OWNER, reverse("improvement:action_detail", args=[world.action.pk])),
        (LEAD, reverse("improvement:action_detail", args=[world.awaiting.pk])),
        (LEAD, reverse("improvement:priority_detail", args=[world.priority.pk])),
        (COMMITTEE, reverse("home")),
        (COMMITTEE, reverse("improvement:report_detail", args=[world.report.pk])),
        (ADMIN, reverse("improvement:report_detail", args=[world.draft.pk])),
        (
            ADMIN,
            reverse("performance:change_table") + f"?indicators={world.indicator.pk}&old_date=2015-05-31"
            "&new_date=2026-10-31",
        ),
        (
            ADMIN,
            reverse("performance:comparison") + f"?indicator={world.indicator.pk}&authorities="
            f"{world.authority.pk}&start=2015-01-01&end=2026-12-31",
        ),
    ]
    return found


def violations_report(url, results) -> str:
    lines = [f"{url}:"]
    for violation in results.response["violations"]:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


def test_every_page_passes_axe_wcag22_aa(live_server, browser, world, tmp_path):
    problems = []
    contexts = {}
    checked = 0
    for role, url in pages(world):
        if role not in contexts:
            context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
            context.add_cookies([_session_cookie(live_server, world.users[role])])
            contexts[role] = context
        page = contexts[role].new_page()
        errors = []
        page.on("console", lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        response = page.goto(live_server.url + url)
        assert response.status == 200, f"{role} {url}: {response.status}"
        page.wait_for_load_state("networkidle")
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        if results.response["violations"]:
            problems.append(f"[{role}] " + violations_report(url, results))
            page.screenshot(path=str(tmp_path / f"{checked}.png"), full_page=True)
        if errors:
            problems.append(f"[{role}] {url}: browser errors {errors}")
        checked += 1
        page.close()
    for context in contexts.values():
        context.close()
    assert checked >= 30
    assert not problems, "\n".join(problems)


def test_login_and_error_pages_pass_axe(live_server, page, world):
    for url in (reverse("login"), "/no-such-page/"):
        page.goto(live_server.url + url)
        results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
        assert not results.response["violations"], violations_report(url, results)


def test_chart_draws_under_csp_with_a_text_alternative(live_server, strict_page, login, world):
    """strict_page fails the test on any console error, which is how Chromium reports a CSP violation."""
    login(strict_page, live_server, world.committee)
    strict_page.goto(live_server.url + reverse("performance:indicator_detail", args=[world.indicator.code]))
    chart = strict_page.locator(".chart").first
    expect(chart.locator("svg.main-svg").first).to_be_visible(timeout=15000)  # plotly drew it: scripts ran
    # The figure is named by its caption, which says in words what the chart shows.
    caption = strict_page.locator("figure.chart-figure figcaption").first.text_content().strip()
    assert len(caption) > 20, caption
    figure = strict_page.get_by_role("figure", name=caption[:40])
    expect(figure).to_have_count(1)
    # The figures are also in a table beside the chart, for anyone who cannot see it.
    assert strict_page.locator("table").count() >= 1
    spec = json.loads(strict_page.locator("script[type='application/json']").first.text_content())
    assert spec


def _session_cookie(live_server, user):
    from django.conf import settings as django_settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return {"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}
