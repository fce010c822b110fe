"""Browser-test harness: pytest-playwright driving Debian's Chromium against pytest-django's live server.

Every test under tests/browser is marked `browser`. Use the `login` fixture to sign in through the real form,
and `strict_page` instead of `page` to fail a test on any console error, uncaught script error or
Content-Security-Policy violation.
"""

import os
from pathlib import Path

import pytest

from tests.browser.helpers import log_in

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Nothing may be downloaded here: the browser is Debian's, never Playwright's own build.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_name():
    # Only Debian's Chromium exists on these machines; `--browser firefox` would try to use a missing build.
    return "chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def login():
    """`login(page, live_server, user)` signs in through the real login form (password from tests/factories.py)."""
    return log_in


def _is_failed_subresource(response) -> bool:
    # The page itself may rightly be a 403 or 404 (a test can check that); the browser's own favicon probe is
    # not the site's concern. Any other failed script, stylesheet, image or fetch is a broken page.
    if response.status < 400 or response.request.resource_type == "document":
        return False
    return not response.url.endswith("/favicon.ico")


@pytest.fixture
def strict_page(page):
    """The `page`, failing the test if the browser reports a console error, an uncaught script error, a
    Content-Security-Policy violation (Chromium reports those as console errors) or a failed sub-resource."""
    problems: list[str] = []

    def on_console(msg):
        # A failed load is reported by on_response with its address; the console line omits it.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(f"console error: {msg.text}")

    def on_response(response):
        if _is_failed_subresource(response):
            problems.append(f"{response.request.resource_type} failed with {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"uncaught script error: {exc}"))
    page.on("response", on_response)
    yield page
    if problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)
