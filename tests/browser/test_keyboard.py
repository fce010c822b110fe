"""The site works with the keyboard alone: a manager signs in, reaches "My actions" and records an update on an
overdue action without touching the mouse, with the focus always visible."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from improvement.models import Action
from tests import factories

MAX_TABS = 80


def tab_to(page, predicate_js: str, description: str):
    """Press Tab until the focused element satisfies `predicate_js` (a JS expression over `el`)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({predicate_js}); }})()"):
            return
    raise AssertionError(f"{description} cannot be reached with the Tab key")


def focus_is_visible(page) -> bool:
    """The focused element shows a focus indicator (an outline or a box shadow), as WCAG 2.4.7 requires."""
    return page.evaluate(
        """(() => {
            const style = getComputedStyle(document.activeElement);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            return outline || (style.boxShadow && style.boxShadow !== 'none');
        })()"""
    )


def test_manager_updates_an_action_with_the_keyboard_alone(live_server, strict_page):
    page = strict_page
    manager = factories.ManagerFactory(username="kb.manager", first_name="Kim", last_name="Keys")
    today = timezone.localdate()
    action = factories.ActionFactory(
        owner=manager,
        priority=factories.PriorityFactory(lead=manager),
        reference="2.4",
        description="Review every child protection plan open more than two years",
        status=Action.Status.NOT_STARTED,
        progress=0,
        start_date=today - datetime.timedelta(days=90),
        due_date=today - datetime.timedelta(days=3),
    )
    prefix = f"id_action-{action.pk}-"

    page.goto(live_server.url + reverse("login"))
    tab_to(page, "el.name === 'username'", "The username field")
    page.keyboard.type(manager.username)
    page.keyboard.press("Tab")
    page.keyboard.type("a-long-test-password")
    page.keyboard.press("Enter")
    expect(page.locator(".user-name")).to_have_text("Kim Keys")

    tab_to(page, "el.textContent.trim() === 'My actions'", "The 'My actions' link")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My actions", level=1)).to_be_visible()

    tab_to(page, f"el.id === '{prefix}status'", "The action's status")
    assert focus_is_visible(page)
    page.keyboard.press("ArrowDown")  # Not started -> In progress
    expect(page.locator(f"#{prefix}status")).to_have_value(Action.Status.IN_PROGRESS)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"{prefix}progress"
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == f"{prefix}commentary"
    page.keyboard.type("Audit tool agreed; first 20 plans reviewed.")
    tab_to(page, "el.type === 'submit' && el.closest('form.update-form')", "The 'Save update' button")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(page.locator(f"#action-card-{action.pk} [role=status]")).to_contain_text("Saved.")
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.IN_PROGRESS, 40)
    assert action.updates.get().commentary == "Audit tool agreed; first 20 plans reviewed."
